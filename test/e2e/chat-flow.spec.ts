// The conversation panel when things are not simple: a failed send keeps the message, a send after
// an import asks whether to continue it, and a replay runs in a scratch container unless asked.
import { expect, test, type Page } from "@playwright/test";
import { streamStep } from "../fixtures/fake-anthropic/sse.ts";
import { collectErrors, runInConsole, screen, useFakeApi, waitReady } from "./app.helpers.ts";

const api = useFakeApi();

async function connect(page: Page, engine = "hosted") {
  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("tab-settings").click();
  await page.getByTestId("settings-engine").selectOption(engine);
  await page.getByTestId("settings-api-key").fill("test-key");
  await page.getByTestId("settings-base-url").fill(api.front.url);
  await page.getByTestId("tab-chat").click();
}

const answer = (text: string) => streamStep({ content: [{ type: "text", text, citations: null }] as never, stop_reason: "end_turn" });

/** A recorded conversation with one bash call that writes a file. */
const RECORDED = {
  format: "code-exec-sandbox/transcript",
  version: 1,
  exported_at: "2026-11-01T00:00:00.000Z",
  engine: "hosted",
  model: "claude-sonnet-5",
  container_id: null,
  transcript: [
    { role: "user", content: [{ type: "text", text: "Write a marker file." }] },
    {
      role: "assistant",
      content: [
        { type: "text", text: "Writing it.", citations: null },
        {
          type: "server_tool_use",
          id: "srvtoolu_rec1",
          name: "bash_code_execution",
          input: { command: "echo replayed > replay-marker.txt && cat replay-marker.txt" },
        },
        {
          type: "bash_code_execution_tool_result",
          tool_use_id: "srvtoolu_rec1",
          content: { type: "bash_code_execution_result", stdout: "replayed\n", stderr: "", return_code: 0, content: [] },
        },
        { type: "text", text: "The marker is written.", citations: null },
      ],
    },
  ],
};

async function importRecorded(page: Page) {
  await page
    .getByTestId("import-transcript")
    .setInputFiles({ name: "recorded.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(RECORDED)) });
  await expect(page.getByTestId("conversation").getByTestId("exchange")).toHaveCount(1);
}

test("a failed send (401) keeps the message in the input with the error next to it", async ({ page }) => {
  const errors = collectErrors(page);
  api.fake.enqueue({ kind: "error", status: 401, type: "authentication_error", message: "invalid x-api-key" }, answer("Hello again."));
  await connect(page);
  await page.getByTestId("chat-input").fill("Please keep this message");
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("chat-send-error")).toContainText("Not sent:");
  await expect(page.getByTestId("chat-send-error")).toContainText("401");
  await expect(page.getByTestId("chat-input")).toHaveValue("Please keep this message");
  await screen(page, "chat-send-failed");
  // Sending again works and clears the error.
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("assistant-text").last()).toHaveText("Hello again.", { timeout: 20_000 });
  await expect(page.getByTestId("chat-send-error")).toHaveCount(0);
  await expect(page.getByTestId("chat-input")).toHaveValue("");
  // The browser logs the failed request itself; nothing else went wrong.
  expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
});

test("sending after an import asks: continuing carries the imported turns, starting fresh does not", async ({ page }) => {
  const errors = collectErrors(page);
  api.fake.enqueue(answer("Continuing."), answer("Fresh start."));
  await connect(page);
  await importRecorded(page);
  await page.getByTestId("chat-input").fill("What did you write?");
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("chat-import-choice")).toBeVisible();
  expect(api.fake.messageBodies()).toHaveLength(0);
  await screen(page, "chat-import-choice");
  await page.getByTestId("chat-continue-imported").click();
  await expect(page.getByTestId("assistant-text").last()).toHaveText("Continuing.", { timeout: 20_000 });
  const continued = api.fake.messageBodies()[0] as { messages: Array<{ role: string; content: Array<{ type: string; text: string }> }> };
  expect(continued.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
  expect(continued.messages[0]!.content).toEqual([{ type: "text", text: "Write a marker file." }]);
  expect(continued.messages[1]!.content[0]!.text).toContain("[Earlier tool call bash_code_execution: ");
  expect(continued.messages[1]!.content[0]!.text).toContain("stdout:\nreplayed\n");
  expect(continued.messages[2]!.content).toEqual("What did you write?");
  // The imported exchange is still shown, followed by the new turns.
  await expect(page.getByTestId("conversation").getByTestId("exchange")).toHaveCount(1);

  // Import again and start fresh: only the new message goes out.
  await importRecorded(page);
  await page.getByTestId("chat-input").fill("New topic");
  await page.getByTestId("chat-send").click();
  await page.getByTestId("chat-start-fresh").click();
  await expect(page.getByTestId("assistant-text").last()).toHaveText("Fresh start.", { timeout: 20_000 });
  const fresh = api.fake.messageBodies()[1] as { messages: Array<{ role: string; content: unknown }> };
  expect(fresh.messages).toEqual([{ role: "user", content: "New topic" }]);
  await expect(page.getByTestId("conversation").getByTestId("exchange")).toHaveCount(0);
  expect(api.fake.pending()).toBe(0);
  expect(errors).toEqual([]);
});

