// Shell commands stream their output (shell-stream.ts and the node-observer patch of just-bash):
// what reaches the call's stdout and stderr is sent as each command writes it, what goes into a
// pipe, a $(…) or a file is not, and the result block is the same as without streaming.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContainer, type Container } from "code-exec-sandbox";

let container: Container;
beforeAll(async () => {
  container = await createContainer();
});
afterAll(async () => container?.close());

type Chunk = { stream: "stdout" | "stderr"; text: string };
let calls = 0;
async function streamed(command: string, on: Container = container) {
  const chunks: Chunk[] = [];
  const block = await on.execute(
    { type: "server_tool_use", id: `srvtoolu_shellstream${++calls}`, name: "bash_code_execution", input: { command } },
    { onOutput: (chunk) => chunks.push({ ...chunk }) },
  );
  return { chunks, content: block.content as { stdout: string; stderr: string; return_code: number } };
}
const joined = (chunks: Chunk[], stream: string) =>
  chunks
    .filter((c) => c.stream === stream)
    .map((c) => c.text)
    .join("");

describe("streamed shell output", () => {
  it("sends each line of a loop as it is echoed, long before the call ends", async () => {
    const arrivals: number[] = [];
    const chunks: Chunk[] = [];
    const block = await container.execute(
      {
        type: "server_tool_use",
        id: "srvtoolu_shellstream_loop",
        name: "bash_code_execution",
        input: { command: "for i in 1 2 3; do echo line $i; sleep 1; done" },
      },
      {
        onOutput: (chunk) => {
          chunks.push({ ...chunk });
          arrivals.push(Date.now());
        },
      },
    );
    const resolvedAt = Date.now();
    expect(chunks).toEqual([
      { stream: "stdout", text: "line 1\n" },
      { stream: "stdout", text: "line 2\n" },
      { stream: "stdout", text: "line 3\n" },
    ]);
    expect(block.content).toEqual({
      type: "bash_code_execution_result",
      stdout: "line 1\nline 2\nline 3\n",
      stderr: "",
      return_code: 0,
      content: [],
    });
    // Two more seconds of sleep followed the first line: it cannot have come at the end.
    expect(resolvedAt - arrivals[0]!).toBeGreaterThan(1500);
  });

  it("sends stderr as it is written, each stream in the order of its writes", async () => {
    const { chunks, content } = await streamed("echo before; ls /nowhere; echo after >&2; echo last");
    expect(chunks).toEqual([
      { stream: "stdout", text: "before\n" },
      { stream: "stderr", text: content.stderr.slice(0, content.stderr.indexOf("\n") + 1) },
      { stream: "stderr", text: "after\n" },
      { stream: "stdout", text: "last\n" },
    ]);
    expect(content.stderr).toMatch(/^ls: .*nowhere.*\nafter\n$/);
    expect(joined(chunks, "stdout")).toBe(content.stdout);
    expect(joined(chunks, "stderr")).toBe(content.stderr);
  });

  it("does not send what goes into a pipe, a command substitution or a file", async () => {
    const { chunks, content } = await streamed(
      [
        "echo piped | tr a-z A-Z > /dev/null",
        'x=$(echo substituted; echo substituted-err >&2); echo "$x" > /tmp/sub.txt',
        "echo to-file > out.txt",
        "{ echo grouped; echo grouped-too; } > group.txt",
        "for i in 1 2; do echo looped-$i; done | wc -l",
        "cat out.txt group.txt /tmp/sub.txt | sort",
      ].join("\n"),
    );
    expect(content.stdout).toBe("2\ngrouped\ngrouped-too\nsubstituted\nto-file\n");
    expect(content.stderr).toBe("substituted-err\n");
    expect(chunks).toEqual([
      { stream: "stderr", text: "substituted-err\n" },
      { stream: "stdout", text: "2\n" },
      { stream: "stdout", text: "grouped\ngrouped-too\nsubstituted\nto-file\n" },
    ]);
  });

  it("streams each write of python3 run from bash, and not when its stdout is piped or captured", async () => {
    const program =
      "import sys, time\nfor i in range(3):\n    print(f'py {i}', flush=True)\n    time.sleep(0.2)\nprint('oops', file=sys.stderr)";
    await container.execute({
      type: "server_tool_use",
      id: "srvtoolu_shellstream_write",
      name: "text_editor_code_execution",
      input: { command: "create", path: "/workspace/count.py", file_text: program },
    });
    const direct = await streamed("python3 count.py; echo done");
    expect(direct.chunks).toEqual([
      { stream: "stdout", text: "py 0\n" },
      { stream: "stdout", text: "py 1\n" },
      { stream: "stdout", text: "py 2\n" },
      { stream: "stderr", text: "oops\n" },
      { stream: "stdout", text: "done\n" },
    ]);
    expect(direct.content).toMatchObject({ stdout: "py 0\npy 1\npy 2\ndone\n", stderr: "oops\n", return_code: 0 });
    // Its stdout into a pipe: only its stderr is streamed as written; the pipe's reader streams when it ends.
    const piped = await streamed('python3 count.py | tr a-z A-Z; n=$(python3 count.py 2>/dev/null | wc -l); echo "$n lines"');
    expect(piped.chunks).toEqual([
      { stream: "stderr", text: "oops\n" },
      { stream: "stdout", text: "PY 0\nPY 1\nPY 2\n" },
      { stream: "stdout", text: "3 lines\n" },
    ]);
    // 2>&1: both streams in the order they were written, on stdout; to a file: nothing.
    const merged = await streamed("python3 count.py 2>&1; python3 count.py > log.txt 2>&1; python3 -c 'print(1)' >&2");
    expect(merged.chunks).toEqual([
      { stream: "stdout", text: "py 0\n" },
      { stream: "stdout", text: "py 1\n" },
      { stream: "stdout", text: "py 2\n" },
      { stream: "stdout", text: "oops\n" },
      { stream: "stderr", text: "1\n" },
    ]);
    expect(merged.content).toMatchObject({ stdout: "py 0\npy 1\npy 2\noops\n", stderr: "1\n" });
  });

  it("sends a function's, a merged group's and an EXIT trap's output when they end, in the block's order", async () => {
    const { chunks, content } = await streamed(
      "trap 'echo bye' EXIT\nf() { echo in-f; echo f-err >&2; }\nf\n{ echo g-out; echo g-err >&2; } 2>&1\necho last",
    );
    expect(content).toMatchObject({ stdout: "in-f\ng-out\ng-err\nlast\nbye\n", stderr: "f-err\n" });
    expect(chunks).toEqual([
      { stream: "stdout", text: "in-f\n" },
      { stream: "stderr", text: "f-err\n" },
      { stream: "stdout", text: "g-out\ng-err\n" },
      { stream: "stdout", text: "last\n" },
      { stream: "stdout", text: "bye\n" },
    ]);
  });

  it("keeps the block's order under set -x, set -v and time, and sends nothing live once exec moved the shell's fds", async () => {
    const traced = await streamed("set -x; echo a; python3 -c 'import sys; print(1); print(2, file=sys.stderr)'; echo b");
    expect(traced.content).toMatchObject({
      stdout: "a\n1\nb\n",
      stderr: "+ echo a\n+ python3 -c 'import sys; print(1); print(2, file=sys.stderr)'\n2\n+ echo b\n",
    });
    const verbose = await streamed("set -v\necho a\nls /nowhere\necho b");
    const timed = await streamed("time echo a; echo b >&2");
    // Moved, swapped and merged fds: each piece lands on the stream the block has it on.
    const moved = await streamed(
      "{ echo e >&2; echo o; } 3>&1 1>&2 2>&3; ls /nowhere 2>&1 >f1.txt; echo a >&f2.txt; ls /nowhere &> f3.txt; { echo o; echo e >&2; } 2>&1 | cat",
    );
    expect(moved.content).toMatchObject({ stdout: "e\nls: cannot access '/nowhere': No such file or directory\no\ne\n", stderr: "o\n" });
    for (const { chunks, content } of [traced, verbose, timed, moved]) {
      expect(joined(chunks, "stdout")).toBe(content.stdout);
      expect(joined(chunks, "stderr")).toBe(content.stderr);
    }
    expect(verbose.chunks.slice(0, 3)).toEqual([
      { stream: "stderr", text: "echo a\n" },
      { stream: "stdout", text: "a\n" },
      { stream: "stderr", text: "ls /nowhere\n" },
    ]);
    const execed = await streamed("echo shown; exec > moved.txt; echo hidden; python3 -c 'print(5)'; echo err >&2");
    expect(execed.content).toMatchObject({ stdout: "shown\n", stderr: "err\n" });
    expect(execed.chunks).toEqual([
      { stream: "stdout", text: "shown\n" },
      { stream: "stderr", text: "err\n" },
    ]);
  });

  it("stops at the output budget, and sends nothing to a call that did not ask", async () => {
    const small = await createContainer({ limits: { outputBytes: 10 } });
    try {
      await small.execute({
        type: "server_tool_use",
        id: "srvtoolu_shellstream_quiet",
        name: "bash_code_execution",
        input: { command: "echo quiet" },
      });
      const { chunks } = await streamed("for i in 1 2 3; do echo hello; done; python3 -c 'print(\"x\" * 50)'; ls /nowhere", small);
      expect(joined(chunks, "stdout")).toBe("hello\nhell");
      expect(joined(chunks, "stderr")).toBe("ls: cannot");
    } finally {
      await small.close();
    }
  });
});
