// The app in Debian's Chromium, served by `vite preview` (playwright.config.ts): first open,
// files in and out, the keyboard, the themes, a narrow screen.
import { expect, test } from "@playwright/test";
import { collectErrors, runInConsole, screen, waitReady } from "./app.helpers.ts";

const CSV = "city,temp\nParis,12\nOslo,3\nLima,19\n";

test("first open: a progress bar while Python loads, then print(1+1) runs in the console", async ({ page }) => {
  const errors = collectErrors(page);
  // Slow the biggest runtime file a little so the progress bar is on screen long enough to see.
  await page.route("**/pyodide/pyodide.asm.wasm", async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto("./");
  await expect(page.getByTestId("load-progress")).toBeVisible();
  await expect(page.getByTestId("status")).toContainText("Loading Python");
  await screen(page, "loading");
  await waitReady(page);
  await expect(page.getByTestId("tab-console")).toHaveAttribute("aria-selected", "true");

  const block = await runInConsole(page, "python", "print(1+1)");
  expect(block).toEqual({
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_console1",
    content: { type: "code_execution_result", stdout: "2\n", stderr: "", return_code: 0, content: [] },
  });
  await expect(page.getByTestId("console-output").getByTestId("stdout")).toHaveText("2\n");
  await expect(page.getByTestId("console-output").getByTestId("return-code")).toHaveText("exit 0");
  await screen(page, "first-open");
  expect(errors).toEqual([]);
});

test.describe("a returning visit", () => {
  // Without the service worker, page.route sees the app's own scripts, so one can be slowed down.
  test.use({ serviceWorkers: "block" });

  test("a warm spare stands by after the first open, and a returning visit starts its worker before the UI has loaded", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const sandboxFrames = () => page.locator('iframe[title="code sandbox"]').count();
    await page.goto("./");
    await waitReady(page);
    // The container's worker, then (after a short delay) the spare that would replace it.
    await expect.poll(sandboxFrames, { timeout: 20_000 }).toBe(2);

    // The UI's code now takes 2 s to arrive; Pyodide's files are in Cache Storage since the first visit.
    await page.route("**/assets/sandbox-app-*.js", async (route) => {
      await new Promise((r) => setTimeout(r, 2000));
      await route.continue();
    });
    await page.reload();
    await waitReady(page);
    const timing = await page.evaluate(() => ({
      requested: performance.getEntriesByName("code-exec-sandbox:worker requested")[0]?.startTime ?? Infinity,
      ui: performance.getEntriesByType("resource").find((e) => /sandbox-app-[^/]*\.js$/.test(e.name))?.responseEnd ?? 0,
      bootInfo: (document.querySelector("sandbox-app") as unknown as { session: { container: { bootInfo: unknown } } }).session.container
        .bootInfo,
    }));
    expect(timing.ui).toBeGreaterThan(2000);
    expect(timing.requested).toBeLessThan(timing.ui - 1000);
    expect(timing.bootInfo).toMatchObject({ fromSpare: true, snapshot: "restored" });
    expect(await runInConsole(page, "bash", "echo spare")).toMatchObject({ content: { stdout: "spare\n", return_code: 0 } });
    await expect.poll(sandboxFrames, { timeout: 20_000 }).toBe(2);
    expect(errors).toEqual([]);
  });
});

