// The local engine against a fake Messages API: client tools executed by a container test double.
import type { BetaContentBlock, BetaToolUseBlock } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { describe, expect, it, test } from "vitest";
import type { ToolCall, ToolResultBlock } from "../../src/container/types.ts";
import { createAgent, type AgentEvent } from "../../src/agent/index.ts";
import { resultToToolResult } from "../../src/agent/local-tools.ts";
import { createContainerDouble } from "../fixtures/fake-anthropic/container-double.ts";
import type { FakeAnthropic } from "../fixtures/fake-anthropic/server.ts";
import { useFakeAnthropic } from "../fixtures/fake-anthropic/lifecycle.ts";
import { streamStep } from "../fixtures/fake-anthropic/sse.ts";

let fake: FakeAnthropic;
useFakeAnthropic((started) => (fake = started));

const MODEL = "claude-sonnet-5";
const SYSTEM_NOTE =
  "Your bash, text editor and Python tools run in a sandbox inside the user's browser. They share one " +
  "filesystem; the working directory is /workspace and uploaded files are in /workspace/inputs. There is " +
  "no network access. Files a bash command writes at the top level of $OUTPUT_DIR are handed to the user.";
const PYTHON_TOOL = {
  name: "code_execution",
  description:
    "Run Python code (Pyodide) in a persistent REPL: variables, imports and functions defined in one " +
    "call are still there in the next. Top-level `await` works. Print what you want to see; stdout, " +
    "stderr and the exit status come back.",
  input_schema: {
    type: "object",
    properties: { code: { type: "string", description: "The Python code to run." } },
    required: ["code"],
  },
};
const LOCAL_TOOLS = [
  { type: "bash_20250124", name: "bash" },
  { type: "text_editor_20250728", name: "str_replace_based_edit_tool" },
  PYTHON_TOOL,
];

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

function toolUse(id: string, name: string, input: Record<string, unknown>): BetaToolUseBlock {
  return { type: "tool_use", id, name, input };
}

const CONFIG = '{\n  "debug": true\n}\n';

// What the container answers, in the SDK's shapes; the ids are the ones the agent gave the calls.
const bashLs = (call: ToolCall): ToolResultBlock => ({
  type: "bash_code_execution_tool_result",
  tool_use_id: call.id,
  content: { type: "bash_code_execution_result", stdout: "inputs\n", stderr: "", return_code: 0, content: [] },
});
const created = (call: ToolCall): ToolResultBlock => ({
  type: "text_editor_code_execution_tool_result",
  tool_use_id: call.id,
  content: { type: "text_editor_code_execution_create_result", is_file_update: false },
});
const replaced = (call: ToolCall): ToolResultBlock => ({
  type: "text_editor_code_execution_tool_result",
  tool_use_id: call.id,
  content: {
    type: "text_editor_code_execution_str_replace_result",
    old_start: 2,
    old_lines: 1,
    new_start: 2,
    new_lines: 1,
    lines: ['-  "debug": true', '+  "debug": false'],
  },
});
const viewed = (call: ToolCall): ToolResultBlock => ({
  type: "text_editor_code_execution_tool_result",
  tool_use_id: call.id,
  content: {
    type: "text_editor_code_execution_view_result",
    file_type: "text",
    content: '{\n  "debug": false\n}\n',
    num_lines: 3,
    start_line: 1,
    total_lines: 3,
  },
});
const pythonRan = (call: ToolCall): ToolResultBlock => ({
  type: "code_execution_tool_result",
  tool_use_id: call.id,
  content: { type: "code_execution_result", stdout: "{'debug': False}\n", stderr: "", return_code: 0, content: [] },
});

