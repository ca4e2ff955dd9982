// Offline replay: runs every recorded code execution call of a saved transcript in a local
// container and puts the recorded result next to the local one, so that a demo plays without a
// network and a hosted conversation can be checked against the local engine.
import type { BetaServerToolUseBlock } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { Container, ToolCall, ToolName, ToolResultBlock } from "../container/types.ts";
import { isToolName, isToolResult, summarize } from "../tools/registry.ts";
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

/**
 * The comparable outcome of a result. Editor results have no streams of their own, so what they
 * report stands in for stdout; tool errors are compared by error code, whose wording of the
 * message is free; output files by count, since file ids always differ between containers.
 */
export function outcome(result: ToolResultBlock): { stdout: string; stderr: string; return_code: number | null; files: number } {
  const { stdout, stderr, returnCode, fileIds } = summarize(result)!;
  return { stdout, stderr, return_code: returnCode, files: fileIds.length };
}

function isCall(block: TranscriptBlock): block is BetaServerToolUseBlock {
  return block.type === "server_tool_use" && isToolName(block.name);
}

export async function* replayTranscript(transcript: ReplayableTranscript, container: Container): AsyncGenerator<ReplayStep> {
  const blocks = transcript.flatMap((turn) => (typeof turn.content === "string" ? [] : turn.content));
  // Results are matched by id, not position: a deferred result can come in a later message.
  const results = new Map<string, ToolResultBlock>();
  for (const block of blocks) if (isToolResult(block)) results.set(block.tool_use_id, block);

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