test("a CSV dropped on the file panel is counted with wc -l, and an output file downloads", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);

  await page.getByTestId("tab-files").click();
  const drop = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], "data.csv", { type: "text/csv" }));
    return data;
  }, CSV);
  await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer: drop });
  const row = page.locator('[data-testid="file-row"][data-path="/workspace/inputs/data.csv"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText("34 B");
  await row.getByRole("button", { name: "Preview data.csv" }).click();
  const table = page.getByTestId("file-preview").getByTestId("csv-preview");
  await expect(table.locator("th")).toHaveText(["city", "temp"]);
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await screen(page, "files-csv-preview");

  await page.getByTestId("tab-console").click();
  expect(await runInConsole(page, "bash", "wc -l inputs/data.csv")).toEqual({
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_console1",
    content: { type: "bash_code_execution_result", stdout: "4 inputs/data.csv\n", stderr: "", return_code: 0, content: [] },
  });

  const block = (await runInConsole(page, "bash", 'sort -t, -k2 -n inputs/data.csv > "$OUTPUT_DIR/sorted.csv"')) as {
    content: { content: Array<{ type: string; file_id: string }> };
  };
  expect(block.content.content).toHaveLength(1);
  const fileId = block.content.content[0]!.file_id;
  expect(block).toEqual({
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_console2",
    content: {
      type: "bash_code_execution_result",
      stdout: "",
      stderr: "",
      return_code: 0,
      content: [{ type: "bash_code_execution_output", file_id: fileId }],
    },
  });
  const chip = page.getByTestId("console-output").getByTestId("file-chip");
  // The container keeps each output's name, so the chip shows it (result blocks carry only ids).
  await expect(chip.getByTestId("file-name")).toHaveText("sorted.csv");
  const [download] = await Promise.all([page.waitForEvent("download"), chip.getByTestId("file-download").click()]);
  expect(download.suggestedFilename()).toBe("sorted.csv");
  const saved = await download.path();
  const { readFileSync } = await import("node:fs");
  expect(readFileSync(saved, "utf8")).toBe("city,temp\nOslo,3\nParis,12\nLima,19\n");
  await chip.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("console-output").getByTestId("csv-preview").locator("tbody tr")).toHaveCount(3);
  await screen(page, "console-output-file");

  // A workspace file downloads from the file panel too, and can be deleted there.
  await page.getByTestId("tab-files").click();
  const [fromPanel] = await Promise.all([page.waitForEvent("download"), row.getByTestId("file-row-download").click()]);
  expect(fromPanel.suggestedFilename()).toBe("data.csv");
  expect(readFileSync(await fromPanel.path(), "utf8")).toBe(CSV);
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Delete data.csv" }).click();
  await expect(row).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("at 360 px wide in the dark theme, the console fits and history recalls a run", async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 360, height: 760 });
  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("sandbox-app")).toHaveAttribute("theme", "dark");

  const block = await runInConsole(page, "python", "for i in range(3):\n    print('row', i)\nimport sys; print('warn', file=sys.stderr)");
  expect(block).toEqual({
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_console1",
    content: { type: "code_execution_result", stdout: "row 0\nrow 1\nrow 2\n", stderr: "warn\n", return_code: 0, content: [] },
  });
  expect(await runInConsole(page, "bash", "exit 3")).toEqual({
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_console2",
    content: { type: "bash_code_execution_result", stdout: "", stderr: "", return_code: 3, content: [] },
  });
  await expect(page.getByTestId("console-output").getByTestId("return-code")).toHaveText("exit 3");
  // Nothing sticks out sideways, on any panel.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screen(page, "narrow-dark");
  for (const tab of ["chat", "files", "containers", "settings"]) {
    await page.getByTestId(`tab-${tab}`).click();
    await expect(page.locator(`#panel-${tab}`)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), tab).toBeLessThanOrEqual(360);
  }
  await screen(page, "narrow-settings");
  await page.getByTestId("tab-console").click();

  // Alt+Up brings back the previous run, in its language.
  await page.getByTestId("console-input").fill("");
  await page.getByTestId("console-input").press("Alt+ArrowUp");
  await expect(page.getByTestId("console-input")).toHaveText("exit 3");
  await expect(page.getByTestId("console-mode")).toHaveValue("bash");
  // The theme choice survives a reload.
  await page.reload();
  await expect(page.locator("sandbox-app")).toHaveAttribute("theme", "dark");
  expect(errors).toEqual([]);
});