test("replay runs in a new scratch container by default, and in the open one when asked", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("tab-containers").click();
  const current = (await page.getByTestId("container-current").getAttribute("data-id"))!;
  await page.getByTestId("tab-chat").click();
  await importRecorded(page);
  await page.getByTestId("replay-transcript").click();
  await expect(page.getByTestId("replay-summary")).toHaveText("1 of 1 calls match", { timeout: 30_000 });
  const where = (await page.getByTestId("replay-where").textContent())!;
  expect(where).toMatch(/^a new scratch container \(container_\w{24}\)$/);
  expect(where).not.toContain(current);
  // The open container did not get the recording's file.
  await page.getByTestId("tab-console").click();
  expect(await runInConsole(page, "bash", "test -e replay-marker.txt; echo $?")).toMatchObject({
    content: { stdout: "1\n", return_code: 0 },
  });
  // The scratch container is listed, named after the transcript.
  await page.getByTestId("tab-containers").click();
  const scratch = where.match(/container_\w{24}/)![0];
  await expect(page.locator(`[data-testid="container-item"][data-id="${scratch}"]`).getByTestId("container-name")).toHaveValue(
    "Replay of recorded.json",
  );

  // Asked to, the replay uses the open container.
  await page.getByTestId("tab-chat").click();
  await page.getByTestId("replay-use-current").check();
  await page.getByTestId("replay-transcript").click();
  await expect(page.getByTestId("replay-where")).toHaveText(`the open container (${current})`);
  await expect(page.getByTestId("replay-summary")).toHaveText("1 of 1 calls match", { timeout: 30_000 });
  await screen(page, "replay-in-current");
  await page.getByTestId("tab-console").click();
  expect(await runInConsole(page, "bash", "cat replay-marker.txt")).toMatchObject({ content: { stdout: "replayed\n", return_code: 0 } });
  expect(errors).toEqual([]);
});

test("the local engine's chat view shows a call's output while it runs; the block stays the hosted shape", async ({ page }) => {
  const errors = collectErrors(page);
  const code = "import time\nprint('first line', flush=True)\nstart = time.time()\nwhile time.time() - start < 3: pass\nprint('last line')";
  api.fake.enqueue(
    streamStep({
      content: [{ type: "tool_use", id: "toolu_stream", name: "code_execution", input: { code } }] as never,
      stop_reason: "tool_use",
    }),
    answer("Both lines printed."),
  );
  await connect(page, "local");
  await page.getByTestId("chat-input").fill("Print slowly");
  await page.getByTestId("chat-send").click();
  const exchange = page.getByTestId("conversation").getByTestId("exchange");
  // While the call runs: its first line is there, and no result yet.
  await expect(exchange.getByTestId("live-output").getByTestId("stdout")).toHaveText("first line\n", { timeout: 20_000 });
  await expect(exchange.getByTestId("pending")).toBeVisible();
  await screen(page, "chat-local-streaming");
  await expect(page.getByTestId("assistant-text").last()).toHaveText("Both lines printed.", { timeout: 30_000 });
  await expect(exchange.getByTestId("live-output")).toHaveCount(0);
  await expect(exchange.getByTestId("stdout")).toHaveText("first line\nlast line\n");
  expect(errors).toEqual([]);
});
