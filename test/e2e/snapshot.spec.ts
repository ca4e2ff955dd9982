// The interpreter's memory snapshot in Chromium: the first worker of a page restores the one the
// build shipped next to Pyodide's files, the page keeps it (in its own IndexedDB, never the sandbox
// frame's), and later workers of the same page and the first worker after a reload restore from it
// and still run code.
import { expect, test, type Page } from "@playwright/test";

async function openHarness(page: Page): Promise<void> {
  await page.goto("harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
}

/** Boots a container, runs Python and bash in it, and answers how it booted. */
function bootAndRun(page: Page, options: { spare: boolean; preload?: boolean }) {
  return page.evaluate(async ({ spare, preload }) => {
    const { createContainer, configureWarmSpare, preloadRuntime } = window.sandbox;
    configureWarmSpare(spare);
    if (preload) await preloadRuntime();
    const container = await createContainer();
    const py = await container.execute({
      type: "server_tool_use",
      id: "srvtoolu_p",
      name: "code_execution",
      input: { code: "import random, os\nprint(os.getcwd(), 6 * 7)\nrandom.random()" },
    });
    const sh = await container.execute({
      type: "server_tool_use",
      id: "srvtoolu_b",
      name: "bash_code_execution",
      input: { command: "echo hi > f.txt && cat f.txt" },
    });
    const info = container.bootInfo;
    await container.close();
    return { info, py: py.content as { stdout: string; return_code: number }, sh: sh.content as { stdout: string } };
  }, options);
}

test("a second container in the page, and the first after a reload, boot from the snapshot", async ({ page }) => {
  await openHarness(page);
  const first = await bootAndRun(page, { spare: false });
  // The build's snapshot (npm run build makes it in Node) restores in Chromium.
  expect(first.info).toMatchObject({ snapshot: "restored", fromSpare: false });
  expect(first.info?.fallbackReason).toBeUndefined();
  expect(first.py.stdout).toMatch(/^\/workspace 42\n0\.\d+\n$/);
  expect(first.sh.stdout).toBe("hi\n");

  const second = await bootAndRun(page, { spare: false });
  expect(second.info).toMatchObject({ snapshot: "restored", fromSpare: false });
  expect(second.info?.fallbackReason).toBeUndefined();
  expect(second.py.stdout).toMatch(/^\/workspace 42\n0\.\d+\n$/);
  expect(second.sh.stdout).toBe("hi\n");
  // `random` is reseeded after a restore.
  expect(second.py.stdout).not.toBe(first.py.stdout);

  // The page kept the snapshot in its IndexedDB: after a reload the first worker restores it.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open("code-exec-sandbox-snapshots");
            open.onsuccess = () => {
              const count = open.result.transaction("snapshots").objectStore("snapshots").count();
              count.onsuccess = () => resolve(count.result);
            };
          }),
      ),
    )
    .toBe(1);
  await openHarness(page);
  const reloaded = await bootAndRun(page, { spare: true });
  expect(reloaded.info).toMatchObject({ snapshot: "restored", fromSpare: false });
  expect(reloaded.sh.stdout).toBe("hi\n");

  // The warm spare is restored from the snapshot too.
  const spare = await bootAndRun(page, { spare: true, preload: true });
  expect(spare.info).toMatchObject({ snapshot: "restored", fromSpare: true });
  expect(spare.py.stdout).toMatch(/^\/workspace 42\n/);
});
