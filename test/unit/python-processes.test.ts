// Python's ways to start processes in the Node container: Node has no WebAssembly stack switching,
// so none of them can wait for the container's shell. Each must fail with an error that says why,
// and none may run anything on the host machine (Emscripten's own system() spawns host processes
// in Node). Also: fork and threads fail clearly, input() meets end of file, time.sleep sleeps.
import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContainer, type Container } from "code-exec-sandbox";

let container: Container;
let n = 0;
const marker = join(tmpdir(), `sandbox-host-escape-${process.pid}-${Date.now()}`);

async function python(code: string) {
  const block = await container.execute({ type: "server_tool_use", id: `srvtoolu_p${++n}`, name: "code_execution", input: { code } });
  if (block.content.type !== "code_execution_result") throw new Error(JSON.stringify(block));
  return block.content;
}

async function bash(command: string) {
  const block = await container.execute({
    type: "server_tool_use",
    id: `srvtoolu_b${++n}`,
    name: "bash_code_execution",
    input: { command },
  });
  if (block.content.type !== "bash_code_execution_result") throw new Error(JSON.stringify(block));
  return block.content;
}

beforeAll(async () => {
  container = await createContainer();
});
afterAll(async () => {
  await container.close();
  rmSync(marker, { force: true });
});

const NO_JSPI = "subprocess needs WebAssembly stack switching (JSPI), which this JavaScript engine lacks";

// Each attempt tries to create the marker file in the HOST's temp folder.
const attempts: Record<string, string> = {
  "os.system": `os.system("touch ${marker}")`,
  "subprocess.run": `subprocess.run(["touch", "${marker}"])`,
  "subprocess.run shell=True": `subprocess.run("touch ${marker}", shell=True)`,
  "subprocess.check_output": `subprocess.check_output("touch ${marker}", shell=True)`,
  "subprocess.call": `subprocess.call(["touch", "${marker}"])`,
  "subprocess.Popen": `subprocess.Popen(["touch", "${marker}"]).wait()`,
  "subprocess.getoutput": `subprocess.getoutput("touch ${marker}")`,
  "os.popen": `os.popen("touch ${marker}").read()`,
  "os.spawnv": `os.spawnv(os.P_WAIT, "/usr/bin/touch", ["touch", "${marker}"])`,
  "os.spawnlp": `os.spawnlp(os.P_WAIT, "touch", "touch", "${marker}")`,
  "os.execv": `os.execv("/usr/bin/touch", ["touch", "${marker}"])`,
  "os.execvp": `os.execvp("touch", ["touch", "${marker}"])`,
  "os.execl": `os.execl("/usr/bin/touch", "touch", "${marker}")`,
};

describe("in Node (no stack switching) Python cannot start processes, and never on the host", () => {
  for (const [name, code] of Object.entries(attempts)) {
    it(`${name} raises a clear OSError in a cell and in python3, and touches nothing on the host`, async () => {
      const cell = await python(
        `import os, subprocess\ntry:\n    ${code}\nexcept OSError as e:\n    print(type(e).__name__, e.errno, e.strerror)`,
      );
      expect(cell.stderr).toBe("");
      expect(cell.stdout).toBe(`OSError 52 ${NO_JSPI}: commands cannot run from Python here; run them with the bash tool instead\n`);
      const proc = await bash(`python3 -c 'import os, subprocess\n${code}'`);
      expect(proc.return_code).toBe(1);
      expect(proc.stderr).toContain(`OSError: [Errno 52] ${NO_JSPI}`);
      expect(existsSync(marker)).toBe(false);
    });
  }

  it("os.fork, os.posix_spawn and threads fail with errors that say why", async () => {
    const result = await python(
      [
        "import os, threading",
        "for f in (os.fork, lambda: os.posix_spawn('/bin/true', ['true'], {})):",
        "    try:\n        f()\n    except OSError as e:\n        print(e.strerror)",
        "try:\n    threading.Thread(target=print).start()\nexcept RuntimeError as e:\n    print(e)",
      ].join("\n"),
    );
    expect(result.stdout).toBe(
      "fork is not available: this container runs Python as a single process (use subprocess to run commands)\n" +
        "posix_spawn is not available here: use subprocess to run commands\n" +
        "can't start new thread: threads are not available in this container (Python runs on one WebAssembly thread)\n",
    );
    expect(existsSync(marker)).toBe(false);
  });
});

