// The hosted engine against a fake Messages API, through the real SDK.
import type { BetaContentBlock, BetaMessageParam } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { describe, expect, test } from "vitest";
import { createAgent, type AgentEvent, type AgentOptions } from "../../src/agent/index.ts";
import type { FakeAnthropic } from "../fixtures/fake-anthropic/server.ts";
import { useFakeAnthropic } from "../fixtures/fake-anthropic/lifecycle.ts";
import { messageEvents, streamStep } from "../fixtures/fake-anthropic/sse.ts";

let fake: FakeAnthropic;
useFakeAnthropic((started) => (fake = started));

const MODEL = "claude-sonnet-5";
const CODE_TOOL = { type: "code_execution_20250825", name: "code_execution" };
const CONTAINER = { id: "container_011CPR5CNjB747bTd36fQLFk", expires_at: "2026-01-01T00:00:00Z", skills: null };

function hostedAgent(extra: Partial<AgentOptions> = {}) {
  return createAgent({ engine: "hosted", apiKey: "test-key", baseURL: fake.url, model: MODEL, maxRetries: 0, ...extra });
}

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** Everything but the text deltas, whose split depends on the fake's chunking. */
function withoutDeltas(events: AgentEvent[]): AgentEvent[] {
  return events.filter((event) => event.type !== "text_delta");
}

function deltaText(events: AgentEvent[]): string {
  return events.map((event) => (event.type === "text_delta" ? event.text : "")).join("");
}

function blocks(content: BetaContentBlock[]): AgentEvent[] {
  return content.map((block) => ({ type: "block", block }));
}

// The bash example of the tool's documentation.
const lsTurn: BetaContentBlock[] = [
  { type: "text", text: "I'll list the files.", citations: null },
  { type: "server_tool_use", id: "srvtoolu_01B3C4D5E6F7G8H9I0J1K2L3", name: "bash_code_execution", input: { command: "ls -la | head -5" } },
  {
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_01B3C4D5E6F7G8H9I0J1K2L3",
    content: { type: "bash_code_execution_result", stdout: "total 24\n...", stderr: "", return_code: 0, content: [] },
  },
  { type: "text", text: "There are a few files.", citations: null },
];

