// The transcript file format: what "Export" writes and "Import" reads. Import also takes a bare
// array of turns (the agent's transcript or messages, or a recorded hosted conversation).
import type { TurnLike } from "../components/conversation-view.ts";

export const TRANSCRIPT_FORMAT = "code-exec-sandbox/transcript";

export interface TranscriptFile {
  format: typeof TRANSCRIPT_FORMAT;
  version: 1;
  exported_at: string;
  engine: string | null;
  model: string | null;
  container_id: string | null;
  transcript: TurnLike[];
}

export function toTranscriptFile(
  turns: readonly TurnLike[],
  meta: { engine: string | null; model: string | null; containerId: string | null },
): TranscriptFile {
  return {
    format: TRANSCRIPT_FORMAT,
    version: 1,
    exported_at: new Date().toISOString(),
    engine: meta.engine,
    model: meta.model,
    container_id: meta.containerId,
    transcript: structuredClone([...turns]) as TurnLike[],
  };
}

function isTurn(value: unknown): value is TurnLike {
  if (typeof value !== "object" || value === null) return false;
  const { role, content } = value as { role?: unknown; content?: unknown };
  return (
    (role === "user" || role === "assistant") &&
    (typeof content === "string" ||
      (Array.isArray(content) &&
        content.every((b) => typeof b === "object" && b !== null && typeof (b as { type?: unknown }).type === "string")))
  );
}

/** The turns of a transcript file, or an error message saying what is wrong with it. */
export function parseTranscriptFile(text: string): TurnLike[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `Not JSON: ${(error as Error).message}`;
  }
  const turns = Array.isArray(parsed) ? parsed : (parsed as { transcript?: unknown } | null)?.transcript;
  if (!Array.isArray(turns)) return 'Expected a list of turns, or an object with a "transcript" list.';
  const bad = turns.findIndex((t) => !isTurn(t));
  if (bad !== -1) return `Turn ${bad} is not {role: "user" | "assistant", content: string | blocks}.`;
  return turns as TurnLike[];
}