describe("the error names the real cause", () => {
  it("an engine with stack switching whose interpreter lacks it (a snapshot's choice not put back) is not blamed", async () => {
    // Registering the shell as an engine with JSPI would: Node's run_sync is the refusing stub,
    // as in an interpreter restored from a snapshot whose choices could not be put back.
    const result = await python(
      [
        "import _sandbox, os",
        "_sandbox.register_shell(_sandbox._shell, True)",
        "try:\n    os.system('true')\nexcept OSError as e:\n    print(e.strerror)",
        "_sandbox.register_shell(_sandbox._shell, False)",
        "try:\n    os.system('true')\nexcept OSError as e:\n    print(e.strerror)",
      ].join("\n"),
    );
    expect(result).toMatchObject({
      stdout:
        "subprocess needs WebAssembly stack switching (JSPI): this JavaScript engine has it, but this interpreter was restored from a memory snapshot made without it; run commands with the bash tool instead\n" +
        `${NO_JSPI}: commands cannot run from Python here; run them with the bash tool instead\n`,
      stderr: "",
      return_code: 0,
    });
  });
});

describe("input() and time.sleep as on a non-interactive Linux container", () => {
  it("input() in a cell meets end of file", async () => {
    const result = await python("try:\n    input('name? ')\nexcept EOFError as e:\n    print('EOFError', repr(str(e)))");
    expect(result).toMatchObject({ stdout: "name? EOFError 'EOF when reading a line'\n", stderr: "", return_code: 0 });
  });

  it("input() in python3 reads piped lines, then meets end of file", async () => {
    const result = await bash(`printf 'ada\\nbob\\n' | python3 -c 'print(input() + "+" + input()); input()'`);
    expect(result.stdout).toBe("ada+bob\n");
    expect(result.stderr).toMatch(/EOFError: EOF when reading a line\n$/);
    expect(result.return_code).toBe(1);
  });

  it("time.sleep waits in a cell and in python3", async () => {
    const cell = await python("import time\nt = time.monotonic()\ntime.sleep(0.2)\nprint(time.monotonic() - t >= 0.2)");
    expect(cell).toMatchObject({ stdout: "True\n", stderr: "", return_code: 0 });
    const proc = await bash("python3 -c 'import time; t = time.monotonic(); time.sleep(0.2); print(time.monotonic() - t >= 0.2)'");
    expect(proc).toMatchObject({ stdout: "True\n", stderr: "", return_code: 0 });
  });
});

describe("python3 is where a Debian container has it", () => {
  it("which, command -v and type find python3, python and pip in /usr/bin; /bin is the same folder", async () => {
    expect(await bash("which python3 python pip; command -v python3; type python")).toMatchObject({
      stdout: "/usr/bin/python3\n/usr/bin/python\n/usr/bin/pip\n/usr/bin/python3\npython is /usr/bin/python\n",
      stderr: "",
      return_code: 0,
    });
    expect(await bash("/usr/bin/python3 -c 'print(1)'; /bin/python -c 'print(2)'; /bin/sh -c 'echo 3'; readlink /bin")).toMatchObject({
      stdout: "1\n2\n3\nusr/bin\n",
      return_code: 0,
    });
  });

  it("shutil.which and sys.executable name /usr/bin/python3, in cells and in python3", async () => {
    const cell = await python("import shutil, sys\nprint(shutil.which('python3'), shutil.which('python'), sys.executable)");
    expect(cell).toMatchObject({ stdout: "/usr/bin/python3 /usr/bin/python /usr/bin/python3\n", stderr: "", return_code: 0 });
    const proc = await bash("python3 -c 'import shutil, sys; print(shutil.which(\"python3\"), sys.executable)'");
    expect(proc).toMatchObject({ stdout: "/usr/bin/python3 /usr/bin/python3\n", stderr: "", return_code: 0 });
  });

  it("cells and the shell share the hosted environment: PATH, HOME, LANG, INPUT_DIR, OUTPUT_DIR", async () => {
    const names = "PATH HOME LANG INPUT_DIR OUTPUT_DIR".split(" ");
    const cell = await python(`import os\nprint(${JSON.stringify(names)})\nfor n in ${JSON.stringify(names)}: print(os.environ.get(n))`);
    const shell = await bash(names.map((n) => `echo "$${n}"`).join("; "));
    expect(shell.stdout).toBe("/usr/local/bin:/usr/bin:/bin\n/workspace\nC.UTF-8\n/workspace/inputs\n/tmp/outputs\n");
    expect(cell.stdout.split("\n").slice(1).join("\n")).toBe(shell.stdout);
  });
});