describe("hosted engine", () => {
  test("multi-turn conversation reuses its container: the 2nd request carries the container id", async () => {
    const second: BetaContentBlock[] = [{ type: "text", text: "Same container, same files.", citations: null }];
    fake.enqueue(
      streamStep({ content: lsTurn, stop_reason: "end_turn", container: CONTAINER }),
      streamStep({ content: second, stop_reason: "end_turn", container: CONTAINER }),
    );
    const agent = hostedAgent();

    const first = await collect(agent.send("List the files"));
    expect(deltaText(first)).toBe("I'll list the files.There are a few files.");
    expect(withoutDeltas(first)).toEqual([
      ...blocks(lsTurn),
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 10, output_tokens: 20, requests: 1 } },
    ]);
    expect(agent.containerId).toBe(CONTAINER.id);

    const next = await collect(agent.send("Are they still there?"));
    expect(withoutDeltas(next)).toEqual([
      ...blocks(second),
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 10, output_tokens: 20, requests: 1 } },
    ]);

    const bodies = fake.messageBodies();
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toEqual({
      model: MODEL,
      max_tokens: 8192,
      messages: [{ role: "user", content: "List the files" }],
      tools: [CODE_TOOL],
      stream: true,
    });
    const history: BetaMessageParam[] = [
      { role: "user", content: "List the files" },
      { role: "assistant", content: lsTurn },
      { role: "user", content: "Are they still there?" },
    ];
    expect(bodies[1]).toEqual({
      model: MODEL,
      max_tokens: 8192,
      messages: history,
      tools: [CODE_TOOL],
      container: CONTAINER.id,
      stream: true,
    });
    expect(agent.messages).toEqual([...history, { role: "assistant", content: second }]);
    expect(agent.transcript).toEqual([
      { role: "user", content: [{ type: "text", text: "List the files" }] },
      { role: "assistant", content: lsTurn },
      { role: "user", content: [{ type: "text", text: "Are they still there?" }] },
      { role: "assistant", content: second },
    ]);
  });

  test("a hosted container id passed in options is sent from the first request", async () => {
    fake.enqueue(streamStep({ content: [{ type: "text", text: "ok", citations: null }], stop_reason: "end_turn", container: CONTAINER }));
    const agent = hostedAgent({ container: CONTAINER.id, system: "Be brief.", maxTokens: 100, toolVersion: "code_execution_20260120" });
    expect(agent.containerId).toBe(CONTAINER.id);
    await collect(agent.send("hi"));
    expect(fake.messageBodies()).toEqual([
      {
        model: MODEL,
        max_tokens: 100,
        system: "Be brief.",
        messages: [{ role: "user", content: "hi" }],
        tools: [{ type: "code_execution_20260120", name: "code_execution" }],
        container: CONTAINER.id,
        stream: true,
      },
    ]);
  });

  test("two pause_turns in a row: the paused content is resent unchanged, with no extra user message", async () => {
    const paused1: BetaContentBlock[] = [
      { type: "text", text: "Starting the analysis.", citations: null },
      { type: "server_tool_use", id: "srvtoolu_xyz789", name: "bash_code_execution", input: { command: "python analyze.py" } },
    ];
    const paused2: BetaContentBlock[] = [
      {
        type: "bash_code_execution_tool_result",
        tool_use_id: "srvtoolu_xyz789",
        content: { type: "bash_code_execution_result", stdout: "rows: 1200\n", stderr: "", return_code: 0, content: [] },
      },
      { type: "text", text: "Halfway there.", citations: null },
    ];
    const final: BetaContentBlock[] = [{ type: "text", text: "Finished.", citations: null }];
    fake.enqueue(
      streamStep({ content: paused1, stop_reason: "pause_turn", container: CONTAINER }),
      streamStep({ content: paused2, stop_reason: "pause_turn", container: CONTAINER }),
      streamStep({ content: final, stop_reason: "end_turn", container: CONTAINER }),
    );
    const agent = hostedAgent();
    const events = await collect(agent.send("Analyse the data"));

    expect(withoutDeltas(events)).toEqual([
      ...blocks(paused1),
      ...blocks(paused2),
      ...blocks(final),
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 30, output_tokens: 60, requests: 3 } },
    ]);
    const bodies = fake.messageBodies();
    expect(bodies.map((body) => body["messages"])).toEqual([
      [{ role: "user", content: "Analyse the data" }],
      [
        { role: "user", content: "Analyse the data" },
        { role: "assistant", content: paused1 },
      ],
      [
        { role: "user", content: "Analyse the data" },
        { role: "assistant", content: paused1 },
        { role: "assistant", content: paused2 },
      ],
    ]);
    expect(bodies.map((body) => body["container"])).toEqual([undefined, CONTAINER.id, CONTAINER.id]);
    expect(bodies.map((body) => body["tools"])).toEqual([[CODE_TOOL], [CODE_TOOL], [CODE_TOOL]]);
    // The display merges the continuations into one assistant turn.
    expect(agent.transcript).toEqual([
      { role: "user", content: [{ type: "text", text: "Analyse the data" }] },
      { role: "assistant", content: [...paused1, ...paused2, ...final] },
    ]);
  });

  test("pause_turn continuations are bounded at 10 per send", async () => {
    const paused: BetaContentBlock[] = [{ type: "text", text: "Still working.", citations: null }];
    for (let i = 0; i < 11; i++) fake.enqueue(streamStep({ content: paused, stop_reason: "pause_turn", container: CONTAINER }));
    const agent = hostedAgent();
    const events = await collect(agent.send("Long job"));
    expect(fake.messageBodies()).toHaveLength(11);
    expect(events.at(-1)).toEqual({
      type: "done",
      stop_reason: "pause_turn",
      usage: { input_tokens: 110, output_tokens: 220, requests: 11 },
    });
    expect(fake.messageBodies()[10]?.["messages"]).toEqual([
      { role: "user", content: "Long job" },
      ...Array.from({ length: 10 }, () => ({ role: "assistant", content: paused })),
    ]);
  });

  test("an output file is downloaded through the Files API and offered as a file event", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    fake.addFile({ id: "file_011CNha8iCJcU1wXNR6q4V8w", filename: "plot.png", mime_type: "image/png", data: png });
    const content: BetaContentBlock[] = [
      { type: "server_tool_use", id: "srvtoolu_plot", name: "bash_code_execution", input: { command: "python plot.py" } },
      {
        type: "bash_code_execution_tool_result",
        tool_use_id: "srvtoolu_plot",
        content: {
          type: "bash_code_execution_result",
          stdout: "saved\n",
          stderr: "",
          return_code: 0,
          content: [{ type: "bash_code_execution_output", file_id: "file_011CNha8iCJcU1wXNR6q4V8w" }],
        },
      },
      { type: "text", text: "Here is the plot.", citations: null },
    ];
    fake.enqueue(streamStep({ content, stop_reason: "end_turn", container: CONTAINER }));
    const agent = hostedAgent();
    const events = await collect(agent.send("Plot it"));

    expect(withoutDeltas(events)).toEqual([
      ...blocks(content),
      { type: "file", file_id: "file_011CNha8iCJcU1wXNR6q4V8w", name: "plot.png", data: png },
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 10, output_tokens: 20, requests: 1 } },
    ]);
    // The other GET is the agent's one Models API lookup (see agent-parity.test.ts).
    expect(fake.requests.filter((r) => r.method === "GET" && r.path.startsWith("/v1/files")).map((r) => r.path)).toEqual([
      "/v1/files/file_011CNha8iCJcU1wXNR6q4V8w",
      "/v1/files/file_011CNha8iCJcU1wXNR6q4V8w/content",
    ]);
    expect(await agent.downloadFile("file_011CNha8iCJcU1wXNR6q4V8w")).toEqual(png);
  });

  test("a file that cannot be fetched is reported and the turn still completes", async () => {
    const content: BetaContentBlock[] = [
      { type: "server_tool_use", id: "srvtoolu_gone", name: "bash_code_execution", input: { command: "cp a $OUTPUT_DIR/" } },
      {
        type: "bash_code_execution_tool_result",
        tool_use_id: "srvtoolu_gone",
        content: {
          type: "bash_code_execution_result",
          stdout: "",
          stderr: "",
          return_code: 0,
          content: [{ type: "bash_code_execution_output", file_id: "file_missing" }],
        },
      },
    ];
    fake.enqueue(streamStep({ content, stop_reason: "end_turn", container: CONTAINER }));
    const events = await collect(hostedAgent().send("Copy it"));
    expect(events.slice(-2)).toEqual([
      { type: "file_error", file_id: "file_missing", message: "404 not_found_error: File not found." },
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 10, output_tokens: 20, requests: 1 } },
    ]);
  });

  test("an upload goes through the Files API and is sent as a container_upload block", async () => {
    fake.enqueue(
      streamStep({ content: [{ type: "text", text: "Got it.", citations: null }], stop_reason: "end_turn", container: CONTAINER }),
    );
    const agent = hostedAgent();
    const csv = new TextEncoder().encode("a,b\n1,2\n");
    const upload = await agent.uploadFile("data.csv", csv);
    expect(upload).toEqual({ type: "container_upload", file_id: "file_fakeupload001" });
    const post = fake.requests.find((r) => r.method === "POST" && r.path === "/v1/files");
    expect(post?.body).toEqual({ file: { filename: "data.csv", type: "application/octet-stream", data: csv } });

    await collect(agent.send([{ type: "text", text: "Analyse this file." }, upload]));
    expect(fake.messageBodies()[0]?.["messages"]).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Analyse this file." },
          { type: "container_upload", file_id: "file_fakeupload001" },
        ],
      },
    ]);
  });

  test("a programmatic tool call is answered by the handler in a tool_result-only user turn with the container id", async () => {
    const received: Array<Record<string, unknown>> = [];
    const rows = '[{"customer_id": "C1", "revenue": 45000}]';
    const queryTool = {
      name: "query_database",
      description: "Execute a SQL query. Returns a list of rows as JSON objects.",
      input_schema: { type: "object" as const, properties: { sql: { type: "string" } }, required: ["sql"] },
      handler: (input: Record<string, unknown>) => {
        received.push(input);
        return rows;
      },
      callableFromCode: true,
    };
    // The programmatic tool calling example of the documentation.
    const paused: BetaContentBlock[] = [
      { type: "text", text: "I'll query the purchase history and analyze the results.", citations: null },
      {
        type: "server_tool_use",
        id: "srvtoolu_abc123",
        name: "code_execution",
        input: { code: "import json\n\nrows = json.loads(await query_database({'sql': '<sql>'}))\nprint('Top 5 customers:', rows)" },
      },
      {
        type: "tool_use",
        id: "toolu_def456",
        name: "query_database",
        input: { sql: "<sql>" },
        caller: { type: "code_execution_20260120", tool_id: "srvtoolu_abc123" },
      },
    ];
    const completion: BetaContentBlock[] = [
      {
        type: "code_execution_tool_result",
        tool_use_id: "srvtoolu_abc123",
        content: { type: "code_execution_result", stdout: "Top 5 customers: [...]", stderr: "", return_code: 0, content: [] },
      },
      { type: "text", text: "C1 is the top customer.", citations: null },
    ];
    const ptcContainer = { id: "container_xyz789", expires_at: "2026-01-20T14:30:00Z", skills: null };
    fake.enqueue(
      streamStep({ content: paused, stop_reason: "tool_use", container: ptcContainer }),
      streamStep({ content: completion, stop_reason: "end_turn", container: ptcContainer }),
    );
    const agent = hostedAgent({ toolVersion: "code_execution_20260120", tools: [queryTool] });
    const events = await collect(agent.send("Who are the top customers?"));

    const toolResult = { type: "tool_result", tool_use_id: "toolu_def456", content: rows };
    expect(received).toEqual([{ sql: "<sql>" }]);
    expect(withoutDeltas(events)).toEqual([
      ...blocks(paused),
      { type: "block", block: toolResult },
      ...blocks(completion),
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 20, output_tokens: 40, requests: 2 } },
    ]);
    const tools = [
      { type: "code_execution_20260120", name: "code_execution" },
      {
        name: "query_database",
        description: "Execute a SQL query. Returns a list of rows as JSON objects.",
        input_schema: { type: "object", properties: { sql: { type: "string" } }, required: ["sql"] },
        allowed_callers: ["direct", "code_execution_20260120"],
      },
    ];
    const bodies = fake.messageBodies();
    expect(bodies[0]?.["tools"]).toEqual(tools);
    expect(bodies[1]).toEqual({
      model: MODEL,
      max_tokens: 8192,
      messages: [
        { role: "user", content: "Who are the top customers?" },
        { role: "assistant", content: paused },
        { role: "user", content: [toolResult] },
      ],
      tools,
      container: "container_xyz789",
      stream: true,
    });
  });

  test("a handler that throws answers with is_error and the conversation continues", async () => {
    const failing = {
      name: "lookup",
      input_schema: { type: "object" as const, properties: {} },
      handler: () => {
        throw new Error("Query timeout - table lock exceeded 30 seconds");
      },
      // With code_execution_20250825 the tool stays direct-only: no allowed_callers is sent.
      callableFromCode: true,
    };
    fake.enqueue(
      streamStep({
        content: [{ type: "tool_use", id: "toolu_1", name: "lookup", input: {}, caller: { type: "direct" } }],
        stop_reason: "tool_use",
      }),
      streamStep({ content: [{ type: "text", text: "The lookup failed.", citations: null }], stop_reason: "end_turn" }),
    );
    const agent = hostedAgent({ tools: [failing] });
    const events = await collect(agent.send("Look it up"));
    expect(events.at(-1)).toMatchObject({ type: "done", stop_reason: "end_turn" });
    expect(fake.messageBodies()[1]?.["messages"]).toEqual([
      { role: "user", content: "Look it up" },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "lookup", input: {}, caller: { type: "direct" } }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: "Error: Query timeout - table lock exceeded 30 seconds", is_error: true },
        ],
      },
    ]);
    expect(fake.messageBodies()[0]?.["tools"]).toEqual([CODE_TOOL, { name: "lookup", input_schema: { type: "object", properties: {} } }]);
  });

  test("rounds of tool calls are bounded at 25 per send", async () => {
    const ping = { name: "ping", input_schema: { type: "object" as const }, handler: () => "pong" };
    for (let i = 0; i < 26; i++) {
      fake.enqueue(streamStep({ content: [{ type: "tool_use", id: `toolu_p${i}`, name: "ping", input: {} }], stop_reason: "tool_use" }));
    }
    const agent = hostedAgent({ tools: [ping] });
    const events = await collect(agent.send("ping forever"));
    expect(events.at(-1)).toEqual({
      type: "error",
      message: "Claude asked for tools more than 25 times in one turn, so the turn was stopped and not kept. Ask for smaller steps.",
      retryable: false,
    });
    expect(fake.messageBodies()).toHaveLength(26);
    expect(agent.messages).toEqual([]);
  });

  test("a tool error result block is passed through unchanged", async () => {
    const content: BetaContentBlock[] = [
      { type: "server_tool_use", id: "srvtoolu_01VfmxgZ46TiHbmXgy928hQR", name: "bash_code_execution", input: { command: "ls" } },
      {
        type: "bash_code_execution_tool_result",
        tool_use_id: "srvtoolu_01VfmxgZ46TiHbmXgy928hQR",
        content: { type: "bash_code_execution_tool_result_error", error_code: "unavailable" },
      },
      {
        type: "text_editor_code_execution_tool_result",
        tool_use_id: "srvtoolu_01VfmxgZ46TiHbmXgy928hQR",
        content: {
          type: "text_editor_code_execution_tool_result_error",
          error_code: "file_not_found",
          error_message: "File not found: config.json",
        },
      },
      { type: "text", text: "The tool is unavailable right now.", citations: null },
    ];
    fake.enqueue(streamStep({ content, stop_reason: "end_turn", container: CONTAINER }));
    const agent = hostedAgent();
    const events = await collect(agent.send("ls"));
    expect(withoutDeltas(events)).toEqual([
      ...blocks(content),
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 10, output_tokens: 20, requests: 1 } },
    ]);
    expect(agent.messages[1]).toEqual({ role: "assistant", content });
  });

  test("a 429 is retried by the SDK and the turn then succeeds", async () => {
    fake.enqueue(
      // retry-after 0 alone makes the SDK fall back to its own backoff (~0.5 s); retry-after-ms keeps the test fast.
      {
        kind: "error",
        status: 429,
        type: "rate_limit_error",
        message: "Rate limited",
        headers: { "retry-after": "0", "retry-after-ms": "1" },
      },
      streamStep({ content: [{ type: "text", text: "Made it.", citations: null }], stop_reason: "end_turn" }),
    );
    const agent = hostedAgent({ maxRetries: 2 });
    const events = await collect(agent.send("hello"));
    expect(withoutDeltas(events)).toEqual([
      { type: "block", block: { type: "text", text: "Made it.", citations: null } },
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 10, output_tokens: 20, requests: 1 } },
    ]);
    const posts = fake.requests.filter((r) => r.path === "/v1/messages");
    expect(posts.map((r) => r.headers["x-stainless-retry-count"])).toEqual(["0", "1"]);
    expect(posts[1]?.body).toEqual(posts[0]?.body);
  });

  test("a 429 that outlasts the retries ends with a retryable error", async () => {
    fake.enqueue({ kind: "error", status: 429, type: "rate_limit_error", message: "Rate limited", headers: { "retry-after-ms": "1" } });
    const agent = hostedAgent({ maxRetries: 0 });
    expect(await collect(agent.send("hello"))).toEqual([
      {
        type: "error",
        message: "Rate limited even after retries (429 rate_limit_error: Rate limited). Wait a moment and send again.",
        retryable: true,
      },
    ]);
  });

  test("a connection dropped mid-stream ends with a clear retryable error, leaves the history clean, and the next send works", async () => {
    const content: BetaContentBlock[] = [{ type: "text", text: "This answer will be cut off halfway through.", citations: null }];
    // message_start, content_block_start and two deltas arrive; then the socket closes.
    fake.enqueue({ kind: "stream", events: messageEvents({ content, stop_reason: "end_turn" }), dropAfter: 4 });
    const agent = hostedAgent();
    const events = await collect(agent.send("Tell me something"));
    expect(events).toEqual([
      { type: "text_delta", text: "This an" },
      { type: "text_delta", text: "swer wi" },
      {
        type: "error",
        message: "The connection dropped before the answer was complete (terminated). Send again to retry.",
        retryable: true,
      },
    ]);
    expect(agent.messages).toEqual([]);
    expect(agent.transcript).toEqual([]);

    fake.enqueue(streamStep({ content, stop_reason: "end_turn" }));
    const retry = await collect(agent.send("Tell me something"));
    expect(retry.at(-1)).toMatchObject({ type: "done", stop_reason: "end_turn" });
    expect(agent.messages).toEqual([
      { role: "user", content: "Tell me something" },
      { role: "assistant", content },
    ]);
  }, 10_000);

  test("leaving the loop aborts the request, leaves the history clean, and the agent takes the next send", async () => {
    const content: BetaContentBlock[] = [{ type: "text", text: "A long answer that never finishes.", citations: null }];
    fake.enqueue({ kind: "stream", events: messageEvents({ content, stop_reason: "end_turn" }).slice(0, 3), holdOpen: true });
    const agent = hostedAgent();
    const seen: AgentEvent[] = [];
    for await (const event of agent.send("Talk")) {
      seen.push(event);
      break;
    }
    expect(seen).toEqual([{ type: "text_delta", text: "A long " }]);
    expect(agent.messages).toEqual([]);
    expect(agent.transcript).toEqual([]);

    fake.enqueue(streamStep({ content, stop_reason: "end_turn" }));
    const next = await collect(agent.send("Talk"));
    expect(next.at(-1)).toMatchObject({ type: "done", stop_reason: "end_turn" });
  }, 10_000);

  test("an expired container that cannot be replaced gives a retryable error and the next send starts a new container", async () => {
    // Recovery (agent-parity.test.ts) tries one new container per send; when that request fails
    // too, the error is reported and the dead id is not sent again.
    fake.enqueue(
      { kind: "error", status: 400, type: "invalid_request_error", message: "Container container_old has expired." },
      { kind: "error", status: 529, type: "overloaded_error", message: "Overloaded" },
      streamStep({ content: [{ type: "text", text: "Fresh start.", citations: null }], stop_reason: "end_turn", container: CONTAINER }),
    );
    const agent = hostedAgent({ container: "container_old" });
    const events = await collect(agent.send("hi"));
    expect(events.map((event) => event.type)).toEqual(["container_replaced", "error"]);
    expect(events[1]).toEqual({
      type: "error",
      message: "The API failed even after retries (529 overloaded_error: Overloaded). Send again later.",
      retryable: true,
    });
    expect(agent.containerId).toBe(null);
    await collect(agent.send("hi"));
    const bodies = fake.messageBodies();
    expect(bodies.map((body) => body["container"])).toEqual(["container_old", undefined, undefined]);
    expect(agent.containerId).toBe(CONTAINER.id);
  });

  test.each([
    [
      401,
      "authentication_error",
      "invalid x-api-key",
      "The API key was not accepted (401 authentication_error: invalid x-api-key). Check the key.",
      false,
    ],
    [
      403,
      "permission_error",
      "Your key cannot use this model",
      "This key may not do that (403 permission_error: Your key cannot use this model).",
      false,
    ],
    [
      404,
      "not_found_error",
      "model: claude-nope",
      "Not found (404 not_found_error: model: claude-nope). Check the model name and the base URL.",
      false,
    ],
    [
      400,
      "invalid_request_error",
      "max_tokens: must be positive",
      "The API rejected the request (400 invalid_request_error: max_tokens: must be positive).",
      false,
    ],
  ])("HTTP %i becomes one clear error event", async (status, type, message, expected, retryable) => {
    fake.enqueue({ kind: "error", status, type, message });
    const agent = hostedAgent();
    expect(await collect(agent.send("hi"))).toEqual([{ type: "error", message: expected, retryable }]);
    expect(agent.messages).toEqual([]);
  });

  test("bad input becomes an error event, and no request is made", async () => {
    const agent = hostedAgent();
    expect(await collect(agent.send("   "))).toEqual([
      { type: "error", message: "Nothing was sent: the message is empty.", retryable: false },
    ]);
    expect(await collect(agent.send([]))).toEqual([
      {
        type: "error",
        message: "Nothing was sent: content must be a non-empty string or a non-empty array of content blocks.",
        retryable: false,
      },
    ]);
    expect(await collect(agent.send([42 as never]))).toEqual([
      { type: "error", message: 'Nothing was sent: content block 0 is not a content block (it has no "type").', retryable: false },
    ]);
    expect(fake.requests).toEqual([]);
  });

  test("without an API key no model is reachable, and the error points to the offline console", async () => {
    const agent = createAgent({ engine: "hosted", baseURL: fake.url });
    expect(await collect(agent.send("hi"))).toEqual([
      {
        type: "error",
        message: "No API key, so no model can be reached. The offline console still runs code locally without a model.",
        retryable: false,
      },
    ]);
  });

  test("a second send while one is running is refused with an error event", async () => {
    fake.enqueue(streamStep({ content: [{ type: "text", text: "First.", citations: null }], stop_reason: "end_turn" }));
    const agent = hostedAgent();
    const first = agent.send("one")[Symbol.asyncIterator]();
    const firstEvent = first.next();
    const second = await collect(agent.send("two"));
    expect(second).toEqual([
      { type: "error", message: "A message is still being answered; wait for its done or error event.", retryable: true },
    ]);
    expect((await firstEvent).value).toEqual({ type: "text_delta", text: "First." });
    let last: AgentEvent | undefined;
    for (let r = await first.next(); !r.done; r = await first.next()) last = r.value;
    expect(last).toMatchObject({ type: "done" });
  });
});
