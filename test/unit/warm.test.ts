// The warm spare: one worker per process with its interpreter loaded before anyone asks. A worker
// killed for a runaway call is replaced by it, with the container's files restored into it.
import "fake-indexeddb/auto";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createContainer, preloadRuntime } from "code-exec-sandbox";
import { call } from "../fixtures/calls.ts";

describe("the warm spare worker", () => {
  it("warms up before it is taken, and leaves no trace of it in the container", async () => {
    const probe = "import os, sys\nprint(sorted(sys.modules), os.listdir('/tmp'), sorted(k for k in globals() if not k.startswith('__')))";
    // The first container of this file has no spare: its worker was loaded for it, not warmed.
    const cold = await createContainer();
    expect(cold.bootInfo).toMatchObject({ fromSpare: false, warmedUp: false });
    const coldView = await cold.execute(call("code_execution", { code: probe }));
    await cold.close();
    await preloadRuntime();
    const warm = await createContainer();
    expect(warm.bootInfo).toMatchObject({ fromSpare: true, warmedUp: true });
    const warmView = await warm.execute(call("code_execution", { code: probe }));
    // Same modules, no warm-up folder in /tmp, no warm-up names among the cell's globals.
    expect(warmView.content).toEqual(coldView.content);
    expect(warmView.content).toMatchObject({ stderr: "", return_code: 0 });
    expect((warmView.content as { stdout: string }).stdout).toMatch(/^\['.+'\] \['outputs'\] \['os', 'sys'\]\n$/);
    await warm.close();
  });

  it("replaces a killed worker, and the container's files are back in it", async () => {
    const container = await createContainer({ limits: { timeoutMs: 1500 } });
    expect(container.bootInfo).toMatchObject({ workers: 1 });
    await container.execute(
      call("bash_code_execution", { command: "mkdir -p data && seq 1 500 > data/numbers.txt && echo kept > kept.txt" }),
    );
    await container.execute(call("code_execution", { code: "open('blob.bin', 'wb').write(bytes(range(256)) * 400)" }));
    await preloadRuntime(); // the spare is loaded now

    // A C loop never checks the interrupt: the worker is replaced.
    const killed = await container.execute(call("code_execution", { code: "sum(range(10**11))" }));
    expect(killed.content).toEqual({ type: "code_execution_tool_result_error", error_code: "execution_time_exceeded" });

    const after = await container.execute(
      call("bash_code_execution", {
        command:
          "cat kept.txt && wc -l < data/numbers.txt && python3 -c \"print(open('blob.bin','rb').read() == bytes(range(256)) * 400)\"",
      }),
    );
    expect(after.content).toEqual({
      type: "bash_code_execution_result",
      stdout: "kept\n500\nTrue\n",
      stderr: "",
      return_code: 0,
      content: [],
    });
    expect(container.bootInfo).toMatchObject({ workers: 2, fromSpare: true, snapshot: "restored" });
    await container.close();
  });

  it("is shared: a new container takes the spare, and a new spare follows", async () => {
    await preloadRuntime();
    const a = await createContainer();
    expect(a.bootInfo).toMatchObject({ fromSpare: true });
    await preloadRuntime(); // idempotent: resolves once the next spare is in
    await preloadRuntime();
    const b = await createContainer();
    expect(b.bootInfo).toMatchObject({ fromSpare: true });
    const [ra, rb] = await Promise.all([
      a.execute(call("bash_code_execution", { command: "echo a > who.txt && cat who.txt" })),
      b.execute(call("bash_code_execution", { command: "cat who.txt 2>/dev/null || echo none" })),
    ]);
    expect(ra.content).toMatchObject({ stdout: "a\n" });
    expect(rb.content).toMatchObject({ stdout: "none\n" });
    await Promise.all([a.close(), b.close()]);
  });

  it("keeps a Node process alive while a script awaits the warming spare (built library, its own process)", async () => {
    // Vitest keeps its own process alive, so this runs the built library in a plain node process:
    // a top-level await on preloadRuntime() must not end in "unsettled top-level await" (exit 13).
    const lib = join(process.cwd(), "dist/lib/src/index.js");
    expect(existsSync(lib), "npm run build:lib first").toBe(true);
    const script = `
      const { preloadRuntime, createContainer } = await import(${JSON.stringify(pathToFileURL(lib).href)});
      await preloadRuntime();
      const c = await createContainer();
      console.log(JSON.stringify({ fromSpare: c.bootInfo.fromSpare, warmedUp: c.bootInfo.warmedUp }));
      await c.close();`;
    const dir = mkdtempSync(join(tmpdir(), "warm-spare-"));
    const file = join(dir, "preload.mjs");
    writeFileSync(file, script);
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [file], { timeout: 60_000 }, (error, out) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
      );
    }).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect({ code, stdout }).toEqual({ code: 0, stdout: '{"fromSpare":true,"warmedUp":true}\n' });
  }, 90_000);
});