describe("scripts run by the interpreter their #! line names (patch to just-bash: scripts/patch-just-bash.mjs)", () => {
  it("./tool.py with #!/usr/bin/env python3 gets its argv, stdin and exit code; #!/usr/bin/python3 too", async () => {
    const make = `printf '#!/usr/bin/env python3\\nimport sys\\nprint(sys.argv[1:], sys.stdin.read().strip())\\nsys.exit(4)\\n' > tool.py; chmod +x tool.py`;
    expect(await bash(`${make}; echo piped | ./tool.py a 'b c'; echo rc=$?`)).toMatchObject({
      stdout: "['a', 'b c'] piped\nrc=4\n",
      stderr: "",
      return_code: 0,
    });
    expect(await bash(`printf '#!/usr/bin/python3\\nprint("direct")\\n' > d.py; chmod 755 d.py; ./d.py`)).toMatchObject({
      stdout: "direct\n",
      return_code: 0,
    });
  });

  it("a script without the execute bit is refused as bash refuses it (126), and shell scripts still run as bash", async () => {
    expect(await bash(`printf '#!/usr/bin/env python3\\nprint(1)\\n' > n.py; ./n.py; echo rc=$?`)).toMatchObject({
      stdout: "rc=126\n",
      stderr: "bash: ./n.py: Permission denied\n",
    });
    expect(await bash(`printf '#!/bin/bash\\necho "sh $1"\\n' > s.sh; chmod +x s.sh; ./s.sh x`)).toMatchObject({
      stdout: "sh x\n",
      return_code: 0,
    });
  });

  it("a python script found through PATH runs with python3", async () => {
    const result = await bash(
      `mkdir -p bin; printf '#!/usr/bin/env python3\\nimport sys\\nprint("tool", sys.argv[1])\\n' > bin/tool; chmod +x bin/tool; PATH="$PWD/bin:$PATH" tool z`,
    );
    expect(result).toMatchObject({ stdout: "tool z\n", stderr: "", return_code: 0 });
  });
});

describe("stdout and stderr of python3 in one stream (2>&1) keep CPython's order", () => {
  it("block-buffered stdout: stderr lines and the traceback come first, as from CPython into a pipe", async () => {
    const result = await bash(`python3 -c 'import sys; print("o1"); print("e1", file=sys.stderr); print("o2"); 1/0' 2>&1`);
    expect(result.stdout).toMatch(/^e1\nTraceback \(most recent call last\):\n[\s\S]*ZeroDivisionError: division by zero\no1\no2\n$/);
    expect(result.stderr).toBe("");
  });

  it("-u and PYTHONUNBUFFERED write through: the output is in the order it was written", async () => {
    const code = `import sys; print("o1"); print("e1", file=sys.stderr); print("o2")`;
    expect(await bash(`python3 -u -c '${code}' 2>&1 | cat`)).toMatchObject({ stdout: "o1\ne1\no2\n", stderr: "" });
    expect(await bash(`PYTHONUNBUFFERED=1 python3 -c '${code}' > all.txt 2>&1; cat all.txt`)).toMatchObject({
      stdout: "o1\ne1\no2\n",
      stderr: "",
    });
  });

  it("without 2>&1 the streams stay apart, and 2>&1 >/dev/null keeps only stderr", async () => {
    const code = `import sys; print("o"); print("e", file=sys.stderr)`;
    expect(await bash(`python3 -c '${code}'`)).toMatchObject({ stdout: "o\n", stderr: "e\n" });
    expect(await bash(`python3 -c '${code}' 2>&1 >/dev/null`)).toMatchObject({ stdout: "e\n", stderr: "" });
  });
});

describe("files carry real sizes, times and modes for the shell's stat as for Python's", () => {
  // (New files and folders get 0666/0777: Emscripten's MEMFS applies no umask. Not changed here.)
  it("a folder is 4096 bytes, a file its length, both modified now, with the modes chmod gave them", async () => {
    const result = await bash("mkdir -p d && printf abc > d/f && chmod 750 d && chmod 640 d/f && stat -c '%s %a' d d/f");
    expect(result).toMatchObject({ stdout: "4096 750\n3 640\n", return_code: 0 });
    const times = await bash(
      'python3 -c \'import os, time; print(all(abs(time.time() - os.stat(p).st_mtime) < 60 for p in ("d", "d/f")), os.stat("d").st_size)\'',
    );
    expect(times).toMatchObject({ stdout: "True 4096\n", return_code: 0 });
  });
});
