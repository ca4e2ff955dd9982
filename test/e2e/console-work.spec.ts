// The console as people use it for real work: long output stays readable and bounded, runs and
// the draft survive a reload (with their output files), budgets and timeouts explain themselves,
// Stop during a shell command keeps Python's state, and a 360 px layout keeps its Run button.
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { collectErrors, runInConsole, screen, waitReady } from "./app.helpers.ts";

const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

test("a run printing 10 MB leaves the page short and answering; Expand, Copy and Save as file work", async ({ page, context }) => {
  const errors = collectErrors(page);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("./");
  await waitReady(page);
  const block = (await runInConsole(
    page,
    "python",
    'import sys\nline = "x" * 99 + "\\n"\nfor i in range(100):\n    sys.stdout.write(line * 1000)\nprint("the end")',
  )) as {
    content: { stdout: string };
  };
  // The engine keeps 1 MiB of each stream and says how much it cut.
  expect(block.content.stdout).toMatch(/\[stdout truncated: \d+ of 10000008 bytes not shown \(limit 1048576 bytes\)\]\n$/);
  const output = page.getByTestId("console-output");
  await expect(output.getByTestId("long-output-size")).toContainText("lines ·");
  await expect(output.getByTestId("stdout")).toHaveAttribute("data-collapsed", "true");
  expect(await pageHeight(page)).toBeLessThan(5000);
  await screen(page, "long-output-collapsed");

  // The page answers: typing reaches the editor at once.
  await page.getByTestId("console-input").fill("print('still here')");
  await expect(page.getByTestId("console-input")).toHaveText("print('still here')");

  // Expanded, the text sits in a box of bounded height, and the page stays short.
  await output.getByTestId("long-output-expand").click();
  await expect(output.getByTestId("stdout")).toHaveAttribute("data-collapsed", "false");
  expect(await pageHeight(page)).toBeLessThan(5000);
  const shown = await output.getByTestId("stdout").evaluate((pre) => pre.textContent!.length);
  expect(shown).toBeLessThanOrEqual(256 * 1024);
  await screen(page, "long-output-expanded");

  // Copy puts the whole stream on the clipboard; Save as file downloads all of it.
  await output.getByTestId("long-output-copy").click();
  await expect(output.getByText("Copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(block.content.stdout);
  const download = page.waitForEvent("download");
  await output.getByTestId("long-output-save").click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe("stdout.txt");
  expect(readFileSync((await saved.path())!, "utf8")).toBe(block.content.stdout);

  // And the next run works.
  expect(await runInConsole(page, "python", "print('next')")).toMatchObject({ content: { stdout: "next\n", return_code: 0 } });
  expect(errors).toEqual([]);
});

test("runs, output files and the draft come back after a reload", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  const made = (await runInConsole(
    page,
    "python",
    "import os\nopen(os.environ['OUTPUT_DIR'] + '/report.txt', 'w').write('kept across reloads\\n')\nprint('wrote it')",
  )) as {
    content: { content: Array<{ file_id: string }> };
  };
  const fileId = made.content.content[0]!.file_id;
  expect(fileId).toMatch(/^file_/);
  await runInConsole(page, "bash", "echo second run");
  await page.getByTestId("console-mode").selectOption("python");
  await page.getByTestId("console-input").fill("draft = 'not run yet'");
  // The draft is saved once typing pauses.
  await page.waitForTimeout(1000);

  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId("console-entry")).toHaveCount(1);
  await expect(page.getByTestId("console-entry")).toHaveAttribute("data-tool-use-id", "srvtoolu_console1");
  await expect(page.getByTestId("console-output")).toHaveAttribute("data-tool-use-id", "srvtoolu_console2");
  await expect(page.getByTestId("console-output").getByTestId("stdout")).toHaveText("second run\n");
  await expect(page.getByTestId("console-input")).toHaveText("draft = 'not run yet'");
  await expect(page.getByTestId("console-mode")).toHaveValue("python");
  // The earlier output file is still downloadable from its chip.
  const chip = page.getByTestId("console-entry").getByTestId("file-chip");
  await expect(chip).toContainText("report.txt");
  const download = page.waitForEvent("download");
  await chip.getByTestId("file-download").click();
  expect(readFileSync((await (await download).path())!, "utf8")).toBe("kept across reloads\n");
  await screen(page, "console-restored");
  expect(errors).toEqual([]);
});

