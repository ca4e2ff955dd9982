// Offline and isolation on a plain static host: a server that sends no COOP/COEP headers at
// all. The service worker supplies them (after one reload), caches the app and Pyodide, and
// after the server is gone and the browser is offline the page still reloads and runs code.
import { expect, test } from "@playwright/test";
import { collectErrors, runInConsole, screen, startStaticServer, waitReady, type RunningServer } from "./app.helpers.ts";

let server: RunningServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

test("on a host without isolation headers the page becomes isolated, and after one visit it runs code offline", async ({
  page,
  context,
}) => {
  const errors = collectErrors(page);
  server = await startStaticServer("dist/app");
  const response = await page.goto(`${server.url}/`);
  expect(response?.headers()["cross-origin-embedder-policy"]).toBeUndefined();
  await waitReady(page);
  // The service worker's headers made the (reloaded) page cross-origin isolated.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  expect(await runInConsole(page, "bash", "echo online > seen.txt && cat seen.txt")).toEqual({
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_console1",
    content: { type: "bash_code_execution_result", stdout: "online\n", stderr: "", return_code: 0, content: [] },
  });

  // No server and no network: only the service worker's caches are left.
  await server.close();
  server = null;
  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId("network-status")).toHaveText("offline");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // The run before the reload is back (kept in IndexedDB), so this one is the second.
  await expect(page.getByTestId("console-output")).toHaveAttribute("data-tool-use-id", "srvtoolu_console1");
  expect(await runInConsole(page, "python", "print(open('seen.txt').read().strip(), 6 * 7)")).toEqual({
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_console2",
    content: { type: "code_execution_result", stdout: "online 42\n", stderr: "", return_code: 0, content: [] },
  });
  await screen(page, "offline");
  expect(errors).toEqual([]);
});
