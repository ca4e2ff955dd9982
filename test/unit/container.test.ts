// The local container through the built package (imported by name, as users do), in a real
// worker_threads worker with Pyodide and just-bash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContainer, type Container, type ToolCall } from "code-exec-sandbox";
import { pureWheel } from "../fixtures/wheel.ts";
import { call } from "../fixtures/calls.ts";

let container: Container;

async function bash(command: string) {
  const c = call("bash_code_execution", { command });
  const block = await container.execute(c);
  expect(block.type).toBe("bash_code_execution_tool_result");
  expect(block.tool_use_id).toBe(c.id);
  if (block.content.type !== "bash_code_execution_result") throw new Error(`not a result: ${JSON.stringify(block)}`);
  return block.content;
}

async function python(code: string) {
  const c = call("code_execution", { code });
  const block = await container.execute(c);
  expect(block.type).toBe("code_execution_tool_result");
  if (block.content.type !== "code_execution_result") throw new Error(`not a result: ${JSON.stringify(block)}`);
  return block.content;
}

const ok = (stdout: string) => ({ type: "bash_code_execution_result", stdout, stderr: "", return_code: 0, content: [] });

beforeAll(async () => {
  container = await createContainer({
    tools: {
      lookup: async (input) => JSON.stringify({ echo: input, answer: 42 }),
      broken: () => {
        throw new Error("database offline");
      },
    },
  });
});
afterAll(async () => container?.close());

