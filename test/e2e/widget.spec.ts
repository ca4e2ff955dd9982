// The widget and the iframe embed, from the plain HTML pages in examples/, served by a static
// server with no special headers (as any host would serve them).
import { expect, test } from "@playwright/test";
import { modelInfo } from "../fixtures/fake-anthropic/models.ts";
import { startFakeAnthropic } from "../fixtures/fake-anthropic/server.ts";
import { streamStep } from "../fixtures/fake-anthropic/sse.ts";
import { collectErrors, screen, startCorsFront, startStaticServer, type RunningServer } from "./app.helpers.ts";

let server: RunningServer;
test.beforeAll(async () => {
  server = await startStaticServer(".");
});
test.afterAll(async () => {
  await server.close();
});

test("examples/widget.html: <code-exec-sandbox> runs its initial code", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${server.url}/examples/widget.html`);
  const widget = page.locator("code-exec-sandbox");
  await expect(widget.getByTestId("status")).toContainText("Ready in", { timeout: 45_000 });
  await expect(widget).toHaveCSS("height", "380px");
  await expect(widget.getByTestId("console-input")).toHaveText("squares = [n * n for n in range(10)]print(sum(squares))");
  await widget.getByTestId("console-run").click();
  const output = widget.getByTestId("console-output");
  await expect(output).toHaveAttribute("data-block", /code_execution_result/, { timeout: 30_000 });
  expect(JSON.parse((await output.getAttribute("data-block"))!)).toEqual({
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_console1",
    content: { type: "code_execution_result", stdout: "285\n", stderr: "", return_code: 0, content: [] },
  });
  await screen(page, "widget");
  expect(errors).toEqual([]);
});

test("examples/iframe.html: embed.html in a frame runs the code from its URL", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${server.url}/examples/iframe.html`);
  const frame = page.frameLocator("iframe");
  await expect(frame.getByTestId("status")).toContainText("Ready in", { timeout: 45_000 });
  await expect(frame.getByTestId("console-mode")).toHaveValue("bash");
  // The example asks for read-only: the code runs but cannot be edited.
  await expect(frame.getByTestId("console-input")).toHaveAttribute("contenteditable", "false");
  await frame.getByTestId("console-run").click();
  const output = frame.getByTestId("console-output");
  await expect(output).toHaveAttribute("data-block", /bash_code_execution_result/, { timeout: 30_000 });
  expect(JSON.parse((await output.getAttribute("data-block"))!)).toEqual({
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_console1",
    content: { type: "bash_code_execution_result", stdout: "hello from the frame\n42\n", stderr: "", return_code: 0, content: [] },
  });
  await screen(page, "iframe");
  expect(errors).toEqual([]);
});

test('<code-exec-sandbox engine="hosted"> talks to the API given by base-url, with the key set from script', async ({ page }) => {
  const errors = collectErrors(page);
  const fake = await startFakeAnthropic();
  const front = await startCorsFront(fake.url);
  fake.models.set("claude-sonnet-5", modelInfo("claude-sonnet-5", { codeExecutionTool: true, programmatic: true }));
  try {
    fake.enqueue(
      streamStep({
        content: [
          { type: "text", text: "Running it.", citations: null },
          { type: "server_tool_use", id: "srvtoolu_w1", name: "bash_code_execution", input: { command: "echo from the widget" } },
          {
            type: "bash_code_execution_tool_result",
            tool_use_id: "srvtoolu_w1",
            content: { type: "bash_code_execution_result", stdout: "from the widget\n", stderr: "", return_code: 0, content: [] },
          },
        ] as never,
        stop_reason: "end_turn",
      }),
    );
    await page.goto(`${server.url}/examples/widget.html`);
    await page.evaluate((baseURL) => {
      const element = document.createElement("code-exec-sandbox");
      element.id = "chat-widget";
      element.setAttribute("engine", "hosted");
      element.setAttribute("base-url", baseURL);
      element.setAttribute("tool-version", "code_execution_20260120");
      element.setAttribute("height", "520");
      (element as HTMLElement & { apiKey: string }).apiKey = "widget-key";
      document.body.append(element);
    }, front.url);
    const widget = page.locator("#chat-widget");
    await widget.getByRole("button", { name: "Chat" }).click();
    await expect(widget.locator("console-panel")).toBeHidden();
    await widget.getByTestId("chat-input").fill("Say hi from bash");
    await widget.getByTestId("chat-send").click();
    await expect(widget.getByTestId("chat-notice").last()).toContainText("Done (end_turn)");
    await expect(widget.getByTestId("exchange").getByTestId("stdout")).toHaveText("from the widget\n");
    expect(fake.requests.find((r) => r.path === "/v1/messages")?.headers.authorization).toBe("Bearer widget-key");
    // The tool-version attribute wins over the model's capabilities (which call for 20260521).
    expect(fake.messageBodies()[0]?.["tools"]).toEqual([{ type: "code_execution_20260120", name: "code_execution" }]);
    // The key never became an attribute of the element.
    expect(await widget.evaluate((el) => el.getAttributeNames().some((name) => /key/i.test(name)))).toBe(false);
    await screen(page, "widget-chat");
    expect(errors).toEqual([]);
  } finally {
    await front.close();
    await fake.close();
  }
});
