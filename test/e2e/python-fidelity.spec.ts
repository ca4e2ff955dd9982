// Python in the Chromium container behaves as on the hosted one: blocking calls that need stack
// switching (time.sleep in a cell, subprocess, os.system) work after the interpreter was restored
// from the snapshot the build made in Node, which has no stack switching.
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

test("time.sleep blocks in a cell and in python3 after a restore from the Node-made snapshot", async ({ page }) => {
  await openContainer(page);
  expect(await page.evaluate(() => (window as unknown as { box: { bootInfo: { snapshot: string } } }).box.bootInfo.snapshot)).toBe("restored");
  const cell = await run(page, "code_execution", "import time\nt = time.monotonic()\ntime.sleep(0.3)\nprint(time.monotonic() - t >= 0.3)");
  expect(cell).toMatchObject({ stdout: "True\n", stderr: "", return_code: 0 });
  const proc = await run(page, "bash_code_execution", "python3 -c 'import time; t = time.monotonic(); time.sleep(0.2); print(time.monotonic() - t >= 0.2)'");
  expect(proc).toMatchObject({ stdout: "True\n", stderr: "", return_code: 0 });
});
