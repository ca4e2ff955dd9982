// Public types of the agent layer. Block shapes all come from the SDK; only the agent's own
// options, events and bookkeeping are declared here.
import type {
  BetaContentBlock,
  BetaContentBlockParam,
  BetaMessageParam,
  BetaStopReason,
  BetaTool,
} from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { Container } from "../container/types.ts";
import type { AgentSkill } from "./skills.ts";

export type EngineName = "hosted" | "local";

export type ToolVersion = "code_execution_20250825" | "code_execution_20260120" | "code_execution_20260521";

/** A tool the application implements. Claude calls it directly, or from its code when allowed. */
export interface CustomTool {
  name: string;
  description?: string;
  input_schema: BetaTool.InputSchema;
  /** Returns the text of the tool_result. A throw becomes a tool_result with is_error. */
  handler: (input: Record<string, unknown>) => string | Promise<string>;
  /**
   * Let Claude's code call this tool as `await name({...})`. Hosted: needs toolVersion
   * `code_execution_20260120` or later and a model that reports programmatic tool calling (when
   * the Models API answers); the tool then gets `allowed_callers: ["direct", <toolVersion>]`.
   * Local: the container must have the handler registered, so create it with
   * `createContainer({ tools: containerTools(tools) })`.
   */
  callableFromCode?: boolean;
}

export interface AgentOptions {
  /** "auto" starts hosted and moves to local when the hosted tool is unreachable or unavailable. */
  engine?: "hosted" | "local" | "auto";
  apiKey?: string;
  /** A proxy, or a test server. */
  baseURL?: string;
  model?: string;
  /**
   * Default: what the model's capabilities call for (Models API): code_execution_20260521 when it
   * reports programmatic tool calling, else code_execution_20250825; 20250825 when the Models API
   * cannot be asked.
   */
  toolVersion?: ToolVersion;
  /**
   * A local Container (used by the local engine), or a hosted container to reuse: its id, or the
   * `container` object of an earlier response (only its id is sent).
   */
  container?: Container | string | { id: string };
  /**
   * Agent Skills, at most 20. Hosted: all of them go in `container.skills` (skills with files are
   * uploaded through the Skills API first). Local: skills with files are listed in the system
   * prompt; the container must mount the same ones (`createContainer({ skills })`).
   */
  skills?: AgentSkill[];
  tools?: CustomTool[];
  system?: string;
  maxTokens?: number;
  /** SDK retries for 408/409/429/5xx and connection failures (default 2). */
  maxRetries?: number;
  /** An earlier conversation to continue (an imported transcript): shown as it was, and given
   * to the model as text, since its calls ran in a container that is gone. */
  history?: readonly TranscriptTurn[];
}

/** Token counts summed over every request one `send` made. */
export interface AgentUsage {
  input_tokens: number;
  output_tokens: number;
  requests: number;
}

export type AgentEvent =
  | { type: "text_delta"; text: string }
  | { type: "block"; block: TranscriptBlock }
  | { type: "engine"; engine: EngineName; reason: string }
  /**
   * An output file of a code execution result, fetched right after the result block: through the
   * Files API (hosted) or from the container (local). `name` is known for hosted files only.
   */
  | { type: "file"; file_id: string; name?: string; data: Uint8Array }
  /**
   * The hosted container was lost (expired, or a server error that names it): the conversation
   * goes on in a new one, into which the files the agent holds were uploaded again.
   */
  | { type: "container_replaced"; previous_id: string; reason: string; reuploaded: Array<{ name: string; file_id: string }> }
  /** A file that could not be fetched; the conversation goes on. */
  | { type: "file_error"; file_id: string; message: string }
  /** Ends the stream: nothing follows an error. */
  | { type: "error"; message: string; retryable: boolean }
  /** Ends the stream. */
  | { type: "done"; stop_reason: BetaStopReason | null; usage: AgentUsage };

/** A block in display form: what the API returned, or what the user sent. */
export type TranscriptBlock = BetaContentBlock | BetaContentBlockParam;

export interface TranscriptTurn {
  role: "user" | "assistant";
  content: TranscriptBlock[];
}

export type UserContent = string | BetaContentBlockParam[];

export interface Agent {
  /**
   * Sends one user turn and runs it to the end (pause_turn continuations and tool rounds
   * included). The events end with exactly one `done` or `error`. Breaking out of the loop
   * aborts the request. One send at a time.
   */
  send(content: UserContent): AsyncIterable<AgentEvent>;
  /** Uploads a file for the next `send`: returns the `container_upload` block to put in it. */
  uploadFile(name: string, data: Uint8Array): Promise<{ type: "container_upload"; file_id: string }>;
  /**
   * Replaces the skills from the next send on (a send in progress keeps its own). Hosted: the
   * next request names them in `container.skills`; local: the system prompt lists them.
   */
  setSkills(skills: AgentSkill[]): void;
  /** Fetches an output file again (hosted: Files API; local: the container). */
  downloadFile(fileId: string): Promise<Uint8Array>;
  /** Every block of the conversation in display form: hosted shapes for both engines. */
  readonly transcript: readonly TranscriptTurn[];
  /** The history exactly as sent to the API. */
  readonly messages: readonly BetaMessageParam[];
  /** Hosted container id, or the local container's id; null before the first hosted answer. */
  readonly containerId: string | null;
  readonly engine: EngineName;
}
