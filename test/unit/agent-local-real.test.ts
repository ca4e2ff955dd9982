// The local engine and the offline replay with the REAL container (Pyodide + just-bash in a
// worker), imported from the built package by name as users do. The model is the fake Messages API.
import { readFileSync } from "node:fs";
import type { BetaContentBlock } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { createContainer, type Container } from "code-exec-sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  containerTools,
  createAgent,
  replayTranscript,
  type AgentEvent,
  type ReplayStep,
  type TranscriptTurn,
} from "../../src/agent/index.ts";
import { startFakeAnthropic, type FakeAnthropic } from "../fixtures/fake-anthropic/server.ts";
import { streamStep } from "../fixtures/fake-anthropic/sse.ts";

const MODEL = "claude-sonnet-5";
let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await fake.close();
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("local engine with the real container", () => {
  const lookups: Array<Record<string, unknown>> = [];
  const tools = [
    {
      name: "lookup",
      description: "Looks a value up.",
      input_schema: { type: "object" as const, properties: { q: { type: "number" } } },
      handler: (input: Record<string, unknown>) => {
        lookups.push(input);
        return JSON.stringify({ answer: input["q"] });
      },
      callableFromCode: true,
    },
  ];
  let container: Container;
  beforeAll(async () => {
    container = await createContainer({ tools: containerTools(tools) });
  });
  afterAll(async () => container?.close());

  test("bash, the editor and Python run in the container; the display equals the hosted shapes", async () => {
    const turns: BetaContentBlock[][] = [
      [
        {
          type: "tool_use",
          id: "toolu_r1",
          name: "bash",
          input: { command: "echo hello > greet.txt && cat greet.txt && echo report > $OUTPUT_DIR/report.txt" },
        },
      ],
      [
        {
          type: "tool_use",
          id: "toolu_r2",
          name: "str_replace_based_edit_tool",
          input: { command: "str_replace", path: "/workspace/greet.txt", old_str: "hello", new_str: "hello world" },
        },
        { type: "tool_use", id: "toolu_r3", name: "str_replace_based_edit_tool", input: { command: "view", path: "/workspace/greet.txt" } },
      ],
      [{ type: "tool_use", id: "toolu_r4", name: "code_execution", input: { code: "x = 6 * 7\nprint(x)" } }],
      [{ type: "tool_use", id: "toolu_r5", name: "code_execution", input: { code: "print(await lookup({'q': x}))" } }],
      [{ type: "text", text: "All done.", citations: null }],
    ];
    for (const [i, content] of turns.entries()) fake.enqueue(streamStep({ content, stop_reason: i < 4 ? "tool_use" : "end_turn" }));
    const agent = createAgent({ engine: "local", apiKey: "test-key", baseURL: fake.url, model: MODEL, maxRetries: 0, container, tools });
    const events = await collect<AgentEvent>(agent.send("Greet, edit, compute and look up"));

    const blocks = events.flatMap((event) => (event.type === "block" ? [event.block] : []));
    const files = events.filter((event) => event.type === "file");
    expect(files).toHaveLength(1);
    const fileId = (files[0] as { file_id: string }).file_id;
    expect(fileId).toMatch(/^file_/);
    expect(files[0]).toEqual({ type: "file", file_id: fileId, name: "report.txt", data: new TextEncoder().encode("report\n") });

    const hostedShapes: BetaContentBlock[] = [
      {
        type: "server_tool_use",
        id: "srvtoolu_r1",
        name: "bash_code_execution",
        input: { command: "echo hello > greet.txt && cat greet.txt && echo report > $OUTPUT_DIR/report.txt" },
      },
      {
        type: "bash_code_execution_tool_result",
        tool_use_id: "srvtoolu_r1",
        content: {
          type: "bash_code_execution_result",
          stdout: "hello\n",
          stderr: "",
          return_code: 0,
          content: [{ type: "bash_code_execution_output", file_id: fileId }],
        },
      },
      {
        type: "server_tool_use",
        id: "srvtoolu_r2",
        name: "text_editor_code_execution",
        input: { command: "str_replace", path: "/workspace/greet.txt", old_str: "hello", new_str: "hello world" },
      },
      {
        type: "text_editor_code_execution_tool_result",
        tool_use_id: "srvtoolu_r2",
        content: {
          type: "text_editor_code_execution_str_replace_result",
          old_start: 1,
          old_lines: 1,
          new_start: 1,
          new_lines: 1,
          lines: ["-hello", "+hello world"],
        },
      },
      {
        type: "server_tool_use",
        id: "srvtoolu_r3",
        name: "text_editor_code_execution",
        input: { command: "view", path: "/workspace/greet.txt" },
      },
      {
        type: "text_editor_code_execution_tool_result",
        tool_use_id: "srvtoolu_r3",
        content: {
          type: "text_editor_code_execution_view_result",
          file_type: "text",
          content: "hello world",
          num_lines: 1,
          start_line: 1,
          total_lines: 1,
        },
      },
      { type: "server_tool_use", id: "srvtoolu_r4", name: "code_execution", input: { code: "x = 6 * 7\nprint(x)" } },
      {
        type: "code_execution_tool_result",
        tool_use_id: "srvtoolu_r4",
        content: { type: "code_execution_result", stdout: "42\n", stderr: "", return_code: 0, content: [] },
      },
      { type: "server_tool_use", id: "srvtoolu_r5", name: "code_execution", input: { code: "print(await lookup({'q': x}))" } },
      {
        type: "code_execution_tool_result",
        tool_use_id: "srvtoolu_r5",
        content: { type: "code_execution_result", stdout: '{"answer":42}\n', stderr: "", return_code: 0, content: [] },
      },
      { type: "text", text: "All done.", citations: null },
    ];
    expect(blocks).toEqual(hostedShapes);
    expect(lookups).toEqual([{ q: 42 }]);
    expect(events.at(-1)).toEqual({ type: "done", stop_reason: "end_turn", usage: { input_tokens: 50, output_tokens: 100, requests: 5 } });

    // The model read the outputs as text.
    const history = fake.messageBodies().at(-1)?.["messages"] as Array<{ role: string; content: unknown }>;
    expect(history.filter((message) => message.role === "user").slice(1)).toEqual([
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_r1", content: "hello" }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_r2", content: "Edited /workspace/greet.txt.\n-hello\n+hello world" },
          { type: "tool_result", tool_use_id: "toolu_r3", content: "     1\thello world" },
        ],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_r4", content: "42" }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_r5", content: '{"answer":42}' }] },
    ]);
    expect(await agent.downloadFile(fileId)).toEqual(new TextEncoder().encode("report\n"));
    expect(agent.containerId).toBe(container.id);
  });
});