test("files survive a reload; the containers panel opens a new container and reopens the old one", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await runInConsole(page, "bash", "mkdir -p notes && echo persisted > notes/keep.txt");
  await page.getByTestId("tab-files").click();
  await page.getByTestId("file-input").setInputFiles({ name: "data.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await expect(page.locator('[data-testid="file-row"][data-path="/workspace/inputs/data.csv"]')).toBeVisible();
  await page.getByTestId("tab-containers").click();
  const first = (await page.getByTestId("container-current").locator(".id").textContent())!;
  expect(first).toMatch(/^container_/);
  await expect(page.getByTestId("container-current")).toContainText("expires in 29 days");

  await page.reload();
  await waitReady(page);
  // The same container comes back, with its files.
  await page.getByTestId("tab-containers").click();
  await expect(page.getByTestId("container-current").locator(".id")).toHaveText(first);
  await page.getByTestId("tab-files").click();
  const paths = () => page.getByTestId("file-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-path")));
  await expect.poll(paths).toEqual(["/workspace/inputs/data.csv", "/workspace/notes/keep.txt"]);
  await page.getByTestId("tab-console").click();
  // The run before the reload is back too, so the next one is the second.
  await expect(page.getByTestId("console-output")).toHaveAttribute("data-tool-use-id", "srvtoolu_console1");
  expect(await runInConsole(page, "bash", "cat notes/keep.txt && wc -l < inputs/data.csv")).toEqual({
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_console2",
    content: { type: "bash_code_execution_result", stdout: "persisted\n4\n", stderr: "", return_code: 0, content: [] },
  });

  // A new container starts empty; the old one is listed and reopens with its files.
  await page.getByTestId("tab-containers").click();
  await page.getByTestId("new-container").click();
  await waitReady(page);
  await expect(page.getByTestId("container-current").locator(".id")).not.toHaveText(first);
  const old = page.locator(`[data-testid="container-item"][data-id="${first}"]`);
  await expect(old).toBeVisible();
  await screen(page, "containers");
  await page.getByTestId("tab-files").click();
  await expect.poll(paths).toEqual([]);
  await page.getByTestId("tab-containers").click();
  await old.getByRole("button", { name: "Open" }).click();
  await waitReady(page);
  await expect(page.getByTestId("container-current").locator(".id")).toHaveText(first);
  await page.getByTestId("tab-files").click();
  await expect.poll(paths).toEqual(["/workspace/inputs/data.csv", "/workspace/notes/keep.txt"]);

  // The empty one can go.
  await page.getByTestId("tab-containers").click();
  const spare = page.getByTestId("container-item");
  await expect(spare).toHaveCount(1);
  page.once("dialog", (dialog) => void dialog.accept());
  await spare.getByRole("button", { name: "Delete" }).click();
  await expect(spare).toHaveCount(0);
  await expect(page.getByTestId("container-current").locator(".id")).toHaveText(first);
  expect(errors).toEqual([]);
});

test("Stop interrupts a runaway loop and the Python session keeps its variables", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await runInConsole(page, "python", "answer = 41");
  await page.getByTestId("console-input").fill("while True:\n    answer = answer");
  await page.getByTestId("console-run").click();
  await expect(page.getByTestId("busy")).toBeVisible();
  await expect(page.getByTestId("console-stop")).toBeEnabled();
  await page.getByTestId("console-stop").click();
  const output = page.getByTestId("console-output");
  await expect(output).toHaveAttribute("data-block", /KeyboardInterrupt/);
  const stopped = JSON.parse((await output.getAttribute("data-block"))!) as { content: { stderr: string } };
  expect(stopped).toEqual({
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_console2",
    content: { type: "code_execution_result", stdout: "", stderr: stopped.content.stderr, return_code: 130, content: [] },
  });
  // Where the loop was when it stopped varies; the traceback always ends the same way.
  expect(stopped.content.stderr).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*\nKeyboardInterrupt\n$/);
  await expect(page.getByTestId("busy")).toHaveCount(0);
  expect(await runInConsole(page, "python", "answer + 1")).toEqual({
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_console3",
    content: { type: "code_execution_result", stdout: "42\n", stderr: "", return_code: 0, content: [] },
  });
  expect(errors).toEqual([]);
});

test("the API key stays in memory, or in this tab's sessionStorage when asked, never in localStorage", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./#settings");
  const key = page.getByTestId("settings-api-key");
  await key.fill("sk-ant-memory-only");
  await page.reload();
  await expect(key).toHaveValue("");

  await page.getByRole("checkbox", { name: "Remember the key until this tab closes (sessionStorage)" }).check();
  await key.fill("sk-ant-this-tab");
  await page.reload();
  await expect(key).toHaveValue("sk-ant-this-tab");
  const stored = await page.evaluate(() => ({
    local: Object.keys(localStorage).map((k) => localStorage.getItem(k)),
    session: Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k)),
  }));
  expect(stored.local.some((value) => value?.includes("sk-ant"))).toBe(false);
  expect(stored.session).toContain("sk-ant-this-tab");

  await page.getByRole("checkbox", { name: "Remember the key until this tab closes (sessionStorage)" }).uncheck();
  expect(await page.evaluate(() => Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k)))).not.toContain("sk-ant-this-tab");
  expect(errors).toEqual([]);
});
