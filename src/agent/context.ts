// The state one conversation carries between sends, and the context one send runs in.
import type Anthropic from "@anthropic-ai/sdk";
import type { BetaContentBlockParam, BetaMessage, BetaMessageParam } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { Container } from "../container/types.ts";
import type { ToolPlan } from "./capabilities.ts";
import type { AgentSkill } from "./skills.ts";
import type { AgentEvent, AgentUsage, CustomTool, EngineName, ToolVersion, TranscriptBlock, TranscriptTurn } from "./types.ts";

export interface Settings {
  baseURL: string;
  model: string;
  maxTokens: number;
  system: string | undefined;
  /** The version the caller asked for; undefined: the model's capabilities decide. */
  toolVersion: ToolVersion | undefined;
  tools: readonly CustomTool[];
  skills: readonly AgentSkill[];
  localContainer: Container | undefined;
}

export interface UploadRecord {
  name: string;
  data: Uint8Array;
  /** Where the file is in the local container, once it has been put there. */
  localPath?: string;
}

export interface ConversationState {
  engine: EngineName;
  messages: BetaMessageParam[];
  transcript: TranscriptTurn[];
  hostedContainerId: string | null;
  /** Files uploaded through the agent, kept so that the local engine can still use them after a switch. */
  uploads: Map<string, UploadRecord>;
  /** Ids of output files that live in the local container, not in the Files API. */
  localFileIds: Set<string>;
  /** Output files of the hosted container, as fetched: uploaded again if the container is lost. */
  hostedOutputs: Map<string, { name: string; data: Uint8Array }>;
  /** A lost container whose replacement has not answered yet (see recovery.ts). */
  pendingReplacement: { previousId: string; detail: string } | null;
  /** The tool plan of the hosted engine, looked up once. */
  toolPlan: ToolPlan | null;
  /** An engine switch that happened outside a send (an upload), reported at the next send. */
  pendingEngineEvent: Extract<AgentEvent, { type: "engine" }> | null;
}

export interface RunContext {
  client: Anthropic;
  settings: Settings;
  state: ConversationState;
  emit(event: AgentEvent): void;
  signal: AbortSignal;
  usage: AgentUsage;
  /** Set once any part of an answer arrived in this send. */
  receivedOutput: boolean;
}

export function appendTranscript(state: ConversationState, role: "user" | "assistant", blocks: TranscriptBlock[]): void {
  if (blocks.length === 0) return;
  const last = state.transcript.at(-1);
  // Continuations (pause_turn, tool rounds) extend the turn the user is already looking at.
  if (last && last.role === role) last.content.push(...blocks);
  else state.transcript.push({ role, content: [...blocks] });
}

export interface Checkpoint {
  messages: number;
  transcript: TranscriptTurn[];
}

function copyTurns(turns: readonly TranscriptTurn[]): TranscriptTurn[] {
  return turns.map((turn) => ({ role: turn.role, content: [...turn.content] }));
}

export function checkpoint(state: ConversationState): Checkpoint {
  return { messages: state.messages.length, transcript: copyTurns(state.transcript) };
}

/** A failed send leaves no trace in the history, so sending the same content again retries it cleanly. */
export function rollback(state: ConversationState, to: Checkpoint): void {
  state.messages.length = to.messages;
  // A copy, so that a checkpoint can be rolled back to more than once (auto: hosted, then local).
  state.transcript = copyTurns(to.transcript);
}

export function addUsage(usage: AgentUsage, message: BetaMessage): void {
  usage.input_tokens += message.usage.input_tokens;
  usage.output_tokens += message.usage.output_tokens;
  usage.requests += 1;
}

/** The API takes back the content it sent unchanged; only the TypeScript types of the two sides differ. */
export function asAssistantParam(message: BetaMessage): BetaMessageParam {
  return { role: "assistant", content: message.content as BetaContentBlockParam[] };
}