describe("replayTranscript with the real container", () => {
  test("the recorded hosted example replays offline with a per-call report", async () => {
    const transcript = JSON.parse(
      readFileSync(new URL("../fixtures/transcripts/hosted-example.json", import.meta.url), "utf8"),
    ) as TranscriptTurn[];
    const container = await createContainer();
    try {
      const steps = await collect<ReplayStep>(replayTranscript(transcript, container));
      const all = { stdout: true, stderr: true, return_code: true, files: true };
      expect(steps.map((step) => step.call.id)).toEqual([
        "srvtoolu_01EditorCreate0000000001",
        "srvtoolu_01EditorCreate0000000002",
        "srvtoolu_01EditorView00000000003",
        "srvtoolu_01EditorReplace00000004",
        "srvtoolu_01B3C4D5E6F7G8H9I0J1K2L3",
        "srvtoolu_01A2B3C4D5E6F7G8H9I0J1K2",
        "srvtoolu_01VfmxgZ46TiHbmXgy928hQR",
      ]);
      // The editor calls of the documentation's examples give exactly the recorded results.
      expect(steps.slice(0, 4).map((step) => [step.matches, step.match])).toEqual([
        [all, true],
        [all, true],
        [all, true],
        [all, true],
      ]);
      expect(steps.slice(0, 4).map((step) => step.local)).toEqual(steps.slice(0, 4).map((step) => step.recorded));
      // `ls -la` lists a different directory than the hosted one did.
      expect(steps[4]?.matches).toEqual({ ...all, stdout: false });
      // The recorded Python call produced an output file; no local run of that code writes one.
      expect(steps[5]?.matches.files).toBe(false);
      expect(steps[5]?.match).toBe(false);
      // Recorded as unavailable; locally the command ran and shows the edited file.
      expect(steps[6]?.local).toEqual({
        type: "bash_code_execution_tool_result",
        tool_use_id: "srvtoolu_01VfmxgZ46TiHbmXgy928hQR",
        content: {
          type: "bash_code_execution_result",
          stdout: '{\n  "setting": "value",\n  "debug": false\n}',
          stderr: "",
          return_code: 0,
          content: [],
        },
      });
      expect(steps[6]?.matches).toEqual({ stdout: false, stderr: false, return_code: false, files: true });
    } finally {
      await container.close();
    }
  });
});