test("an invalid budget is refused with a sentence; a timeout says what happened and what was kept", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./#settings");
  const memory = page.getByTestId("settings-limit-memoryBytes");
  await memory.fill("-5");
  await memory.press("Tab");
  await expect(page.getByTestId("settings-limit-problem")).toHaveText(
    "Python's memory must be more than 0; -5 was refused and the previous value is kept.",
  );
  await expect(memory).toHaveAttribute("aria-invalid", "true");
  await expect(memory).toHaveValue("-5");
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem("code-exec-sandbox:settings") ?? "{}").limits ?? {})).toEqual({});
  await memory.fill("5000");
  await memory.press("Tab");
  await expect(page.getByTestId("settings-limit-problem")).toHaveText(
    "Python's memory can be at most 4096 MB, all that WebAssembly can address; 5000 was refused and the previous value is kept.",
  );
  await screen(page, "settings-invalid-budget");
  await memory.fill("512");
  await memory.press("Tab");
  await expect(page.getByTestId("settings-limit-problem")).toHaveCount(0);
  const time = page.getByTestId("settings-limit-timeoutMs");
  await time.fill("2");
  await time.press("Tab");
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem("code-exec-sandbox:settings")!).limits)).toEqual({
    memoryBytes: 512 * 1024 ** 2,
    timeoutMs: 2000,
  });

  // The budgets apply to the next container.
  await page.getByTestId("tab-containers").click();
  await page.getByTestId("new-container").click();
  await waitReady(page);
  await page.getByTestId("tab-console").click();
  await runInConsole(page, "python", "kept = 'yes'");
  const block = await runInConsole(page, "python", "while True: pass");
  expect(block).toMatchObject({ content: { type: "code_execution_tool_result_error", error_code: "execution_time_exceeded" } });
  await expect(page.getByTestId("console-output").getByTestId("tool-error")).toHaveText(
    "execution_time_exceeded — The call ran longer than its time budget of 2 s and was stopped. The files it changed are saved and Python's variables are kept.",
  );
  await screen(page, "timeout-sentence");
  expect(await runInConsole(page, "python", "print(kept)")).toMatchObject({ content: { stdout: "yes\n" } });
  expect(errors).toEqual([]);
});

test("a bash loop guard explains itself without naming a setting the user cannot change", async ({ page }) => {
  await page.goto("./");
  await waitReady(page);
  const block = (await runInConsole(page, "bash", "while true; do :; done")) as { content: { stderr: string } };
  expect(block.content.stderr).not.toContain("executionLimits");
  await expect(page.getByTestId("console-output").getByTestId("stderr")).toContainText(
    "a guard against endless loops; split the work into several calls or loop in Python",
  );
});

test("Stop during `sleep 100` ends the command and keeps Python's variables", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await runInConsole(page, "python", "answer = 42");
  await page.getByTestId("console-mode").selectOption("bash");
  await page.getByTestId("console-input").fill("sleep 100");
  await page.getByTestId("console-run").click();
  await expect(page.getByTestId("console-stop")).toBeEnabled();
  await page.waitForTimeout(300);
  await page.getByTestId("console-stop").click();
  const output = page.getByTestId("console-output");
  await expect(output).toHaveAttribute("data-block", /tool_result/, { timeout: 5000 });
  expect(JSON.parse((await output.getAttribute("data-block"))!)).toMatchObject({
    content: { type: "bash_code_execution_result", stderr: "^C\n", return_code: 130 },
  });
  expect(await runInConsole(page, "python", "print(answer)")).toMatchObject({ content: { stdout: "42\n", return_code: 0 } });
  expect(errors).toEqual([]);
});

test("at 360 px a wide CSV preview neither widens the page nor clips the Run button", async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("./");
  await waitReady(page);
  const header = Array.from({ length: 30 }, (_, i) => `a_rather_long_column_name_${i}`).join(",");
  const row = Array.from({ length: 30 }, (_, i) => `value-number-${i}-with-text`).join(",");
  await runInConsole(
    page,
    "python",
    `import os\nopen(os.environ['OUTPUT_DIR'] + '/wide.csv', 'w').write(${JSON.stringify(`${header}\n${row}\n${row}\n`)})`,
  );
  const chip = page.getByTestId("console-output").getByTestId("file-chip");
  await expect(chip).toContainText("wide.csv");
  await chip.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("console-output").getByTestId("csv-preview")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const run = await page.getByTestId("console-run").boundingBox();
  expect(run!.x).toBeGreaterThanOrEqual(0);
  expect(run!.x + run!.width).toBeLessThanOrEqual(360);
  await screen(page, "console-360-wide-csv");
  expect(errors).toEqual([]);
});