describe("local engine", () => {
  test("Claude calls bash, the editor and Python; the container runs them; the display equals the hosted shapes", async () => {
    const container = createContainerDouble({ results: [bashLs, created, replaced, viewed, pythonRan] });
    const turns: BetaContentBlock[][] = [
      [{ type: "text", text: "Let me look around.", citations: null }, toolUse("toolu_01", "bash", { command: "ls /workspace" })],
      [toolUse("toolu_02", "str_replace_based_edit_tool", { command: "create", path: "/workspace/config.json", file_text: CONFIG })],
      [
        toolUse("toolu_03", "str_replace_based_edit_tool", {
          command: "str_replace",
          path: "/workspace/config.json",
          old_str: '"debug": true',
          new_str: '"debug": false',
        }),
        toolUse("toolu_04", "str_replace_based_edit_tool", { command: "view", path: "/workspace/config.json", view_range: [1, 3] }),
      ],
      [toolUse("toolu_05", "code_execution", { code: "import json\nprint(json.load(open('/workspace/config.json')))" })],
      [{ type: "text", text: "Debug is off now.", citations: null }],
    ];
    for (const [i, content] of turns.entries()) fake.enqueue(streamStep({ content, stop_reason: i < 4 ? "tool_use" : "end_turn" }));

    const agent = createAgent({
      engine: "local",
      apiKey: "test-key",
      baseURL: fake.url,
      model: MODEL,
      maxRetries: 0,
      container,
      system: "Be brief.",
    });
    const events = await collect(agent.send("Turn debug off in config.json"));

    // What reached the container: the hosted sub-tools and their inputs.
    expect(container.calls).toEqual([
      { type: "server_tool_use", id: "srvtoolu_01", name: "bash_code_execution", input: { command: "ls /workspace" } },
      {
        type: "server_tool_use",
        id: "srvtoolu_02",
        name: "text_editor_code_execution",
        input: { command: "create", path: "/workspace/config.json", file_text: CONFIG },
      },
      {
        type: "server_tool_use",
        id: "srvtoolu_03",
        name: "text_editor_code_execution",
        input: { command: "str_replace", path: "/workspace/config.json", old_str: '"debug": true', new_str: '"debug": false' },
      },
      {
        type: "server_tool_use",
        id: "srvtoolu_04",
        name: "text_editor_code_execution",
        input: { command: "view", path: "/workspace/config.json", view_range: [1, 3] },
      },
      {
        type: "server_tool_use",
        id: "srvtoolu_05",
        name: "code_execution",
        input: { code: "import json\nprint(json.load(open('/workspace/config.json')))" },
      },
    ]);

    // The display: each tool_use became the hosted pair, in order.
    const hostedShapes: BetaContentBlock[] = [
      { type: "text", text: "Let me look around.", citations: null },
      container.calls[0]!,
      bashLs(container.calls[0]!),
      container.calls[1]!,
      created(container.calls[1]!),
      container.calls[2]!,
      replaced(container.calls[2]!),
      container.calls[3]!,
      viewed(container.calls[3]!),
      container.calls[4]!,
      pythonRan(container.calls[4]!),
      { type: "text", text: "Debug is off now.", citations: null },
    ];
    expect(events.filter((event) => event.type !== "text_delta")).toEqual([
      ...hostedShapes.map((block) => ({ type: "block", block })),
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 50, output_tokens: 100, requests: 5 } },
    ]);
    expect(agent.transcript).toEqual([
      { role: "user", content: [{ type: "text", text: "Turn debug off in config.json" }] },
      { role: "assistant", content: hostedShapes },
    ]);

    // The same conversation on the hosted engine gives the very same transcript.
    fake.enqueue(streamStep({ content: hostedShapes, stop_reason: "end_turn" }));
    const hosted = createAgent({ engine: "hosted", apiKey: "test-key", baseURL: fake.url, model: MODEL, maxRetries: 0 });
    await collect(hosted.send("Turn debug off in config.json"));
    expect(agent.transcript).toEqual(hosted.transcript);

    // The API history keeps real tool_use/tool_result blocks with the output as text.
    const bodies = fake.messageBodies().slice(0, 5);
    expect(bodies[0]).toEqual({
      model: MODEL,
      max_tokens: 8192,
      system: `Be brief.\n\n${SYSTEM_NOTE}`,
      messages: [{ role: "user", content: "Turn debug off in config.json" }],
      tools: LOCAL_TOOLS,
      stream: true,
    });
    const results = [
      [{ type: "tool_result", tool_use_id: "toolu_01", content: "inputs" }],
      [{ type: "tool_result", tool_use_id: "toolu_02", content: "Created /workspace/config.json." }],
      [
        { type: "tool_result", tool_use_id: "toolu_03", content: 'Edited /workspace/config.json.\n-  "debug": true\n+  "debug": false' },
        { type: "tool_result", tool_use_id: "toolu_04", content: '     1\t{\n     2\t  "debug": false\n     3\t}' },
      ],
      [{ type: "tool_result", tool_use_id: "toolu_05", content: "{'debug': False}" }],
    ];
    const history = [
      { role: "user", content: "Turn debug off in config.json" },
      ...turns.slice(0, 4).flatMap((content, i) => [
        { role: "assistant", content },
        { role: "user", content: results[i] },
      ]),
    ];
    expect(bodies[4]?.["messages"]).toEqual(history);
    expect(bodies.map((body) => body["tools"])).toEqual(Array.from({ length: 5 }, () => LOCAL_TOOLS));
    expect(bodies.every((body) => !("container" in body))).toBe(true);
    expect(agent.messages).toEqual([...history, { role: "assistant", content: turns[4] }]);
    expect(agent.containerId).toBe("container_localdouble");
  });

  test("errors, exit codes, output files, uploads, a restart and a custom tool", async () => {
    const traceback = "Traceback (most recent call last):\nZeroDivisionError: division by zero\n";
    const report = new TextEncoder().encode("partial report");
    const container = createContainerDouble({
      results: [
        (call) => ({
          type: "bash_code_execution_tool_result",
          tool_use_id: call.id,
          content: {
            type: "bash_code_execution_result",
            stdout: "partial\n",
            stderr: traceback,
            return_code: 1,
            content: [{ type: "bash_code_execution_output", file_id: "file_out1" }],
          },
        }),
        (call) => ({
          type: "text_editor_code_execution_tool_result",
          tool_use_id: call.id,
          content: {
            type: "text_editor_code_execution_tool_result_error",
            error_code: "file_not_found",
            error_message: "The file /workspace/missing.txt does not exist.",
          },
        }),
      ],
      files: { file_out1: report },
    });
    const weatherCalls: Array<Record<string, unknown>> = [];
    const weather = {
      name: "get_weather",
      description: "Weather for a city.",
      input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] },
      handler: (input: Record<string, unknown>) => {
        weatherCalls.push(input);
        return "Sunny";
      },
    };
    const calls: BetaContentBlock[] = [
      toolUse("toolu_a", "bash", { command: "python3 process.py inputs/data.csv" }),
      toolUse("toolu_b", "str_replace_based_edit_tool", { command: "view", path: "/workspace/missing.txt" }),
      toolUse("toolu_c", "bash", { restart: true }),
      toolUse("toolu_d", "get_weather", { city: "Paris" }),
    ];
    fake.enqueue(
      streamStep({ content: calls, stop_reason: "tool_use" }),
      streamStep({ content: [{ type: "text", text: "Done.", citations: null }], stop_reason: "end_turn" }),
    );
    const agent = createAgent({
      engine: "local",
      apiKey: "test-key",
      baseURL: fake.url,
      model: MODEL,
      maxRetries: 0,
      container,
      tools: [weather],
    });

    const csv = new TextEncoder().encode("a,b\n1,0\n");
    const upload = await agent.uploadFile("data.csv", csv);
    expect(upload).toEqual({ type: "container_upload", file_id: "file_local001" });
    expect(container.uploads).toEqual([{ name: "data.csv", data: csv }]);
    // The upload went straight into the container, not to the Files API.
    expect(fake.requests).toEqual([]);

    const events = await collect(agent.send([{ type: "text", text: "Process the file." }, upload]));

    const bodies = fake.messageBodies();
    const userTurn = {
      role: "user",
      content: [
        { type: "text", text: "Process the file." },
        { type: "text", text: "[The user uploaded data.csv; it is at /workspace/inputs/data.csv.]" },
      ],
    };
    expect(bodies[0]).toEqual({
      model: MODEL,
      max_tokens: 8192,
      system: SYSTEM_NOTE,
      messages: [userTurn],
      tools: [
        ...LOCAL_TOOLS,
        {
          name: "get_weather",
          description: "Weather for a city.",
          input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      ],
      stream: true,
    });
    expect(bodies[1]?.["messages"]).toEqual([
      userTurn,
      { role: "assistant", content: calls },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_a", content: `partial\n[stderr]\n${traceback.trimEnd()}\n[exit code 1]` },
          {
            type: "tool_result",
            tool_use_id: "toolu_b",
            content: "Error (file_not_found): The file /workspace/missing.txt does not exist.",
            is_error: true,
          },
          { type: "tool_result", tool_use_id: "toolu_c", content: "The shell was restarted." },
          { type: "tool_result", tool_use_id: "toolu_d", content: "Sunny" },
        ],
      },
    ]);
    expect(weatherCalls).toEqual([{ city: "Paris" }]);
    expect(container.calls.map((call) => call.id)).toEqual(["srvtoolu_a", "srvtoolu_b"]);
    expect(container.downloads).toEqual(["file_out1"]);

    expect(events.filter((event) => event.type !== "text_delta")).toEqual([
      { type: "block", block: container.calls[0] },
      {
        type: "block",
        block: {
          type: "bash_code_execution_tool_result",
          tool_use_id: "srvtoolu_a",
          content: {
            type: "bash_code_execution_result",
            stdout: "partial\n",
            stderr: traceback,
            return_code: 1,
            content: [{ type: "bash_code_execution_output", file_id: "file_out1" }],
          },
        },
      },
      { type: "file", file_id: "file_out1", data: report },
      { type: "block", block: container.calls[1] },
      {
        type: "block",
        block: {
          type: "text_editor_code_execution_tool_result",
          tool_use_id: "srvtoolu_b",
          content: {
            type: "text_editor_code_execution_tool_result_error",
            error_code: "file_not_found",
            error_message: "The file /workspace/missing.txt does not exist.",
          },
        },
      },
      { type: "block", block: calls[3] },
      { type: "block", block: { type: "tool_result", tool_use_id: "toolu_d", content: "Sunny" } },
      { type: "block", block: { type: "text", text: "Done.", citations: null } },
      { type: "done", stop_reason: "end_turn", usage: { input_tokens: 20, output_tokens: 40, requests: 2 } },
    ]);
    expect(agent.transcript.map((turn) => [turn.role, turn.content.map((block) => block.type)])).toEqual([
      ["user", ["text", "container_upload"]],
      [
        "assistant",
        ["server_tool_use", "bash_code_execution_tool_result", "server_tool_use", "text_editor_code_execution_tool_result", "tool_use"],
      ],
      ["user", ["tool_result"]],
      ["assistant", ["text"]],
    ]);
    expect(await agent.downloadFile("file_out1")).toEqual(report);
  });

  test("the local engine without a container ends with an error that says how to make one", async () => {
    const agent = createAgent({ engine: "local", apiKey: "test-key", baseURL: fake.url, model: MODEL, maxRetries: 0 });
    expect(await collect(agent.send("hi"))).toEqual([
      {
        type: "error",
        message: 'The local engine needs a container: createAgent({ engine: "local", container: await createContainer() }).',
        retryable: false,
      },
    ]);
    expect(fake.requests).toEqual([]);
  });
});

