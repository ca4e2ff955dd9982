// createAgent: one conversation with Claude, on the hosted engine, the local one, or auto.
// This module owns the conversation state and turns every failure into one final event.
import Anthropic, { toFile } from "@anthropic-ai/sdk";
import type { Container } from "../container/types.ts";
import { runAuto, switchToLocal } from "./auto.ts";
import { checkpoint, rollback, type ConversationState, type RunContext, type Settings } from "./context.ts";
import { classify, describeError, OFFLINE_HINT } from "./errors.ts";
import { eventStream } from "./events.ts";
import { fetchHostedFile } from "./files.ts";
import { historyMessages } from "./history.ts";
import { runHosted } from "./hosted.ts";
import { requireContainer, runLocal } from "./local.ts";
import { invalidSkillSet, type AgentSkill } from "./skills.ts";
import type { Agent, AgentEvent, AgentOptions, AgentUsage, UserContent } from "./types.ts";

export const DEFAULT_MODEL = "claude-sonnet-5";
export const DEFAULT_MAX_TOKENS = 8192;
const DEFAULT_BASE_URL = "https://api.anthropic.com";

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null && typeof (value as Container).execute === "function";
}

/** A hosted container id given as the id, or as an earlier response's `container` object. */
function hostedContainerId(value: AgentOptions["container"]): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && !isContainer(value) && typeof value.id === "string") return value.id;
  return null;
}

/** Why `content` cannot be sent, or null when it can. */
function invalidContent(content: unknown): string | null {
  if (typeof content === "string") return content.trim() === "" ? "the message is empty" : null;
  if (!Array.isArray(content) || content.length === 0) return "content must be a non-empty string or a non-empty array of content blocks";
  const bad = content.findIndex(
    (block) => typeof block !== "object" || block === null || typeof (block as { type?: unknown }).type !== "string",
  );
  return bad === -1 ? null : `content block ${bad} is not a content block (it has no "type")`;
}

export function createAgent(options: AgentOptions = {}): Agent {
  const mode = options.engine ?? "auto";
  const settings: Settings = {
    baseURL: options.baseURL ?? DEFAULT_BASE_URL,
    model: options.model ?? DEFAULT_MODEL,
    maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
    system: options.system,
    toolVersion: options.toolVersion,
    tools: options.tools ?? [],
    skills: [...(options.skills ?? [])],
    localContainer: isContainer(options.container) ? options.container : undefined,
  };
  const state: ConversationState = {
    engine: mode === "local" ? "local" : "hosted",
    messages: options.history ? historyMessages(options.history) : [],
    transcript: options.history ? structuredClone([...options.history]) : [],
    hostedContainerId: hostedContainerId(options.container),
    uploads: new Map(),
    localFileIds: new Set(),
    hostedOutputs: new Map(),
    pendingReplacement: null,
    toolPlan: null,
    pendingEngineEvent: null,
  };
  let client: Anthropic | null = null;
  let running = false;

  function getClient(): Anthropic {
    if (!options.apiKey) throw new Error(`No API key, so no model can be reached. ${OFFLINE_HINT}`);
    // The key is the user's own, typed into the page, which warns about it; the SDK refuses to run
    // in a browser without this flag, and in Node the flag changes nothing.
    client ??= new Anthropic({
      apiKey: options.apiKey,
      baseURL: settings.baseURL,
      maxRetries: options.maxRetries ?? 2,
      dangerouslyAllowBrowser: true,
    });
    return client;
  }

  async function run(content: UserContent, emit: (event: AgentEvent) => void, signal: AbortSignal): Promise<void> {
    if (running) {
      emit({ type: "error", message: "A message is still being answered; wait for its done or error event.", retryable: true });
      return;
    }
    const invalid = invalidContent(content);
    if (invalid !== null) {
      emit({ type: "error", message: `Nothing was sent: ${invalid}.`, retryable: false });
      return;
    }
    const badSkills = invalidSkillSet(settings.skills);
    if (badSkills !== null) {
      emit({ type: "error", message: `Nothing was sent: ${badSkills}.`, retryable: false });
      return;
    }
    if (!options.apiKey) {
      emit({ type: "error", message: `No API key, so no model can be reached. ${OFFLINE_HINT}`, retryable: false });
      return;
    }
    running = true;
    const usage: AgentUsage = { input_tokens: 0, output_tokens: 0, requests: 0 };
    const before = checkpoint(state);
    try {
      if (state.pendingEngineEvent) {
        emit(state.pendingEngineEvent);
        state.pendingEngineEvent = null;
      }
      const ctx: RunContext = { client: getClient(), settings, state, emit, signal, usage, receivedOutput: false };
      const stopReason =
        mode === "auto"
          ? await runAuto(ctx, content, before)
          : state.engine === "local"
            ? await runLocal(ctx, content)
            : await runHosted(ctx, content);
      emit({ type: "done", stop_reason: stopReason, usage });
    } catch (error) {
      rollback(state, before);
      const failure = classify(error, { baseURL: settings.baseURL, containerId: state.hostedContainerId });
      // Nobody is listening any more: the caller left the loop.
      if (failure.kind === "aborted") return;
      // Offer a new container: the next request goes out without the dead id.
      if (failure.kind === "container_expired") state.hostedContainerId = null;
      emit({ type: "error", message: failure.message, retryable: failure.retryable });
    } finally {
      running = false;
    }
  }

  return {
    send(content: UserContent): AsyncIterable<AgentEvent> {
      return eventStream<AgentEvent>(
        (emit, signal) => run(content, emit, signal),
        (error) => ({
          type: "error",
          message: `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
          retryable: false,
        }),
      );
    },

    uploadFile,

    setSkills(skills: AgentSkill[]): void {
      settings.skills = [...skills];
    },

    async downloadFile(fileId: string): Promise<Uint8Array> {
      if (state.localFileIds.has(fileId) || (state.engine === "local" && settings.localContainer)) {
        return requireLocal().downloadFile(fileId);
      }
      return (await fetchHostedFile(getClient(), fileId)).data;
    },

    get transcript() {
      return state.transcript;
    },
    get messages() {
      return state.messages;
    },
    get containerId() {
      return state.engine === "local" ? (settings.localContainer?.id ?? null) : state.hostedContainerId;
    },
    get engine() {
      return state.engine;
    },
  };

  async function uploadFile(name: string, data: Uint8Array): Promise<{ type: "container_upload"; file_id: string }> {
    if (state.engine === "local") {
      const uploaded = await requireLocal().uploadFile(name, data);
      state.uploads.set(uploaded.file_id, { name, data, localPath: uploaded.path });
      return { type: "container_upload", file_id: uploaded.file_id };
    }
    const api = getClient();
    try {
      const meta = await api.beta.files.upload({ file: await toFile(data, name) });
      state.uploads.set(meta.id, { name, data });
      return { type: "container_upload", file_id: meta.id };
    } catch (error) {
      const failure = classify(error, { baseURL: settings.baseURL, containerId: state.hostedContainerId });
      if (mode === "auto" && failure.kind === "connection" && settings.localContainer) {
        switchToLocal(state);
        state.pendingEngineEvent = {
          type: "engine",
          engine: "local",
          reason: `The Files API could not be reached (${describeError(error)}); code runs locally from now on.`,
        };
        return uploadFile(name, data);
      }
      throw new Error(failure.message);
    }
  }

  function requireLocal(): Container {
    return requireContainer(settings.localContainer);
  }
}
