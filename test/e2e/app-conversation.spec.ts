// A conversation with the hosted engine against the fake Messages API (the real SDK in the
// page, a real HTTP server on 127.0.0.1): every block type renders, files come from the Files
// API, the transcript exports, imports and replays in the local container.
import { readFileSync } from "node:fs";
import { deflateSync, crc32 } from "node:zlib";
import { expect, test } from "@playwright/test";
import { streamStep } from "../fixtures/fake-anthropic/sse.ts";
import { collectErrors, screen, useFakeApi, waitReady } from "./app.helpers.ts";

/** A small real PNG (a colour gradient), so the inline preview shows something. */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      rows.set([Math.round((255 * x) / width), 120, Math.round((255 * y) / height)], y * (width * 3 + 1) + 1 + x * 3);
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(rows)),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

const CONTAINER = { id: "container_011CPR5CNjB747bTd36fQLFk", expires_at: "2026-12-01T00:00:00Z", skills: null };
const MARKDOWN =
  "Here is **the plan**:\n\n- look at the files\n- draw a chart\n\n```python\nprint('hello')\n```\n\n" +
  '<script>window.__xss = 1</script><a href="javascript:window.__xss=2">a link</a> <span onmouseover="window.__xss=3" style="color: red">hover</span>';

// Every block the conversation view knows, in the shapes the hosted tool sends.
const content = [
  { type: "text", text: MARKDOWN, citations: null },
  { type: "server_tool_use", id: "srvtoolu_e2e_bash", name: "bash_code_execution", input: { command: "ls /nope; echo done" } },
  {
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_e2e_bash",
    content: {
      type: "bash_code_execution_result",
      stdout: "done\n",
      stderr: "ls: cannot access '/nope': No such file or directory\n",
      return_code: 2,
      content: [],
    },
  },
  {
    type: "server_tool_use",
    id: "srvtoolu_e2e_py",
    name: "code_execution",
    input: { code: "import matplotlib.pyplot as plt\nplt.savefig('chart.png')\nprint('saved')" },
  },
  {
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_e2e_py",
    content: {
      type: "code_execution_result",
      stdout: "saved\n",
      stderr: "",
      return_code: 0,
      content: [{ type: "code_execution_output", file_id: "file_e2e_chart" }],
    },
  },
  { type: "server_tool_use", id: "srvtoolu_e2e_csv", name: "bash_code_execution", input: { command: "cp table.csv $OUTPUT_DIR/" } },
  {
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_e2e_csv",
    content: {
      type: "bash_code_execution_result",
      stdout: "",
      stderr: "",
      return_code: 0,
      content: [{ type: "bash_code_execution_output", file_id: "file_e2e_table" }],
    },
  },
  {
    type: "server_tool_use",
    id: "srvtoolu_e2e_create",
    name: "text_editor_code_execution",
    input: { command: "create", path: "/tmp/report.py", file_text: "def mean(xs):\n    return sum(xs) / len(xs)\n" },
  },
  {
    type: "text_editor_code_execution_tool_result",
    tool_use_id: "srvtoolu_e2e_create",
    content: { type: "text_editor_code_execution_create_result", is_file_update: false },
  },
  { type: "server_tool_use", id: "srvtoolu_e2e_view", name: "text_editor_code_execution", input: { command: "view", path: "config.json" } },
  {
    type: "text_editor_code_execution_tool_result",
    tool_use_id: "srvtoolu_e2e_view",
    content: {
      type: "text_editor_code_execution_view_result",
      file_type: "text",
      content: '{\n  "setting": "value",\n  "debug": true\n}',
      num_lines: 4,
      start_line: 1,
      total_lines: 4,
    },
  },
  {
    type: "server_tool_use",
    id: "srvtoolu_e2e_replace",
    name: "text_editor_code_execution",
    input: { command: "str_replace", path: "config.json", old_str: '"debug": true', new_str: '"debug": false' },
  },
  {
    type: "text_editor_code_execution_tool_result",
    tool_use_id: "srvtoolu_e2e_replace",
    content: {
      type: "text_editor_code_execution_str_replace_result",
      old_start: 3,
      old_lines: 1,
      new_start: 3,
      new_lines: 1,
      lines: ['-  "debug": true', '+  "debug": false'],
    },
  },
  {
    type: "server_tool_use",
    id: "srvtoolu_e2e_missing",
    name: "text_editor_code_execution",
    input: { command: "view", path: "missing.txt" },
  },
  {
    type: "text_editor_code_execution_tool_result",
    tool_use_id: "srvtoolu_e2e_missing",
    content: {
      type: "text_editor_code_execution_tool_result_error",
      error_code: "file_not_found",
      error_message: "The file missing.txt does not exist.",
    },
  },
  { type: "server_tool_use", id: "srvtoolu_e2e_slow", name: "bash_code_execution", input: { command: "echo slow" } },
  {
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_e2e_slow",
    content: { type: "bash_code_execution_tool_result_error", error_code: "execution_time_exceeded" },
  },
  { type: "text", text: "All done: the chart is in *chart.png*.", citations: null },
];