describe("what the model reads back from a local view", () => {
  const call = {
    type: "server_tool_use",
    id: "srvtoolu_v",
    name: "text_editor_code_execution",
    input: { command: "view", path: "/workspace/p.png" },
  } as const;
  const view = (file_type: "image" | "pdf", content: string) =>
    ({
      type: "text_editor_code_execution_tool_result",
      tool_use_id: "srvtoolu_v",
      content: { type: "text_editor_code_execution_view_result", file_type, content, num_lines: null, start_line: null, total_lines: null },
    }) as const;

  it("passes a viewed PNG on as an image block, so the model can see it", () => {
    expect(resultToToolResult("toolu_v", call, view("image", "iVBORw0KGgoAAAANSUhEUg=="))).toEqual({
      type: "tool_result",
      tool_use_id: "toolu_v",
      content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgoAAAANSUhEUg==" } }],
    });
  });

  it("passes a PDF on as a document block, and names an unreadable image format in text", () => {
    expect(resultToToolResult("toolu_v", call, view("pdf", "JVBERi0xLjQ="))).toEqual({
      type: "tool_result",
      tool_use_id: "toolu_v",
      content: [{ type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjQ=" } }],
    });
    expect(resultToToolResult("toolu_v", call, view("image", "Qk0="))).toEqual({
      type: "tool_result",
      tool_use_id: "toolu_v",
      content: "(an image in a format the model cannot read: /workspace/p.png)",
    });
  });
});
