// Starting a container in Chromium when one of Pyodide's files cannot be fetched: the page hands
// the files to the sandbox frame after its worker has started, so a failed fetch must still end
// that worker and reject with the file's name and status (not hang), and the next try refetches.
import { expect, test } from "@playwright/test";

test("a runtime file that fails to load rejects createContainer clearly, and the next try loads it", async ({ page }) => {
  let refused = 0;
  await page.route("**/pyodide/python_stdlib.zip", (route) => {
    refused++;
    return route.fulfill({ status: 404, body: "gone" });
  });
  await page.goto("harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  const failed = await page.evaluate(() =>
    window.sandbox.createContainer().then(
      () => "created",
      (error: Error) => error.message,
    ),
  );
  expect(failed).toMatch(/could not load .*\/pyodide\/python_stdlib\.zip: HTTP 404/);
  expect(refused).toBe(1);
  // The failed worker's frame is gone.
  await expect(page.locator('iframe[title="code sandbox"]')).toHaveCount(0);

  await page.unroute("**/pyodide/python_stdlib.zip");
  const ran = await page.evaluate(async () => {
    const container = await window.sandbox.createContainer();
    const result = await container.execute({
      type: "server_tool_use",
      id: "srvtoolu_1",
      name: "bash_code_execution",
      input: { command: "echo back" },
    });
    await container.close();
    return result.content;
  });
  expect(ran).toMatchObject({ stdout: "back\n", return_code: 0 });
});
