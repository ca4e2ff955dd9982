// The hosted engine: Claude with Anthropic's code execution server tool. The agent's work here is
// the bookkeeping users get wrong: keep and resend the container id, continue pause_turn by
// resending the paused content as it is, answer programmatic tool calls, fetch output files.
import type {
  BetaCodeExecutionTool20250825,
  BetaCodeExecutionTool20260120,
  BetaStopReason,
  BetaToolResultBlockParam,
  BetaToolUnion,
  BetaToolUseBlock,
  MessageCreateParamsBase,
} from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { appendTranscript, asAssistantParam, type RunContext, type Settings } from "./context.ts";
import { customToolParam, runCustomTool } from "./custom-tools.ts";
import { emitOutputFiles } from "./files.ts";
import { checkToolRounds, MAX_PAUSE_CONTINUATIONS, userDisplayBlocks } from "./loop.ts";
import { requestTurn } from "./stream-turn.ts";
import type { UserContent } from "./types.ts";

export function hostedTools(settings: Settings): BetaToolUnion[] {
  const codeExecution: BetaCodeExecutionTool20250825 | BetaCodeExecutionTool20260120 =
    settings.toolVersion === "code_execution_20260120"
      ? { type: "code_execution_20260120", name: "code_execution" }
      : { type: "code_execution_20250825", name: "code_execution" };
  // Programmatic calling is a feature of code_execution_20260120; with the older version it once
  // needed a beta header, so tools stay direct-only there rather than risk a 400.
  const codeCaller = settings.toolVersion === "code_execution_20260120" ? (["direct", "code_execution_20260120"] as const) : undefined;
  return [codeExecution, ...settings.tools.map((tool) => customToolParam(tool, codeCaller ? [...codeCaller] : undefined))];
}

export async function runHosted(ctx: RunContext, content: UserContent): Promise<BetaStopReason | null> {
  const { state, settings } = ctx;
  state.messages.push({ role: "user", content });
  appendTranscript(state, "user", userDisplayBlocks(content));
  const tools = hostedTools(settings);
  let pauses = 0;
  let rounds = 0;

  for (;;) {
    const params: MessageCreateParamsBase = {
      model: settings.model,
      max_tokens: settings.maxTokens,
      messages: [...state.messages],
      // The same tools on every request: a continuation without them is rejected.
      tools,
    };
    if (settings.system !== undefined) params.system = settings.system;
    if (state.hostedContainerId !== null) params.container = state.hostedContainerId;

    const message = await requestTurn(ctx, params, (block) => {
      appendTranscript(state, "assistant", [block]);
      ctx.emit({ type: "block", block });
    });
    state.messages.push(asAssistantParam(message));
    if (message.container) state.hostedContainerId = message.container.id;
    await emitOutputFiles(ctx, message.content, false);

    if (message.stop_reason === "pause_turn") {
      // The paused content is already the last message; resending the history as it is continues the turn.
      if (pauses >= MAX_PAUSE_CONTINUATIONS) return "pause_turn";
      pauses += 1;
      continue;
    }

    const calls = message.content.filter((block): block is BetaToolUseBlock => block.type === "tool_use");
    if (message.stop_reason === "tool_use" && calls.length > 0) {
      rounds += 1;
      checkToolRounds(rounds);
      // One user turn with a tool_result for every call and nothing else: the API requires exactly
      // that when calls came from code, and it is right for direct calls too.
      const results: BetaToolResultBlockParam[] = [];
      for (const call of calls) results.push(await runCustomTool(call, settings.tools));
      state.messages.push({ role: "user", content: results });
      appendTranscript(state, "user", results);
      for (const block of results) ctx.emit({ type: "block", block });
      continue;
    }
    return message.stop_reason;
  }
}
