// An earlier conversation (an imported transcript) as the start of a new one. Its code calls
// and results ran in a container that is gone, and their blocks differ between the engines
// (server tool blocks hosted, client tool blocks local), so the model gets them as text: what
// was run and what it printed. Text stays text. The display keeps the turns as they were.
import type { BetaContentBlockParam, BetaMessageParam } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { TranscriptTurn } from "./types.ts";

/** Most characters of one call's input or output carried over. */
const PART_MAX = 4000;

function clip(text: string): string {
  return text.length <= PART_MAX ? text : `${text.slice(0, PART_MAX)}\n[… ${text.length - PART_MAX} more characters not carried over]`;
}

type Block = { type: string } & Record<string, unknown>;

/** One earlier block as text for the model, or null when it carries nothing to say. */
function asText(block: Block): string | null {
  if (block.type === "text") return typeof block.text === "string" && block.text !== "" ? block.text : null;
  if (block.type === "server_tool_use" || block.type === "tool_use") {
    return `[Earlier tool call ${String(block.name)}: ${clip(JSON.stringify(block.input ?? {}))}]`;
  }
  if (block.type.endsWith("_tool_result") || block.type === "tool_result") {
    const content = (block.content ?? {}) as Record<string, unknown>;
    if (typeof content === "object" && content !== null && "error_code" in content)
      return `[Its result: error ${String(content.error_code)}]`;
    const parts = ["stdout", "stderr"]
      .filter((k) => typeof content[k] === "string" && content[k] !== "")
      .map((k) => `${k}:\n${clip(content[k] as string)}`);
    if (typeof content.return_code === "number") parts.push(`return code ${content.return_code}`);
    return parts.length ? `[Its result: ${parts.join("\n")}]` : `[Its result: ${clip(JSON.stringify(block.content ?? null))}]`;
  }
  if (block.type === "container_upload") return "[An uploaded file, not available any more]";
  return null;
}

/** The messages that let a new conversation continue `turns`: alternating roles, text only. */
export function historyMessages(turns: readonly TranscriptTurn[]): BetaMessageParam[] {
  const messages: BetaMessageParam[] = [];
  for (const turn of turns) {
    const blocks = (typeof turn.content === "string" ? [{ type: "text", text: turn.content }] : turn.content) as Block[];
    const text = blocks
      .map(asText)
      .filter((t): t is string => t !== null)
      .join("\n\n");
    if (text === "") continue;
    const last = messages.at(-1);
    if (last && last.role === turn.role) {
      (last.content as BetaContentBlockParam[]).push({ type: "text", text });
    } else {
      messages.push({ role: turn.role, content: [{ type: "text", text }] });
    }
  }
  // The API expects a user turn first and the next send to follow an assistant turn.
  if (messages[0]?.role === "assistant")
    messages.unshift({ role: "user", content: [{ type: "text", text: "[The conversation so far:]" }] });
  if (messages.at(-1)?.role === "user")
    messages.push({ role: "assistant", content: [{ type: "text", text: "[No answer was recorded.]" }] });
  return messages;
}
