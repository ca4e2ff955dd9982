// Bounds and small helpers shared by the hosted and the local loop.
import { AgentError } from "./errors.ts";
import type { TranscriptBlock, UserContent } from "./types.ts";

/** pause_turn continuations per send; the server already runs up to 10 iterations before each pause. */
export const MAX_PAUSE_CONTINUATIONS = 10;
/** Rounds of tool calls answered by the application per send, so a looping model cannot run forever. */
export const MAX_TOOL_ROUNDS = 25;

export function userDisplayBlocks(content: UserContent): TranscriptBlock[] {
  return typeof content === "string" ? [{ type: "text", text: content }] : [...content];
}

export function checkToolRounds(rounds: number): void {
  if (rounds > MAX_TOOL_ROUNDS) {
    throw new AgentError(
      `Claude asked for tools more than ${MAX_TOOL_ROUNDS} times in one turn, so the turn was stopped and not kept. Ask for smaller steps.`,
      false,
    );
  }
}