/** Every element matching `selector` in the page, through open shadow roots. */
type SeenLines = Record<string, { printedAt: number; shownAt: number; pending: boolean }>;

/**
 * Notes, each frame, when each "line N at T" (T: the ms it was printed at) first shows in the
 * running call's live output, and whether the call was still pending then (window.seen).
 */
async function watchStreamedLines(page: Page): Promise<void> {
  await page.evaluate(() => {
    // Every element matching `selector`, through open shadow roots.
    const query = (root: ParentNode, selector: string): Element[] => [
      ...root.querySelectorAll(selector),
      ...[...root.querySelectorAll("*")].flatMap((el) => (el.shadowRoot ? query(el.shadowRoot, selector) : [])),
    ];
    const seen: SeenLines = {};
    (window as unknown as { seen: SeenLines }).seen = seen;
    const look = () => {
      const pending = query(document, '[data-testid="pending"]').length > 0;
      for (const box of query(document, '[data-testid="live-output"]')) {
        const text = query(box, "pre")
          .map((pre) => pre.textContent)
          .join("");
        for (const match of text.matchAll(/line (\d) at (\d+)/g))
          seen[match[1]!] ??= { printedAt: Number(match[2]), shownAt: Date.now(), pending };
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
}

/** Runs `source` in the console, screenshots its first streamed line, and answers what was seen once the call ended. */
async function runStreaming(page: Page, mode: "bash" | "python", source: string, screenName: string, resultType: RegExp) {
  await page.getByTestId("console-mode").selectOption(mode);
  await page.getByTestId("console-input").fill(source);
  await page.getByTestId("console-run").click();
  await expect
    .poll(() => page.evaluate(() => Object.keys((window as unknown as { seen: object }).seen).length), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);
  await screen(page, screenName);
  const output = page.getByTestId("console-output");
  await expect(output).toHaveAttribute("data-block", resultType, { timeout: 30_000 });
  const seen = await page.evaluate(() => (window as unknown as { seen: SeenLines }).seen);
  expect(Object.keys(seen).sort()).toEqual(["0", "1", "2", "3"].slice(0, Object.keys(seen).length));
  // The final block is the usual one, with all of the output, and the live view is gone.
  const block = JSON.parse((await output.getAttribute("data-block"))!);
  expect(block.content.stderr).toBe("");
  expect(block.content.stdout).toMatch(/^line 0 at \d+\nline 1 at \d+\nline 2 at \d+\nline 3 at \d+\n$/);
  await expect(output.getByTestId("live-output")).toHaveCount(0);
  return seen;
}

test("output streams: the first line of a cell that prints once a second shows within 300 ms of its print", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  // (time.sleep blocks the worker, so nothing but the stream can bring the line early.)
  await watchStreamedLines(page);
  const seen = await runStreaming(
    page,
    "python",
    "import time\nfor i in range(4):\n    print(f'line {i} at {time.time() * 1000:.0f}', flush=True)\n    time.sleep(1)",
    "streaming-first-line",
    /code_execution_result/,
  );
  const first = seen["0"]!;
  // Shown while the cell still ran (3 more seconds of it), and soon after the print.
  expect(first.pending).toBe(true);
  const lag = first.shownAt - first.printedAt;
  console.log(`first line shown ${lag} ms after its print`);
  expect(lag).toBeLessThan(300);
  expect(errors).toEqual([]);
});

test("shell output streams: each line of a bash loop shows while the loop still runs, within 300 ms of its echo", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await watchStreamedLines(page);
  // The time in ms comes from a $(…) (not streamed itself); echo writes the line right after it.
  // A first run warms that code up, so the lag measured is the stream's, not a cold python3's exit.
  const seen = await runStreaming(
    page,
    "bash",
    `now() { python3 -c 'import time; print(round(time.time() * 1000))'; }\nnow > /dev/null\nfor i in 0 1 2 3; do echo "line $i at $(now)"; sleep 1; done`,
    "streaming-shell-first-line",
    /bash_code_execution_result/,
  );
  const first = seen["0"]!;
  // Shown while the loop still ran (3 more seconds of it), and soon after the echo.
  expect(first.pending).toBe(true);
  const lag = first.shownAt - first.printedAt;
  console.log(
    `shell lines shown ${Object.values(seen)
      .map((s) => s.shownAt - s.printedAt)
      .join(", ")} ms after their echo`,
  );
  expect(lag).toBeLessThan(300);
  expect(seen["1"]?.pending).toBe(true);
  expect(errors).toEqual([]);
});
