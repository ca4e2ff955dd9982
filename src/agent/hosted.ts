// The hosted engine: Claude with Anthropic's code execution server tool. The agent's work here is
// the bookkeeping users get wrong: keep and resend the container id, continue pause_turn by
// resending the paused content as it is, answer programmatic tool calls, fetch output files.
import { APIConnectionError } from "@anthropic-ai/sdk";
import type {
  BetaCodeExecutionTool20250825,
  BetaCodeExecutionTool20260120,
  BetaCodeExecutionTool20260521,
  BetaSkillParams,
  BetaStopReason,
  BetaToolResultBlockParam,
  BetaToolUnion,
  BetaToolUseBlock,
  MessageCreateParamsBase,
} from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { lookUpToolPlan, type ToolPlan } from "./capabilities.ts";
import { appendTranscript, asAssistantParam, type RunContext, type Settings } from "./context.ts";
import { customToolParam, runCustomTool } from "./custom-tools.ts";
import { AgentError, describeError, EngineFailure, isLostContainer } from "./errors.ts";
import { emitOutputFiles } from "./files.ts";
import { checkToolRounds, MAX_PAUSE_CONTINUATIONS, userDisplayBlocks } from "./loop.ts";
import { replaceContainer } from "./recovery.ts";
import { isLocalSkill, SKILLS_BETA, uploadedSkill } from "./skills.ts";
import { requestTurn } from "./stream-turn.ts";
import type { ToolVersion, UserContent } from "./types.ts";

/** The tool definition of each version (all have the same shape; only `type` differs). */
const CODE_EXECUTION_TOOLS: {
  [V in ToolVersion]: BetaCodeExecutionTool20250825 | BetaCodeExecutionTool20260120 | BetaCodeExecutionTool20260521;
} = {
  code_execution_20250825: { type: "code_execution_20250825", name: "code_execution" },
  code_execution_20260120: { type: "code_execution_20260120", name: "code_execution" },
  code_execution_20260521: { type: "code_execution_20260521", name: "code_execution" },
};

export function hostedTools(settings: Settings, plan: ToolPlan): BetaToolUnion[] {
  // Tools are callable from code only where the version and the model allow it; otherwise they
  // stay direct-only rather than risk a 400.
  const callers = plan.programmatic ? (["direct", plan.toolVersion] as const) : undefined;
  return [
    { ...CODE_EXECUTION_TOOLS[plan.toolVersion] },
    ...settings.tools.map((tool) => customToolParam(tool, callers ? [...callers] : undefined)),
  ];
}

/**
 * The request's `container`: the id alone, as a string, when there are no skills (an object in
 * its place is what users report as a 400); `{ id, skills }` when there are.
 */
export function containerParam(id: string | null, skills: readonly BetaSkillParams[]): MessageCreateParamsBase["container"] | undefined {
  if (skills.length === 0) return id ?? undefined;
  return id === null ? { skills: [...skills] } : { id, skills: [...skills] };
}

/** The skills as `container.skills` entries; skills with files are uploaded once per page and account. */
async function hostedSkills(ctx: RunContext): Promise<BetaSkillParams[]> {
  const params: BetaSkillParams[] = [];
  for (const skill of ctx.settings.skills) {
    if (!isLocalSkill(skill)) {
      params.push({ type: skill.type, skill_id: skill.skill_id, version: skill.version ?? "latest" });
      continue;
    }
    try {
      params.push(await uploadedSkill(ctx.client, skill, ctx.signal));
    } catch (error) {
      // Unreachable: let the auto engine move to local, as for a failed request.
      if (error instanceof APIConnectionError) throw new EngineFailure(error, false);
      throw new AgentError(`The skill "${skill.name}" could not be uploaded through the Skills API (${describeError(error)}).`, false);
    }
  }
  return params;
}

async function toolPlan(ctx: RunContext): Promise<ToolPlan> {
  const { state, settings } = ctx;
  state.toolPlan ??= await lookUpToolPlan(ctx.client, settings.model, settings.toolVersion, ctx.signal);
  if (!state.toolPlan.codeExecution) {
    const reason = new AgentError(
      `The Models API says that ${settings.model} does not support the code execution tool. Choose another model, or use the local engine.`,
      false,
      "tool_unavailable",
    );
    throw new EngineFailure(reason, false);
  }
  return state.toolPlan;
}

export async function runHosted(ctx: RunContext, content: UserContent): Promise<BetaStopReason | null> {
  const { state, settings } = ctx;
  state.messages.push({ role: "user", content });
  appendTranscript(state, "user", userDisplayBlocks(content));
  const userIndex = state.messages.length - 1;
  const tools = hostedTools(settings, await toolPlan(ctx));
  const skills = await hostedSkills(ctx);
  let pauses = 0;
  let rounds = 0;
  let replaced = false;
  const pending = state.pendingReplacement;
  if (pending && state.hostedContainerId === null) {
    replaced = true;
    await replaceContainer(ctx, userIndex, pending.previousId, pending.detail);
  }

  for (;;) {
    const params: MessageCreateParamsBase = {
      model: settings.model,
      max_tokens: settings.maxTokens,
      messages: [...state.messages],
      // The same tools on every request: a continuation without them is rejected.
      tools,
    };
    if (settings.system !== undefined) params.system = settings.system;
    const container = containerParam(state.hostedContainerId, skills);
    if (container !== undefined) params.container = container;
    if (skills.length > 0) params.betas = [SKILLS_BETA];

    let shown = 0;
    let message: Awaited<ReturnType<typeof requestTurn>>;
    try {
      message = await requestTurn(ctx, params, (block) => {
        shown += 1;
        appendTranscript(state, "assistant", [block]);
        ctx.emit({ type: "block", block });
      });
    } catch (error) {
      // Once per send, and only when nothing of this answer was shown: then the same request
      // against a new container repeats no work.
      const lost = state.hostedContainerId;
      if (lost === null || replaced || shown > 0 || !isLostContainer(error, lost)) throw error;
      replaced = true;
      await replaceContainer(ctx, userIndex, lost, describeError(error instanceof EngineFailure ? error.original : error));
      continue;
    }
    state.messages.push(asAssistantParam(message));
    state.pendingReplacement = null;
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