const api = useFakeApi();

test("a hosted conversation renders every block type, and its transcript exports, imports and replays offline", async ({ page }) => {
  const errors = collectErrors(page);
  api.fake.addFile({ id: "file_e2e_chart", filename: "chart.png", mime_type: "image/png", data: png(160, 90) });
  api.fake.addFile({
    id: "file_e2e_table",
    filename: "table.csv",
    mime_type: "text/csv",
    data: new TextEncoder().encode("name,score\nada,3\nbob,5\n"),
  });
  api.fake.enqueue(streamStep({ content: content as never, stop_reason: "end_turn", container: CONTAINER }));

  const foreign: string[] = [];
  const app = new URL(test.info().project.use.baseURL!).origin;
  page.on("request", (request) => {
    // Network requests only (blob: URLs are the page's own previews).
    if (/^https?:/.test(request.url()) && new URL(request.url()).origin !== app) foreign.push(request.url());
  });
  // The replay below imports matplotlib. This machine cannot reach Pyodide's public package folder
  // (the app's default source), so packages are off here; test/e2e/packages.spec.ts covers them.
  await page.addInitScript(() => {
    if (window === window.top) localStorage.setItem("code-exec-sandbox:settings", JSON.stringify({ packageSource: "none" }));
  });
  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("tab-settings").click();
  await page.getByTestId("settings-engine").selectOption("hosted");
  await page.getByTestId("settings-api-key").fill("test-key");
  await page.getByTestId("settings-base-url").fill(api.front.url);
  await screen(page, "settings");

  await page.getByTestId("tab-chat").click();
  await page.getByTestId("chat-input").fill("Look at the data and draw a chart.");
  await page.getByTestId("chat-send").click();
  // Text appears while it streams, before the block is complete.
  await expect(page.getByTestId("streaming-text")).toContainText("Here is");
  await expect(page.getByTestId("chat-notice").last()).toHaveText("Done (end_turn) · 10 in / 20 out tokens · 1 request", {
    timeout: 20_000,
  });
  await expect(page.getByTestId("streaming-text")).toHaveCount(0);

  // What went on the wire.
  const [body] = api.fake.messageBodies();
  expect(body?.model).toBe("claude-sonnet-5");
  expect(body?.tools).toEqual([{ type: "code_execution_20250825", name: "code_execution" }]);
  expect(body?.messages).toEqual([{ role: "user", content: "Look at the data and draw a chart." }]);
  // The SDK sends the key as a bearer token, to the API and nowhere else.
  expect(api.fake.requests.map((r) => r.headers.authorization)).toEqual(api.fake.requests.map(() => "Bearer test-key"));
  expect(foreign.filter((url) => !url.startsWith(`${api.front.url}/`))).toEqual([]);
  expect(api.fake.pending()).toBe(0);

  const view = page.getByTestId("conversation");
  await expect(view.getByTestId("user-text")).toHaveText("Look at the data and draw a chart.");
  // Markdown, sanitised.
  const first = view.getByTestId("assistant-text").first();
  await expect(first.locator("strong")).toHaveText("the plan");
  await expect(first.locator("li")).toHaveText(["look at the files", "draw a chart"]);
  await expect(first.locator("pre code .hljs-built_in")).toHaveText("print");
  await expect(first.locator("script")).toHaveCount(0);
  await expect(first.locator("a")).toHaveText("a link");
  expect(await first.locator("a").getAttribute("href")).toBeNull();
  expect(await first.locator("span").filter({ hasText: "hover" }).getAttribute("onmouseover")).toBeNull();
  expect(await first.locator("span").filter({ hasText: "hover" }).getAttribute("style")).toBeNull();
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  await expect(view.getByTestId("assistant-text").last()).toHaveText("All done: the chart is in chart.png.");

  const exchanges = view.getByTestId("exchange");
  await expect(exchanges).toHaveCount(8);
  expect(await exchanges.evaluateAll((els) => els.map((el) => el.getAttribute("data-tool")))).toEqual([
    "bash_code_execution",
    "code_execution",
    "bash_code_execution",
    "text_editor_code_execution",
    "text_editor_code_execution",
    "text_editor_code_execution",
    "text_editor_code_execution",
    "bash_code_execution",
  ]);
  const [bash, python, csv, create, viewed, replaced, missing, slow] = Array.from({ length: 8 }, (_, i) => exchanges.nth(i));
  await expect(bash!.locator("pre.code .hljs-built_in")).toHaveText(["ls", "echo"]);
  await expect(bash!.getByTestId("stdout")).toHaveText("done\n");
  await expect(bash!.getByTestId("stderr")).toHaveText("ls: cannot access '/nope': No such file or directory\n");
  await expect(bash!.getByTestId("return-code")).toHaveText("exit 2");
  await expect(python!.locator("pre.code .hljs-keyword").first()).toHaveText("import");
  await expect(python!.getByTestId("file-name")).toHaveText("chart.png");
  // The picture is drawn on a canvas (no address in the app's origin), at its own size.
  const picture = python!.getByTestId("image-preview");
  await expect(picture).toHaveAttribute("data-state", "drawn");
  expect(await picture.evaluate((canvas: HTMLCanvasElement) => [canvas.width, canvas.height])).toEqual([160, 90]);
  // The gradient's top-left pixel: red 0, green 120, blue 0.
  expect(await picture.evaluate((canvas: HTMLCanvasElement) => [...canvas.getContext("2d")!.getImageData(0, 0, 1, 1).data])).toEqual([
    0, 120, 0, 255,
  ]);
  await expect(csv!.getByTestId("file-name")).toHaveText("table.csv");
  await csv!.getByRole("button", { name: "Preview" }).click();
  await expect(csv!.getByTestId("csv-preview").locator("td")).toHaveText(["ada", "3", "bob", "5"]);
  await expect(create!.locator("header")).toContainText("editor · create/tmp/report.py");
  await expect(create!.getByTestId("create-result")).toHaveText("File created.");
  await expect(viewed!.getByTestId("view-lines").locator(".n")).toHaveText(["1", "2", "3", "4"]);
  await expect(replaced!.getByTestId("diff").locator(".del")).toHaveText(['-  "debug": true']);
  await expect(replaced!.getByTestId("diff").locator(".add")).toHaveText(['+  "debug": false']);
  await expect(replaced!.getByTestId("diff").locator(".hunk")).toHaveText("@@ -3,1 +3,1 @@");
  await expect(missing!.getByTestId("tool-error")).toHaveText("file_not_found — The file missing.txt does not exist.");
  await expect(slow!.getByTestId("tool-error")).toHaveText(
    "execution_time_exceeded — The call ran longer than its time budget and was stopped.",
  );
  await screen(page, "conversation");
  await page.getByTestId("theme-toggle").click();
  await screen(page, "conversation-dark");
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screen(page, "conversation-narrow");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Export, then import the file and replay its calls in the local container.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-transcript").click()]);
  const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
  expect(exported.format).toBe("code-exec-sandbox/transcript");
  expect(exported.container_id).toBe(CONTAINER.id);
  expect(exported.transcript).toEqual([
    { role: "user", content: [{ type: "text", text: "Look at the data and draw a chart." }] },
    { role: "assistant", content },
  ]);

  await page
    .getByTestId("import-transcript")
    .setInputFiles({ name: "saved.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(page.getByTestId("chat-notice")).toHaveText(
    "Imported saved.json: 2 turns. Replay runs its code calls in a new scratch container, or in the open one if you tick the box.",
  );
  await expect(view.getByTestId("exchange")).toHaveCount(8);
  await page.getByTestId("replay-transcript").click();
  await expect(page.getByTestId("replay-summary")).toBeVisible({ timeout: 30_000 });
  const steps = page.getByTestId("replay-step");
  await expect(steps).toHaveCount(8);
  // `ls /nope; echo done` prints the same stdout and stderr locally, but the recording says
  // exit 2 where the list exits with echo's 0; the new file and the missing file answer exactly
  // as recorded.
  await expect(steps.nth(0).getByTestId("replay-local").getByTestId("stdout")).toHaveText("done\n");
  await expect(steps.nth(0).getByTestId("replay-local").getByTestId("return-code")).toHaveText("exit 0");
  await expect(steps.nth(3).getByTestId("replay-local").getByTestId("create-result")).toHaveText("File created.");
  expect(await steps.evaluateAll((els) => els.map((el) => el.getAttribute("data-match")))).toEqual([
    "false",
    "false",
    "false",
    "true",
    "false",
    "false",
    "true",
    "false",
  ]);
  await expect(page.getByTestId("replay-summary")).toHaveText("2 of 8 calls match");
  await screen(page, "replay");
  expect(errors).toEqual([]);
});

test("the local engine: Claude's calls run in the page's container and render like the hosted ones", async ({ page }) => {
  const errors = collectErrors(page);
  api.fake.enqueue(
    streamStep({
      content: [
        { type: "text", text: "I'll write a small table, count it and edit it.", citations: null },
        {
          type: "tool_use",
          id: "toolu_e2e_bash",
          name: "bash",
          input: { command: "printf 'a,b\\n1,2\\n' > t.csv && cp t.csv \"$OUTPUT_DIR/\" && wc -l t.csv" },
        },
        { type: "tool_use", id: "toolu_e2e_py", name: "code_execution", input: { code: "print(open('t.csv').read().count(','))" } },
        {
          type: "tool_use",
          id: "toolu_e2e_edit",
          name: "str_replace_based_edit_tool",
          input: { command: "str_replace", path: "/workspace/t.csv", old_str: "1,2", new_str: "3,4" },
        },
      ] as never,
      stop_reason: "tool_use",
    }),
    streamStep({
      content: [{ type: "text", text: "Done: **t.csv** now holds `3,4`.", citations: null }] as never,
      stop_reason: "end_turn",
    }),
  );

  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("tab-settings").click();
  await page.getByTestId("settings-engine").selectOption("local");
  await page.getByTestId("settings-api-key").fill("test-key");
  await page.getByTestId("settings-base-url").fill(api.front.url);
  await page.getByTestId("tab-chat").click();
  await page.getByTestId("chat-input").fill("Make t.csv");
  await page.getByTestId("chat-input").press("Control+Enter");
  await expect(page.getByTestId("chat-notice").last()).toHaveText("Done (end_turn) · 20 in / 40 out tokens · 2 requests", {
    timeout: 30_000,
  });
  expect(api.fake.pending()).toBe(0);

  const exchanges = page.getByTestId("conversation").getByTestId("exchange");
  await expect(exchanges).toHaveCount(3);
  const [bash, python, edit] = [exchanges.nth(0), exchanges.nth(1), exchanges.nth(2)];
  await expect(bash.getByTestId("stdout")).toHaveText("2 t.csv\n");
  await expect(bash.getByTestId("return-code")).toHaveText("exit 0");
  const chipName = bash.getByTestId("file-name");
  await expect(chipName).toHaveText("t.csv");
  await bash.getByRole("button", { name: "Preview" }).click();
  await expect(bash.getByTestId("csv-preview").locator("td")).toHaveText(["1", "2"]);
  await expect(python.getByTestId("stdout")).toHaveText("2\n");
  await expect(edit.getByTestId("diff").locator(".del")).toHaveText(["-1,2"]);
  await expect(edit.getByTestId("diff").locator(".add")).toHaveText(["+3,4"]);
  await expect(page.getByTestId("assistant-text").last().locator("strong")).toHaveText("t.csv");

  // The model got the real outputs back as tool results.
  const second = api.fake.messageBodies()[1] as { messages: Array<{ role: string; content: unknown }> };
  const results = second.messages.at(-1)!;
  expect(results.role).toBe("user");
  expect((results.content as Array<{ type: string; tool_use_id: string }>).map((b) => [b.type, b.tool_use_id])).toEqual([
    ["tool_result", "toolu_e2e_bash"],
    ["tool_result", "toolu_e2e_py"],
    ["tool_result", "toolu_e2e_edit"],
  ]);
  await screen(page, "conversation-local");

  // The edited file is in the container the console and the file panel use.
  await page.getByTestId("tab-files").click();
  await expect(page.locator('[data-testid="file-row"][data-path="/workspace/t.csv"]')).toBeVisible();
  expect(errors).toEqual([]);
});

test("attached files go up through the Files API and into the turn as container_upload blocks", async ({ page }) => {
  const errors = collectErrors(page);
  api.fake.enqueue(
    streamStep({ content: [{ type: "text", text: "Got it.", citations: null }] as never, stop_reason: "end_turn", container: CONTAINER }),
  );
  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("tab-settings").click();
  await page.getByTestId("settings-engine").selectOption("hosted");
  await page.getByTestId("settings-api-key").fill("test-key");
  await page.getByTestId("settings-base-url").fill(api.front.url);
  await page.getByTestId("tab-chat").click();
  await page.getByTestId("chat-attach").setInputFiles({ name: "data.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") });
  await expect(page.getByTestId("chat-attachment")).toContainText("data.csv");
  await page.getByTestId("chat-input").fill("Summarise the attached file.");
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("chat-notice").last()).toContainText("Done (end_turn)");

  const upload = api.fake.requests.find((r) => r.method === "POST" && r.path === "/v1/files");
  expect((upload?.body as { file: { filename: string } } | undefined)?.file.filename).toBe("data.csv");
  expect(api.fake.messageBodies()[0]?.messages).toEqual([
    {
      role: "user",
      content: [
        { type: "container_upload", file_id: "file_fakeupload001" },
        { type: "text", text: "Summarise the attached file." },
      ],
    },
  ]);
  await expect(page.getByTestId("conversation").getByTestId("upload-note")).toHaveText("uploaded file_fakeupload001");
  await expect(page.getByTestId("chat-attachment")).toHaveCount(0);
  expect(errors).toEqual([]);
});
