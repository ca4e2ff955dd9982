// What the container says when a call is stopped or hits a guard: a sentence about what happened
// and what was kept, never the name of a setting the reader cannot change; and a Stop during a
// waiting shell command keeps Python's variables.
import "fake-indexeddb/auto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContainer, type LocalContainer } from "code-exec-sandbox";
import { call } from "../fixtures/calls.ts";

let container: LocalContainer;

beforeAll(async () => {
  // A generous budget: the shell's own guards must fire first even on a loaded machine.
  container = await createContainer({ limits: { timeoutMs: 60_000 } });
  await container.execute(call("code_execution", { code: "kept = 'python state'" }));
});
afterAll(async () => container?.close());

describe("Stop during a shell command", () => {
  it("aborts `sleep 100` at once, answers exit 130 and keeps Python's variables", async () => {
    // (What the command printed before the stop has been streamed; the shell drops it on abort.)
    const sleeping = call("bash_code_execution", { command: "echo before; sleep 100; echo after" });
    const started = performance.now();
    const running = container.execute(sleeping);
    await new Promise((r) => setTimeout(r, 400));
    container.interrupt();
    const block = await running;
    const ms = performance.now() - started;
    expect(block).toEqual({
      type: "bash_code_execution_tool_result",
      tool_use_id: sleeping.id,
      content: { type: "bash_code_execution_result", stdout: "", stderr: "^C\n", return_code: 130, content: [] },
    });
    expect(ms).toBeLessThan(2500);
    const after = await container.execute(call("code_execution", { code: "print(kept)" }));
    expect(after.content).toMatchObject({ stdout: "python state\n", return_code: 0 });
  });
});

describe("messages", () => {
  it("a timeout carries a sentence saying what happened and what was kept", async () => {
    const quick = await createContainer({ limits: { timeoutMs: 2000 } });
    try {
      await quick.execute(call("code_execution", { code: "kept = 'python state'" }));
      const slow = call("code_execution", { code: "while True: pass" });
      const block = await quick.execute(slow);
      expect(block.content).toEqual({ type: "code_execution_tool_result_error", error_code: "execution_time_exceeded" });
      expect(quick.errorMessage(slow.id)).toBe(
        "The call ran longer than its time budget of 2 s and was stopped. The files it changed are saved and Python's variables are kept.",
      );
      const after = await quick.execute(call("code_execution", { code: "print(kept)" }));
      expect(after.content).toMatchObject({ stdout: "python state\n" });
    } finally {
      await quick.close();
    }
  });

  it("Python that takes the interrupt but is slow to unwind is waited for, not replaced: its variables are kept", async () => {
    const slowToStop = await createContainer({ limits: { timeoutMs: 2000 } });
    try {
      await slowToStop.execute(call("code_execution", { code: "kept = 'python state'" }));
      // The interrupt is taken at once; the handler then stays busy longer than the grace.
      const slow = call("code_execution", {
        code: "import time\ntry:\n    while True: pass\nexcept KeyboardInterrupt:\n    t = time.time()\n    while time.time() - t < 1.5: pass\n    raise",
      });
      const block = await slowToStop.execute(slow);
      expect(block.content).toEqual({ type: "code_execution_tool_result_error", error_code: "execution_time_exceeded" });
      expect(slowToStop.errorMessage(slow.id)).toBe(
        "The call ran longer than its time budget of 2 s and was stopped. The files it changed are saved and Python's variables are kept.",
      );
      const after = await slowToStop.execute(call("code_execution", { code: "print(kept)" }));
      expect(after.content).toMatchObject({ stdout: "python state\n" });
      expect(slowToStop.bootInfo).toMatchObject({ workers: 1 });
    } finally {
      await slowToStop.close();
    }
  });

  it("a shell guard says what to do instead of naming executionLimits", async () => {
    const block = await container.execute(call("bash_code_execution", { command: "while true; do :; done" }));
    expect(block.content).toEqual({
      type: "bash_code_execution_result",
      stdout: "",
      stderr:
        "bash: too many commands executed (>100000) (the shell stops a script after this many commands, a guard against endless loops; split the work into several calls or loop in Python)\n",
      return_code: 126,
      content: [],
    });
  });
});
