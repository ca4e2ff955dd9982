// Python in the Chromium container: input() and fork/threads as on a non-interactive Linux; and,
// as the interpreter is restored from the snapshot the build made in Node (no stack switching),
// subprocess fails with a clear error there (see src/worker/stack-switching.ts).
import { expect, test, type Page } from "@playwright/test";

type Result = { stdout: string; stderr: string; return_code: number };

async function openContainer(page: Page): Promise<void> {
  await page.goto("harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  await page.evaluate(async () => {
    (window as unknown as { box: unknown }).box = await window.sandbox.createContainer();
  });
}

function run(page: Page, tool: "code_execution" | "bash_code_execution", text: string): Promise<Result> {
  return page.evaluate(
    async ({ tool, text }) => {
      const box = (window as unknown as { box: Awaited<ReturnType<typeof window.sandbox.createContainer>> }).box;
      const input = tool === "code_execution" ? { code: text } : { command: text };
      const block = await box.execute({ type: "server_tool_use", id: "srvtoolu_x", name: tool, input });
      return block.content as unknown as Result;
    },
    { tool, text },
  );
}

test("in Chromium with the build's snapshot, subprocess and os.system fail with an error that says why, never crash", async ({ page }) => {
  await openContainer(page);
  const cell = await run(
    page,
    "code_execution",
    "import os, subprocess\nfor f in (lambda: subprocess.run(['ls']), lambda: os.system('ls')):\n    try:\n        f()\n    except OSError as e:\n        print(e.strerror.split(':')[0])\nprint('alive')",
  );
  expect(cell).toMatchObject({
    stdout: `${"subprocess needs WebAssembly stack switching (JSPI), which this JavaScript engine lacks\n".repeat(2)}alive\n`,
    stderr: "",
    return_code: 0,
  });
  const proc = await run(
    page,
    "bash_code_execution",
    "python3 -c 'import time; t = time.monotonic(); time.sleep(0.2); print(time.monotonic() - t >= 0.2)'",
  );
  expect(proc).toMatchObject({ stdout: "True\n", stderr: "", return_code: 0 });
});

test("input() meets end of file in a cell; fork and threads fail with errors that say why", async ({ page }) => {
  await openContainer(page);
  const cell = await run(
    page,
    "code_execution",
    [
      "import os, threading",
      "try:\n    input()\nexcept EOFError as e:\n    print('EOFError', e)",
      "try:\n    os.fork()\nexcept OSError as e:\n    print(e.strerror)",
      "try:\n    threading.Thread(target=print).start()\nexcept RuntimeError as e:\n    print(e)",
    ].join("\n"),
  );
  expect(cell).toMatchObject({
    stdout:
      "EOFError EOF when reading a line\n" +
      "fork is not available: this container runs Python as a single process (use subprocess to run commands)\n" +
      "can't start new thread: threads are not available in this container (Python runs on one WebAssembly thread)\n",
    stderr: "",
    return_code: 0,
  });
});
