// Which python commands of a script have their stderr going where their stdout goes (so the
// python command must keep the two streams in one, in order), and how they are marked.
import { Bash } from "just-bash";
import { describe, expect, it } from "vitest";
import { markMergedPythonStderr, MERGED_STDERR_FLAG } from "../../src/worker/merged-stderr.ts";

const M = `${MERGED_STDERR_FLAG}=1 `;
const shell = new Bash();
const mark = (script: string) => markMergedPythonStderr(script, (s) => shell.transform(s).ast);

describe("markMergedPythonStderr", () => {
  it.each([
    ["python3 app.py 2>&1", `${M}python3 app.py 2>&1`],
    ["python3 app.py 2>&1 | tail -3", `${M}python3 app.py 2>&1 | tail -3`],
    ["DEBUG=1 python3 app.py 2>&1", `DEBUG=1 ${M}python3 app.py 2>&1`],
    ["python3 app.py > log.txt 2>&1", `${M}python3 app.py > log.txt 2>&1`],
    ["python3 app.py &> log.txt", `${M}python3 app.py &> log.txt`],
    ["python3 app.py |& grep x", `${M}python3 app.py |& grep x`],
    ["cd d && python -u x.py 2>&1; echo done", `cd d && ${M}python -u x.py 2>&1; echo done`],
    ['for f in *.py; do python3 "$f" 2>&1; done', `for f in *.py; do ${M}python3 "$f" 2>&1; done`],
    [
      "cat <<EOF > x.txt\npython3 in a here-doc\nEOF\npython3 -c 'print(1)' 2>&1",
      `cat <<EOF > x.txt\npython3 in a here-doc\nEOF\n${M}python3 -c 'print(1)' 2>&1`,
    ],
  ])("marks %j", (script, marked) => {
    expect(mark(script)).toBe(marked);
  });

  it.each([
    "python3 app.py",
    "python3 app.py 2>&1 > out.txt", // stderr to the old stdout, stdout to the file: not one place
    "python3 app.py 2> err.txt",
    "echo hi 2>&1; python3 app.py",
    "ls 2>&1 | python3 -c 'import sys; print(sys.stdin.read())'",
    "echo 'python3 x' 2>&1", // a python word that is not a command
    "python3 -c 'print(1)' 2>&1 && echo \"a; python3 b\"", // the words do not match the commands: left as written
    "if then python3 2>&1", // a syntax error is the shell's to report
  ])("leaves %j as written", (script) => {
    expect(mark(script)).toBe(script);
  });
});
