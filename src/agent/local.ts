// The local engine: the same Messages API call without the server tool. Claude gets client
// tools (bash, the text editor, Python), the local Container runs them, and the user sees each
// call as the hosted server_tool_use + result pair, while the API history keeps the real
// tool_use/tool_result blocks with the output as text.
import { APIUserAbortError } from "@anthropic-ai/sdk";
import type {
  BetaContentBlockParam,
  BetaServerToolUseBlock,
  BetaStopReason,
  BetaToolResultBlockParam,
  MessageCreateParamsBase,
} from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { Container } from "../container/types.ts";
import { appendTranscript, asAssistantParam, type RunContext } from "./context.ts";
import { runCustomTool } from "./custom-tools.ts";
import { AgentError, EngineFailure } from "./errors.ts";
import { emitOutputFiles } from "./files.ts";
import { checkToolRounds, MAX_PAUSE_CONTINUATIONS, userDisplayBlocks } from "./loop.ts";
import { LOCAL_SYSTEM_NOTE, localTools, packagesNote, planToolUse, resultToToolResult } from "./local-tools.ts";
import { skillsSystemNote, type AgentSkill } from "./skills.ts";
import { requestTurn } from "./stream-turn.ts";
import type { TranscriptBlock, UserContent } from "./types.ts";

/**
 * The application's system prompt, then what the local tools need said (with `packages`, what the
 * container's package source offers, named as the hosted docs name theirs), then the skills.
 */
export function localSystem(system: string | undefined, packages: readonly string[] = [], skills: readonly AgentSkill[] = []): string {
  const note = packages.length > 0 ? `${LOCAL_SYSTEM_NOTE} ${packagesNote(packages)}` : LOCAL_SYSTEM_NOTE;
  return [system, note, skillsSystemNote(skills)].filter((part): part is string => part !== undefined && part !== null).join("\n\n");
}

export function requireContainer(container: Container | undefined): Container {
  if (!container) {
    throw new AgentError(
      'The local engine needs a container: createAgent({ engine: "local", container: await createContainer() }).',
      false,
    );
  }
  return container;
}

/**
 * The model cannot read `container_upload` blocks without the server tool, so each becomes a
 * sentence saying where the file is; a file uploaded to the Files API before a switch is put into
 * the container here.
 */
async function localUserContent(ctx: RunContext, container: Container, content: UserContent): Promise<UserContent> {
  if (typeof content === "string") return content;
  const out: BetaContentBlockParam[] = [];
  for (const block of content) {
    if (block.type !== "container_upload") {
      out.push(block);
      continue;
    }
    const upload = ctx.state.uploads.get(block.file_id);
    if (!upload) {
      out.push({ type: "text", text: `[File ${block.file_id} is not available in the local sandbox.]` });
      continue;
    }
    if (upload.localPath === undefined) upload.localPath = (await container.uploadFile(upload.name, upload.data)).path;
    out.push({ type: "text", text: `[The user uploaded ${upload.name}; it is at ${upload.localPath}.]` });
  }
  return out;
}

export async function runLocal(ctx: RunContext, content: UserContent): Promise<BetaStopReason | null> {
  const { state, settings } = ctx;
  const container = requireContainer(settings.localContainer);
  state.messages.push({ role: "user", content: await localUserContent(ctx, container, content) });
  appendTranscript(state, "user", userDisplayBlocks(content));
  const tools = localTools(settings.tools);
  const system = localSystem(settings.system, await container.availablePackages?.().catch(() => []), settings.skills);
  let pauses = 0;
  let rounds = 0;

  const show = (block: TranscriptBlock): void => {
    appendTranscript(state, "assistant", [block]);
    ctx.emit({ type: "block", block });
  };

  for (;;) {
    const params: MessageCreateParamsBase = {
      model: settings.model,
      max_tokens: settings.maxTokens,
      system,
      messages: [...state.messages],
      tools,
    };
    // Blocks before the first tool call are shown as they complete; later ones wait for the
    // calls before them to run, so the display keeps the message's order.
    let shown = 0;
    const message = await requestTurn(ctx, params, (block, index) => {
      if (index === shown && block.type !== "tool_use") {
        show(block);
        shown += 1;
      }
    });
    state.messages.push(asAssistantParam(message));

    const results: BetaToolResultBlockParam[] = [];
    const customResults: BetaToolResultBlockParam[] = [];
    for (const block of message.content.slice(shown)) {
      if (ctx.signal.aborted) throw new EngineFailure(new APIUserAbortError(), true);
      if (block.type !== "tool_use") {
        show(block);
        continue;
      }
      const plan = planToolUse(block);
      if (plan.kind === "custom") {
        show(block);
        const result = await runCustomTool(block, settings.tools);
        results.push(result);
        customResults.push(result);
      } else if (plan.kind === "restart") {
        results.push({ type: "tool_result", tool_use_id: block.id, content: "The shell was restarted." });
      } else {
        const display: BetaServerToolUseBlock = { ...plan.call, input: { ...plan.call.input } };
        show(display);
        const result = await container.execute(plan.call);
        show(result);
        await emitOutputFiles(ctx, [result], true);
        results.push(resultToToolResult(block.id, plan.call, result));
      }
    }

    if (message.stop_reason === "pause_turn") {
      if (pauses >= MAX_PAUSE_CONTINUATIONS) return "pause_turn";
      pauses += 1;
      continue;
    }
    if (message.stop_reason === "tool_use" && results.length > 0) {
      rounds += 1;
      checkToolRounds(rounds);
      state.messages.push({ role: "user", content: results });
      // Code tool results are already on screen inside the assistant turn; the application's own
      // tools are answered by the user side, as with the hosted engine.
      appendTranscript(state, "user", customResults);
      for (const block of customResults) ctx.emit({ type: "block", block });
      continue;
    }
    return message.stop_reason;
  }
}