describe("container identity", () => {
  it("has a container_ id and expires 30 days from now", () => {
    expect(container.id).toMatch(/^container_[0-9A-Za-z]{24}$/);
    const days = (Date.parse(container.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThanOrEqual(30);
    expect(container.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe("bash_code_execution", () => {
  it("runs the README example with exact stdout, stderr and return_code", async () => {
    expect(await bash("echo hi > a.txt && cat a.txt | wc -c")).toEqual(ok("3\n"));
    expect(await bash(`python3 -c "print(open('a.txt').read())"`)).toEqual(ok("hi\n\n"));
  });

  it("works in /workspace with HOME set there", async () => {
    expect(await bash('pwd; echo "$HOME"; cd /tmp && pwd')).toEqual(ok("/workspace\n/workspace\n/tmp\n"));
    // Shell state does not leak into the next call, as with a fresh bash per call.
    expect(await bash("pwd")).toEqual(ok("/workspace\n"));
  });

  it("supports pipes, redirects, here-docs, && and ||, loops, variables and $?", async () => {
    const script = [
      "n=3",
      'for i in $(seq 1 $n); do echo "line $i"; done > lines.txt',
      "cat <<EOF >> lines.txt",
      "tail $n",
      "EOF",
      "grep -c line lines.txt",
      "false || echo recovered",
      "true && echo chained",
      "ls missing-file 2>/dev/null; echo status=$?",
      'x=$(( n * 7 )); echo "x=$x"',
      "sort -r lines.txt | head -1",
    ].join("\n");
    expect(await bash(script)).toEqual(ok("3\nrecovered\nchained\nstatus=2\nx=21\ntail 3\n"));
  });

  it("reports the exit code of the last command and stderr of failures", async () => {
    expect(await bash("echo out; echo err >&2; exit 7")).toEqual({
      type: "bash_code_execution_result",
      stdout: "out\n",
      stderr: "err\n",
      return_code: 7,
      content: [],
    });
    const missing = await bash("no-such-command --flag");
    expect(missing.return_code).toBe(127);
    expect(missing.stderr).toContain("no-such-command");
  });

  it("keeps indentation in here-docs (Python scripts written from bash)", async () => {
    const result = await bash(
      "cat > prog.py <<'PY'\nimport sys\n\ndef main():\n    if len(sys.argv) > 1:\n        print('args:', sys.argv[1:])\n    return 0\n\nif __name__ == '__main__':\n    sys.exit(main())\nPY\npython3 prog.py alpha beta",
    );
    expect(result).toEqual(ok("args: ['alpha', 'beta']\n"));
  });
});

describe("python3 in the shell", () => {
  it("runs -c with sys.argv and passes sys.exit codes to the shell", async () => {
    expect(await bash("python3 -c 'import sys; print(sys.argv); sys.exit(3)' x y; echo rc=$?")).toEqual(ok("['-c', 'x', 'y']\nrc=3\n"));
    expect(await bash("python -c 'raise SystemExit(\"fatal: bad\")'")).toEqual({
      type: "bash_code_execution_result",
      stdout: "",
      stderr: "fatal: bad\n",
      return_code: 1,
      content: [],
    });
  });

  it("reads the program from - and from piped stdin, and data from pipes", async () => {
    expect(await bash("echo 'print(2 + 3)' | python3 -")).toEqual(ok("5\n"));
    expect(await bash("echo 'print(__name__)' | python3")).toEqual(ok("__main__\n"));
    expect(await bash("printf 'b\\na\\n' | python3 -c 'import sys; print(sorted(sys.stdin.read().split()))'")).toEqual(ok("['a', 'b']\n"));
    expect(await bash("python3 - <<'EOF'\nfor i in range(2):\n    print(i)\nEOF")).toEqual(ok("0\n1\n"));
  });

  it("prints tracebacks without the sandbox's own frames and exits 1", async () => {
    await bash("cat > boom.py <<'EOF'\ndef f():\n    return 1 / 0\n\nf()\nEOF");
    expect(await bash("python3 boom.py")).toEqual({
      type: "bash_code_execution_result",
      stdout: "",
      stderr: [
        "Traceback (most recent call last):",
        '  File "/workspace/boom.py", line 4, in <module>',
        "    f()",
        "    ~^^",
        '  File "/workspace/boom.py", line 2, in f',
        "    return 1 / 0",
        "           ~~^~~",
        "ZeroDivisionError: division by zero",
        "",
      ].join("\n"),
      return_code: 1,
      content: [],
    });
    expect(await bash("python3 -c 'x = (' ; echo rc=$?")).toMatchObject({
      stdout: "rc=1\n",
      stderr: expect.stringMatching(/^ {2}File "<string>", line 1\n[\s\S]*SyntaxError: '\(' was never closed\n$/),
    });
  });

  it("starts every process with a fresh __main__ and sees edits to the user's modules", async () => {
    await bash("echo 'VALUE = 1' > mymod.py");
    expect(await bash("python3 -c 'import mymod; print(mymod.VALUE); leaked = 1'")).toEqual(ok("1\n"));
    await bash("echo 'VALUE = 2' > mymod.py");
    expect(await bash("python3 -c 'import mymod; print(mymod.VALUE); print(\"leaked\" in globals())'")).toEqual(ok("2\nFalse\n"));
  });

  it("ends only the process on os._exit", async () => {
    expect(await bash('python3 -c \'import os; print("bye", flush=True); os._exit(3); print("never")\'; echo after=$?')).toEqual(
      ok("bye\nafter=3\n"),
    );
  });

  it("reports a missing script like CPython", async () => {
    expect(await bash("python3 nope.py")).toEqual({
      type: "bash_code_execution_result",
      stdout: "",
      stderr: "python3: can't open file '/workspace/nope.py': [Errno 2] No such file or directory\n",
      return_code: 2,
      content: [],
    });
  });

  it("passes exported shell variables as os.environ and runs in the shell's cwd", async () => {
    expect(
      await bash("mkdir -p sub && cd sub && export GREETING=hey && python3 -c 'import os; print(os.environ[\"GREETING\"], os.getcwd())'"),
    ).toEqual(ok("hey /workspace/sub\n"));
  });

  it("runs modules with -m", async () => {
    expect(await bash('echo \'{"b": 1, "a": [1, 2]}\' | python3 -m json.tool --sort-keys --indent 1')).toEqual(
      ok('{\n "a": [\n  1,\n  2\n ],\n "b": 1\n}\n'),
    );
  });
});

describe("pip", () => {
  it("installs a local wheel file and the package imports", async () => {
    const wheel = pureWheel("tinypkg", "0.1.0", "def greet(name):\n    return f'hello {name}'\n");
    const { path } = await container.uploadFile(wheel.fileName, wheel.bytes);
    expect(path).toBe("/workspace/inputs/tinypkg-0.1.0-py3-none-any.whl");
    expect(await bash("cd inputs && pip install ./tinypkg-0.1.0-py3-none-any.whl")).toEqual(ok("Successfully installed tinypkg-0.1.0\n"));
    expect(await bash("python3 -c 'import tinypkg; print(tinypkg.greet(\"pip\"))'")).toEqual(ok("hello pip\n"));
    expect((await bash("pip list")).stdout).toContain("tinypkg 0.1.0\n");
  });

  it("says clearly what it cannot install offline", async () => {
    expect(await bash("pip install numpy")).toEqual({
      type: "bash_code_execution_result",
      stdout: "",
      stderr:
        "ERROR: cannot install 'numpy': the sandbox has no network and no package index is configured.\n" +
        "Offline, pip installs wheel files that are in the container: pip install ./numpy-<version>-py3-none-any.whl\n",
      return_code: 1,
      content: [],
    });
    expect((await bash("pip install https://example.com/x.whl")).return_code).toBe(1);
    expect((await bash("pip install ./missing-1.0-py3-none-any.whl")).stderr).toContain("Could not find wheel file");
    expect(
      (await bash("echo x > bad-1.0-cp311-cp311-manylinux_x86_64.whl; pip install ./bad-1.0-cp311-cp311-manylinux_x86_64.whl")).stderr,
    ).toContain("not a supported wheel on this platform");
  });
});

describe("$OUTPUT_DIR", () => {
  it("returns the top-level files of a fresh directory per call, downloadable by file_id", async () => {
    const first = await bash(
      'echo "$OUTPUT_DIR"; printf "a,b\\n1,2\\n" > "$OUTPUT_DIR/table.csv"; mkdir "$OUTPUT_DIR/nested"; echo x > "$OUTPUT_DIR/nested/skip.txt"; python3 -c "import os; open(os.environ[\'OUTPUT_DIR\'] + \'/z.png\', \'wb\').write(bytes([0x89, 0x50, 0x4e, 0x47]))"',
    );
    expect(first.stdout).toBe("/tmp/outputs\n");
    expect(first.content).toHaveLength(2);
    for (const entry of first.content) {
      expect(entry.type).toBe("bash_code_execution_output");
      expect(entry.file_id).toMatch(/^file_[0-9A-Za-z]{24}$/);
    }
    expect(new TextDecoder().decode(await container.downloadFile(first.content[0]!.file_id))).toBe("a,b\n1,2\n");
    expect(Array.from(await container.downloadFile(first.content[1]!.file_id))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(await container.fileMetadata!(first.content[0]!.file_id)).toEqual({
      file_id: first.content[0]!.file_id,
      filename: "table.csv",
      size_bytes: 8,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // The next call starts with an empty directory again.
    expect(await bash('ls -A "$OUTPUT_DIR" | wc -l')).toEqual(ok("0\n"));
  });

  it("rejects an unknown file id", async () => {
    await expect(container.downloadFile("file_doesnotexist")).rejects.toThrow(/unknown file id/);
    await expect(container.fileMetadata!("file_doesnotexist")).rejects.toThrow(/unknown file id/);
  });
});

describe("code_execution", () => {
  it("keeps one namespace across calls and echoes the last expression", async () => {
    expect(await python("counter = 41")).toEqual({ type: "code_execution_result", stdout: "", stderr: "", return_code: 0, content: [] });
    expect(await python("counter += 1\ncounter")).toEqual({
      type: "code_execution_result",
      stdout: "42\n",
      stderr: "",
      return_code: 0,
      content: [],
    });
  });

  it("supports top-level await", async () => {
    expect(await python("import asyncio\nawait asyncio.sleep(0.01)\nprint('slept')")).toMatchObject({ stdout: "slept\n", return_code: 0 });
  });

  it("answers errors as results with a traceback of the cell", async () => {
    expect(await python("def g():\n    raise ValueError('bad value')\ng()")).toEqual({
      type: "code_execution_result",
      stdout: "",
      stderr: [
        "Traceback (most recent call last):",
        '  File "<cell-4>", line 3, in <module>',
        "    g()",
        "    ~^^",
        '  File "<cell-4>", line 2, in g',
        "    raise ValueError('bad value')",
        "ValueError: bad value",
        "",
      ].join("\n"),
      return_code: 1,
      content: [],
    });
  });

  it("returns files left in $OUTPUT_DIR as code_execution_output", async () => {
    const result = await python("import os\nopen(os.path.join(os.environ['OUTPUT_DIR'], 'report.txt'), 'w').write('done')");
    expect(result.content).toEqual([{ type: "code_execution_output", file_id: expect.stringMatching(/^file_/) }]);
    expect(new TextDecoder().decode(await container.downloadFile(result.content[0]!.file_id))).toBe("done");
  });

  it("calls host tools as async functions of one dict returning a string", async () => {
    expect(await python("import json\nr = json.loads(await lookup({'q': 'x'}))\nprint(r['answer'], r['echo'])")).toMatchObject({
      stdout: "42 {'q': 'x'}\n",
      return_code: 0,
    });
    const failed = await python("await broken({})");
    expect(failed.return_code).toBe(1);
    expect(failed.stderr).toMatch(/RuntimeError: tool broken failed: .*database offline/);
  });

  it("answers os._exit in a cell with its status and keeps the interpreter", async () => {
    expect(await python("import os\nos._exit(4)")).toEqual({
      type: "code_execution_result",
      stdout: "",
      stderr: "",
      return_code: 4,
      content: [],
    });
    expect(await python("'still running'")).toMatchObject({ stdout: "'still running'\n", return_code: 0 });
  });

  it("shares files with the shell", async () => {
    await python("open('from_repl.txt', 'w').write('repl wrote this')");
    expect(await bash("cat from_repl.txt")).toEqual(ok("repl wrote this"));
  });
});

describe("text_editor_code_execution in the container", () => {
  it("edits files the shell and Python see", async () => {
    const create = await container.execute(
      call("text_editor_code_execution", { command: "create", path: "notes/todo.md", file_text: "- one\n- two\n" }),
    );
    expect(create.content).toEqual({ type: "text_editor_code_execution_create_result", is_file_update: false });
    const replace = await container.execute(
      call("text_editor_code_execution", { command: "str_replace", path: "notes/todo.md", old_str: "- two", new_str: "- 2" }),
    );
    expect(replace.content).toEqual({
      type: "text_editor_code_execution_str_replace_result",
      old_start: 2,
      old_lines: 1,
      new_start: 2,
      new_lines: 1,
      lines: ["-- two", "+- 2"],
    });
    expect(await bash("cat notes/todo.md")).toEqual(ok("- one\n- 2\n"));
    const viewCall = call("text_editor_code_execution", { command: "view", path: "/workspace/a.txt" });
    const view = await container.execute(viewCall);
    expect(view).toEqual({
      type: "text_editor_code_execution_tool_result",
      tool_use_id: viewCall.id,
      content: {
        type: "text_editor_code_execution_view_result",
        file_type: "text",
        content: "hi",
        num_lines: 1,
        start_line: 1,
        total_lines: 1,
      },
    });
  });
});

describe("a worker that dies", () => {
  it("fails the call with a block, not a hang, and the next call has a new worker with the files", async () => {
    const fragile = await createContainer();
    try {
      await fragile.execute(call("bash_code_execution", { command: "echo kept > k.txt" }));
      // An error thrown out of a timer callback is uncaught in the worker thread: it ends it, as a
      // crash would (Python has no `process` to exit with).
      const crash =
        "import asyncio, js\nfrom pyodide.ffi import create_proxy\njs.setTimeout(create_proxy(lambda: 1 / 0), 0)\nawait asyncio.sleep(30)";
      const died = await fragile.execute(call("code_execution", { code: crash }));
      // The contract's error blocks for Python carry no message, so the sentence goes to stderr.
      expect(died.content).toEqual({
        type: "code_execution_result",
        stdout: "",
        stderr: expect.stringMatching(
          /^\[sandbox: The runtime stopped during this call \(.*ZeroDivisionError.*\) and a new one was started\. The files are as the previous calls saved them; what this call changed, and Python's variables, are lost\.\]\n$/s,
        ),
        return_code: 137,
        content: [],
      });
      const next = await fragile.execute(call("bash_code_execution", { command: "cat k.txt" }));
      expect(next.content).toEqual({ type: "bash_code_execution_result", stdout: "kept\n", stderr: "", return_code: 0, content: [] });
    } finally {
      await fragile.close();
    }
  });
});

describe("bad calls", () => {
  it.each([
    [
      "an unknown sub-tool",
      { type: "server_tool_use", id: "srvtoolu_x", name: "web_search", input: {} },
      "code_execution_tool_result",
      "code_execution_tool_result_error",
    ],
    [
      "bash without a command",
      { type: "server_tool_use", id: "srvtoolu_x", name: "bash_code_execution", input: {} },
      "bash_code_execution_tool_result",
      "bash_code_execution_tool_result_error",
    ],
    [
      "bash with a numeric command",
      { type: "server_tool_use", id: "srvtoolu_x", name: "bash_code_execution", input: { command: 5 } },
      "bash_code_execution_tool_result",
      "bash_code_execution_tool_result_error",
    ],
    [
      "python without code",
      { type: "server_tool_use", id: "srvtoolu_x", name: "code_execution", input: { source: "1" } },
      "code_execution_tool_result",
      "code_execution_tool_result_error",
    ],
    [
      "input that is not an object",
      { type: "server_tool_use", id: "srvtoolu_x", name: "code_execution", input: "print(1)" },
      "code_execution_tool_result",
      "code_execution_tool_result_error",
    ],
  ])("%s answers invalid_tool_input", async (_label, badCall, blockType, errorType) => {
    const block = await container.execute(badCall as ToolCall);
    expect(block).toEqual({ type: blockType, tool_use_id: "srvtoolu_x", content: { type: errorType, error_code: "invalid_tool_input" } });
  });

  it("answers editor input errors with a message", async () => {
    const block = await container.execute({
      type: "server_tool_use",
      id: "srvtoolu_y",
      name: "text_editor_code_execution",
      input: { command: "view" },
    });
    expect(block).toEqual({
      type: "text_editor_code_execution_tool_result",
      tool_use_id: "srvtoolu_y",
      content: {
        type: "text_editor_code_execution_tool_result_error",
        error_code: "invalid_tool_input",
        error_message: 'The view command needs a "path" string.',
      },
    });
  });

  it("never rejects, even for null", async () => {
    await expect(container.execute(null as unknown as ToolCall)).resolves.toMatchObject({ content: { error_code: "invalid_tool_input" } });
  });

  it("refuses upload names that would escape the inputs folder", async () => {
    expect((await container.uploadFile("../../etc/passwd", new Uint8Array([1]))).path).toBe("/workspace/inputs/passwd");
    await expect(container.uploadFile("..", new Uint8Array([1]))).rejects.toThrow(/invalid upload name/);
  });
});
