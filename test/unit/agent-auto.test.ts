// The auto engine: hosted first, local when the hosted tool is unreachable or unavailable, and a
// pointer to the offline console when no model answers at all.
import type { BetaContentBlock } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { afterEach, describe, expect, test } from "vitest";
import type { ToolCall, ToolResultBlock } from "../../src/container/types.ts";
import { createAgent, type AgentEvent } from "../../src/agent/index.ts";
import { createContainerDouble } from "../fixtures/fake-anthropic/container-double.ts";
import { startFakeAnthropic, type FakeAnthropic, type MessagesStep } from "../fixtures/fake-anthropic/server.ts";
import { messageEvents, streamStep } from "../fixtures/fake-anthropic/sse.ts";

const MODEL = "claude-sonnet-5";
const servers: FakeAnthropic[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A fake whose answer depends on whether the request carries the hosted code execution tool. */
async function fakeWith(hosted: (index: number) => MessagesStep, local: Array<MessagesStep>): Promise<FakeAnthropic> {
  let localIndex = 0;
  const server = await startFakeAnthropic({
    respond: (body, index) => {
      const tools = (body["tools"] ?? []) as Array<{ type?: string }>;
      if (tools.some((tool) => tool.type?.startsWith("code_execution_"))) return hosted(index);
      const step = local[localIndex++];
      if (!step) throw new Error("no local answer scripted");
      return step;
    },
  });
  servers.push(server);
  return server;
}

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const echo = (call: ToolCall): ToolResultBlock => ({
  type: "bash_code_execution_tool_result",
  tool_use_id: call.id,
  content: { type: "bash_code_execution_result", stdout: "hello\n", stderr: "", return_code: 0, content: [] },
});

function isHosted(body: Record<string, unknown>): boolean {
  return ((body["tools"] ?? []) as Array<{ type?: string }>).some((tool) => tool.type === "code_execution_20250825");
}

describe("auto engine", () => {
  test("a network failure of the hosted tool switches to local, says so, and the conversation goes on locally", async () => {
    const fake = await fakeWith(
      () => ({ kind: "reset" }),
      [
        streamStep({
          content: [{ type: "tool_use", id: "toolu_e1", name: "bash", input: { command: "echo hello" } }],
          stop_reason: "tool_use",
        }),
        streamStep({ content: [{ type: "text", text: "It printed hello.", citations: null }], stop_reason: "end_turn" }),
        streamStep({ content: [{ type: "text", text: "Still local.", citations: null }], stop_reason: "end_turn" }),
      ],
    );
    const container = createContainerDouble({ results: [echo] });
    const agent = createAgent({ engine: "auto", apiKey: "test-key", baseURL: fake.url, model: MODEL, maxRetries: 0, container });
    expect(agent.engine).toBe("hosted");

    const events = await collect(agent.send("Say hello with bash"));
    expect(events.filter((event) => event.type !== "text_delta")).toEqual([
      {
        type: "engine",
        engine: "local",
        reason: "The hosted code execution tool could not be reached (Connection error.); code runs locally from now on.",
      },
      {
        type: "block",
        block: { type: "server_tool_use", id: "srvtoolu_e1", name: "bash_code_execution", input: { command: "echo hello" } },
      },
      { type: "block", block: echo(container.calls[0]!) },
      { type: "block", block: { type: "text", text: "It printed hello.", citations: null } },
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 20, output_tokens: 40, requests: 2 } },
    ]);
    expect(agent.engine).toBe("local");
    expect(agent.containerId).toBe("container_localdouble");

    // The next send goes to the local engine directly.
    const next = await collect(agent.send("Again?"));
    expect(next.filter((event) => event.type !== "text_delta")).toEqual([
      { type: "block", block: { type: "text", text: "Still local.", citations: null } },
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 10, output_tokens: 20, requests: 1 } },
    ]);
    expect(fake.messageBodies().map(isHosted)).toEqual([true, false, false, false]);
    // The failed hosted attempt left nothing in the history.
    expect(agent.messages[0]).toEqual({ role: "user", content: "Say hello with bash" });
    expect(agent.messages).toHaveLength(6);
  });

  test("a 400 saying the code execution tool is unavailable switches to local", async () => {
    const fake = await fakeWith(
      () => ({
        kind: "error",
        status: 400,
        type: "invalid_request_error",
        message: "The code execution tool is not available for this model.",
      }),
      [streamStep({ content: [{ type: "text", text: "Local answer.", citations: null }], stop_reason: "end_turn" })],
    );
    const agent = createAgent({
      engine: "auto",
      apiKey: "test-key",
      baseURL: fake.url,
      model: MODEL,
      maxRetries: 0,
      container: createContainerDouble({ results: [] }),
    });
    const events = await collect(agent.send("hi"));
    expect(events.filter((event) => event.type !== "text_delta")).toEqual([
      {
        type: "engine",
        engine: "local",
        reason:
          "The hosted code execution tool is not available (400 invalid_request_error: The code execution tool is not available for this model.); code runs locally from now on.",
      },
      { type: "block", block: { type: "text", text: "Local answer.", citations: null } },
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 10, output_tokens: 20, requests: 1 } },
    ]);
    expect(agent.messages).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: [{ type: "text", text: "Local answer.", citations: null }] },
    ]);
  });

  test("after a switch, the hosted part of the history is sent to the local engine as text", async () => {
    let hostedCalls = 0;
    const hostedTurn: BetaContentBlock[] = [
      { type: "server_tool_use", id: "srvtoolu_h1", name: "bash_code_execution", input: { command: "wc -l data.csv" } },
      {
        type: "bash_code_execution_tool_result",
        tool_use_id: "srvtoolu_h1",
        content: { type: "bash_code_execution_result", stdout: "3 data.csv\n", stderr: "", return_code: 0, content: [] },
      },
      { type: "text", text: "Three lines.", citations: null },
    ];
    const fake = await fakeWith(
      () =>
        hostedCalls++ === 0
          ? streamStep({
              content: hostedTurn,
              stop_reason: "end_turn",
              container: { id: "container_h", expires_at: "2026-01-01T00:00:00Z", skills: null },
            })
          : { kind: "reset" },
      [streamStep({ content: [{ type: "text", text: "Now local.", citations: null }], stop_reason: "end_turn" })],
    );
    const agent = createAgent({
      engine: "auto",
      apiKey: "test-key",
      baseURL: fake.url,
      model: MODEL,
      maxRetries: 0,
      container: createContainerDouble({ results: [] }),
    });
    const upload = await agent.uploadFile("data.csv", new TextEncoder().encode("a\nb\nc\n"));
    await collect(agent.send([{ type: "text", text: "Count the lines." }, upload]));
    expect(agent.containerId).toBe("container_h");
    const events = await collect(agent.send("And now?"));
    expect(events[0]).toMatchObject({ type: "engine", engine: "local" });
    expect(events.at(-1)).toMatchObject({ type: "done", stop_reason: "end_turn" });

    const localBody = fake.messageBodies().at(-1)!;
    expect(localBody["messages"]).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Count the lines." },
          { type: "text", text: "[The user uploaded data.csv to the hosted container.]" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "text", text: '[bash_code_execution ran in the hosted container: {"command":"wc -l data.csv"}]' },
          {
            type: "text",
            text: '[bash_code_execution_tool_result: {"type":"bash_code_execution_result","stdout":"3 data.csv\\n","stderr":"","return_code":0,"content":[]}]',
          },
          { type: "text", text: "Three lines.", citations: null },
        ],
      },
      { role: "user", content: "And now?" },
    ]);
    // The transcript keeps the hosted blocks as they were shown.
    expect(agent.transcript[1]).toEqual({ role: "assistant", content: hostedTurn });
  });

  test("no model reachable at all: the error points to the offline console", async () => {
    const fake = await fakeWith(() => ({ kind: "reset" }), [{ kind: "reset" }]);
    const agent = createAgent({
      engine: "auto",
      apiKey: "test-key",
      baseURL: fake.url,
      model: MODEL,
      maxRetries: 0,
      container: createContainerDouble({ results: [] }),
    });
    expect(await collect(agent.send("hi"))).toEqual([
      {
        type: "engine",
        engine: "local",
        reason: "The hosted code execution tool could not be reached (Connection error.); code runs locally from now on.",
      },
      {
        type: "error",
        message: `No model is reachable at ${fake.url} (Connection error.). The offline console still runs code locally without a model.`,
        retryable: true,
      },
    ]);
    expect(agent.messages).toEqual([]);
    expect(agent.transcript).toEqual([]);
  });

  test("nothing listening on the port: the hosted engine's error also points to the offline console", async () => {
    const gone = await startFakeAnthropic();
    await gone.close();
    const agent = createAgent({ engine: "hosted", apiKey: "test-key", baseURL: gone.url, model: MODEL, maxRetries: 0 });
    expect(await collect(agent.send("hi"))).toEqual([
      {
        type: "error",
        message: `No model is reachable at ${gone.url} (Connection error.). The offline console still runs code locally without a model.`,
        retryable: true,
      },
    ]);
  });

  test("without a local container, auto keeps the hosted failure", async () => {
    const fake = await fakeWith(() => ({ kind: "reset" }), []);
    const agent = createAgent({ engine: "auto", apiKey: "test-key", baseURL: fake.url, model: MODEL, maxRetries: 0 });
    expect(await collect(agent.send("hi"))).toEqual([
      {
        type: "error",
        message: `No model is reachable at ${fake.url} (Connection error.). The offline console still runs code locally without a model.`,
        retryable: true,
      },
    ]);
    expect(agent.engine).toBe("hosted");
  });

  test("a drop after output arrived does not switch engines: the work would be shown twice", async () => {
    const content: BetaContentBlock[] = [{ type: "text", text: "Partial answer that breaks.", citations: null }];
    const fake = await fakeWith(() => ({ kind: "stream", events: messageEvents({ content, stop_reason: "end_turn" }), dropAfter: 3 }), []);
    const agent = createAgent({
      engine: "auto",
      apiKey: "test-key",
      baseURL: fake.url,
      model: MODEL,
      maxRetries: 0,
      container: createContainerDouble({ results: [] }),
    });
    expect(await collect(agent.send("hi"))).toEqual([
      { type: "text_delta", text: "Partial" },
      {
        type: "error",
        message: "The connection dropped before the answer was complete (terminated). Send again to retry.",
        retryable: true,
      },
    ]);
    expect(agent.engine).toBe("hosted");
  });

  test("an upload that cannot reach the Files API lands in the local container, and the next send reports the switch", async () => {
    const gone = await startFakeAnthropic();
    await gone.close();
    const container = createContainerDouble({ results: [] });
    const agent = createAgent({ engine: "auto", apiKey: "test-key", baseURL: gone.url, model: MODEL, maxRetries: 0, container });
    const upload = await agent.uploadFile("notes.txt", new TextEncoder().encode("hi"));
    expect(upload).toEqual({ type: "container_upload", file_id: "file_local001" });
    expect(agent.engine).toBe("local");
    const events = await collect(agent.send([upload]));
    expect(events).toEqual([
      {
        type: "engine",
        engine: "local",
        reason: "The Files API could not be reached (Connection error.); code runs locally from now on.",
      },
      {
        type: "error",
        message: `No model is reachable at ${gone.url} (Connection error.). The offline console still runs code locally without a model.`,
        retryable: true,
      },
    ]);
  });
});
