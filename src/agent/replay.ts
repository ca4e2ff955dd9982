// Offline replay: runs every recorded code execution call of a saved transcript in a local
// container and puts the recorded result next to the local one, so that a demo plays without a
// network and a hosted conversation can be checked against the local engine.
import type { BetaServerToolUseBlock } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { Container, ToolCall, ToolName, ToolResultBlock } from "../container/types.ts";
import type { TranscriptBlock } from "./types.ts";

export interface ReplayStep {
  /** The recorded call, as it appears in the transcript. */
  call: BetaServerToolUseBlock;
  /** The recorded result, or null when the transcript has none for this call. */
  recorded: ToolResultBlock | null;
  /** What the local container answered to the same call. */
  local: ToolResultBlock;
  matches: { stdout: boolean; stderr: boolean; return_code: boolean; files: boolean };
  /** All four match. */
  match: boolean;
}

/** Anything with turns of blocks: `agent.transcript`, `agent.messages`, or a saved JSON file. */
export type ReplayableTranscript = ReadonlyArray<{ role: string; content: string | readonly TranscriptBlock[] }>;

const CODE_TOOLS: readonly string[] = ["bash_code_execution", "text_editor_code_execution", "code_execution"] satisfies ToolName[];
const RESULT_TYPES: readonly string[] = [
  "bash_code_execution_tool_result",
  "text_editor_code_execution_tool_result",
  "code_execution_tool_result",
];

/**
 * The comparable outcome of a result. Editor results have no streams of their own, so what they
 * report stands in for stdout; tool errors are compared by error code, whose wording of the
 * message is free; output files by count, since file ids always differ between containers.
 */
export function outcome(result: ToolResultBlock): { stdout: string; stderr: string; return_code: number | null; files: number } {
  const c = result.content;
  switch (c.type) {
    case "bash_code_execution_result":
    case "code_execution_result":
      return { stdout: c.stdout, stderr: c.stderr, return_code: c.return_code, files: c.content.length };
    case "encrypted_code_execution_result":
      return { stdout: c.encrypted_stdout, stderr: c.stderr, return_code: c.return_code, files: c.content.length };
    case "bash_code_execution_tool_result_error":
    case "code_execution_tool_result_error":
    case "text_editor_code_execution_tool_result_error":
      return { stdout: "", stderr: c.error_code, return_code: null, files: 0 };
    case "text_editor_code_execution_view_result":
      return { stdout: c.content, stderr: "", return_code: null, files: 0 };
    case "text_editor_code_execution_create_result":
      return { stdout: `is_file_update: ${c.is_file_update}`, stderr: "", return_code: null, files: 0 };
    case "text_editor_code_execution_str_replace_result":
      return { stdout: (c.lines ?? []).join("\n"), stderr: "", return_code: null, files: 0 };
  }
}

function isCall(block: TranscriptBlock): block is BetaServerToolUseBlock {
  return block.type === "server_tool_use" && CODE_TOOLS.includes(block.name);
}

function isResult(block: TranscriptBlock): block is ToolResultBlock {
  return RESULT_TYPES.includes(block.type);
}

export async function* replayTranscript(transcript: ReplayableTranscript, container: Container): AsyncGenerator<ReplayStep> {
  const blocks = transcript.flatMap((turn) => (typeof turn.content === "string" ? [] : turn.content));
  // Results are matched by id, not position: a deferred result can come in a later message.
  const results = new Map<string, ToolResultBlock>();
  for (const block of blocks) if (isResult(block)) results.set(block.tool_use_id, block);

  for (const block of blocks) {
    if (!isCall(block)) continue;
    const call: ToolCall = { type: "server_tool_use", id: block.id, name: block.name as ToolName, input: { ...block.input } };
    const local = await container.execute(call);
    const recorded = results.get(block.id) ?? null;
    const mine = outcome(local);
    const theirs = recorded ? outcome(recorded) : null;
    const matches = {
      stdout: theirs !== null && theirs.stdout === mine.stdout,
      stderr: theirs !== null && theirs.stderr === mine.stderr,
      return_code: theirs !== null && theirs.return_code === mine.return_code,
      files: theirs !== null && theirs.files === mine.files,
    };
    yield { call: block, recorded, local, matches, match: matches.stdout && matches.stderr && matches.return_code && matches.files };
  }
}
