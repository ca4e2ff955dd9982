// The auto engine: hosted first; when the hosted tool cannot be reached or the API says it is not
// available, the rest of the conversation runs locally. It switches only when nothing of the
// answer has arrived yet, so no work is shown twice.
import type { BetaContentBlockParam, BetaMessageParam, BetaStopReason } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { rollback, type Checkpoint, type ConversationState, type RunContext } from "./context.ts";
import { classify, describeError, EngineFailure } from "./errors.ts";
import { runHosted } from "./hosted.ts";
import { runLocal } from "./local.ts";
import type { UserContent } from "./types.ts";
import { isToolResult } from "../tools/registry.ts";

/** Why the auto engine should leave the hosted tool, or null to keep the failure as it is. */
export function fallbackReason(error: unknown, ctx: RunContext): string | null {
  if (!(error instanceof EngineFailure) || error.receivedOutput || !ctx.settings.localContainer) return null;
  const failure = classify(error, { baseURL: ctx.settings.baseURL, containerId: ctx.state.hostedContainerId });
  const detail = describeError(error.original);
  if (failure.kind === "connection")
    return `The hosted code execution tool could not be reached (${detail}); code runs locally from now on.`;
  if (failure.kind === "tool_unavailable")
    return `The hosted code execution tool is not available (${detail}); code runs locally from now on.`;
  return null;
}

function summary(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * The local engine sends no server tool, and the API refuses server-tool blocks and programmatic
 * calls without it, so the hosted part of the history is kept as text the model can still read.
 */
export function toLocalHistory(state: ConversationState): BetaMessageParam[] {
  const converted = new Set<string>();
  return state.messages.map((message): BetaMessageParam => {
    if (message.role === "system" || typeof message.content === "string") return message;
    const content = message.content.map((block): BetaContentBlockParam => {
      if (isToolResult(block)) return { type: "text", text: `[${block.type}: ${summary(block.content)}]` };
      switch (block.type) {
        case "server_tool_use":
          return { type: "text", text: `[${block.name} ran in the hosted container: ${summary(block.input)}]` };
        case "container_upload": {
          const name = state.uploads.get(block.file_id)?.name ?? block.file_id;
          return { type: "text", text: `[The user uploaded ${name} to the hosted container.]` };
        }
        case "tool_use":
          if (block.caller && block.caller.type !== "direct") {
            converted.add(block.id);
            return { type: "text", text: `[Code called ${block.name}: ${summary(block.input)}]` };
          }
          return block;
        case "tool_result":
          if (converted.has(block.tool_use_id)) {
            return { type: "text", text: `[${summary(block.content ?? "")}]` };
          }
          return block;
        default:
          return block;
      }
    });
    return { role: message.role, content };
  });
}

export async function runAuto(ctx: RunContext, content: UserContent, before: Checkpoint): Promise<BetaStopReason | null> {
  if (ctx.state.engine === "local") return runLocal(ctx, content);
  try {
    return await runHosted(ctx, content);
  } catch (error) {
    const reason = fallbackReason(error, ctx);
    if (reason === null) throw error;
    rollback(ctx.state, before);
    switchToLocal(ctx.state);
    ctx.emit({ type: "engine", engine: "local", reason });
    return runLocal(ctx, content);
  }
}

export function switchToLocal(state: ConversationState): void {
  state.engine = "local";
  state.messages.splice(0, state.messages.length, ...toLocalHistory(state));
}
