// Offline replay of a recorded hosted transcript, against a container test double whose answers
// are scripted, so that every kind of match and mismatch is reported exactly.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { ToolCall, ToolResultBlock } from "../../src/container/types.ts";
import { replayTranscript, type ReplayStep, type TranscriptTurn } from "../../src/agent/index.ts";
import { createContainerDouble } from "../fixtures/fake-anthropic/container-double.ts";

const transcript = JSON.parse(
  readFileSync(new URL("../fixtures/transcripts/hosted-example.json", import.meta.url), "utf8"),
) as TranscriptTurn[];

async function collect(steps: AsyncIterable<ReplayStep>): Promise<ReplayStep[]> {
  const out: ReplayStep[] = [];
  for await (const step of steps) out.push(step);
  return out;
}

const assistant = transcript[1]!.content;
/** The recorded result for a call id. */
function recorded(id: string): ToolResultBlock {
  const block = assistant.find((b) => "tool_use_id" in b && b.tool_use_id === id);
  if (!block) throw new Error(`no recorded result for ${id}`);
  return block as ToolResultBlock;
}

// What a local container might answer: same as recorded for the editor calls, a different listing
// for `ls`, no output file from Python, and a real result where the hosted tool was unavailable.
const local: Array<(call: ToolCall) => ToolResultBlock> = [
  (call) => recorded(call.id),
  (call) => recorded(call.id),
  (call) => recorded(call.id),
  (call) => recorded(call.id),
  (call) => ({
    type: "bash_code_execution_tool_result",
    tool_use_id: call.id,
    content: { type: "bash_code_execution_result", stdout: "total 8\n", stderr: "", return_code: 0, content: [] },
  }),
  (call) => ({
    type: "code_execution_tool_result",
    tool_use_id: call.id,
    content: { type: "code_execution_result", stdout: "2.0\n", stderr: "", return_code: 0, content: [] },
  }),
  (call) => ({
    type: "bash_code_execution_tool_result",
    tool_use_id: call.id,
    content: {
      type: "bash_code_execution_result",
      stdout: '{\n  "setting": "value",\n  "debug": false\n}',
      stderr: "",
      return_code: 0,
      content: [],
    },
  }),
];

describe("replayTranscript", () => {
  test("runs every recorded call locally and reports, per call, whether stdout, stderr, return code and files match", async () => {
    const container = createContainerDouble({ results: local });
    const steps = await collect(replayTranscript(transcript, container));

    const calls = assistant.filter((block) => block.type === "server_tool_use");
    // Every call reached the container exactly as recorded, in order.
    expect(container.calls).toEqual(calls);
    expect(steps.map((step) => step.call)).toEqual(calls);
    expect(steps.map((step) => step.recorded)).toEqual(calls.map((call) => recorded((call as ToolCall).id)));
    expect(steps.map((step) => step.local)).toEqual(container.calls.map((call, i) => local[i]!(call)));

    const all = { stdout: true, stderr: true, return_code: true, files: true };
    expect(steps.map((step) => [step.call.id, step.matches, step.match])).toEqual([
      ["srvtoolu_01EditorCreate0000000001", all, true],
      ["srvtoolu_01EditorCreate0000000002", all, true],
      ["srvtoolu_01EditorView00000000003", all, true],
      ["srvtoolu_01EditorReplace00000004", all, true],
      ["srvtoolu_01B3C4D5E6F7G8H9I0J1K2L3", { ...all, stdout: false }, false],
      ["srvtoolu_01A2B3C4D5E6F7G8H9I0J1K2", { ...all, files: false }, false],
      // Recorded: the tool was unavailable (an error code, no exit status); locally it ran.
      ["srvtoolu_01VfmxgZ46TiHbmXgy928hQR", { stdout: false, stderr: false, return_code: false, files: true }, false],
    ]);
  });

  test("a call whose result was never recorded is still run, and reported as matching nothing", async () => {
    const cut: TranscriptTurn[] = [transcript[0]!, { role: "assistant", content: assistant.slice(0, 2) }];
    const container = createContainerDouble({ results: [local[0]!] });
    const steps = await collect(replayTranscript(cut, container));
    expect(steps).toEqual([
      {
        call: assistant[1],
        recorded: null,
        local: recorded("srvtoolu_01EditorCreate0000000001"),
        matches: { stdout: false, stderr: false, return_code: false, files: false },
        match: false,
      },
    ]);
  });

  test("blocks other than code execution calls are not replayed", async () => {
    const container = createContainerDouble({ results: [] });
    const chat: TranscriptTurn[] = [
      { role: "user", content: [{ type: "text", text: "hi" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "hello", citations: null },
          { type: "tool_use", id: "toolu_x", name: "lookup", input: {} },
        ],
      },
    ];
    expect(await collect(replayTranscript(chat, container))).toEqual([]);
    expect(container.calls).toEqual([]);
  });
});
