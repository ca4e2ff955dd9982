// What one sub-tool of the code execution tool is, everywhere it matters: the container checks
// its input, runs it in the worker and builds its blocks; the local agent offers it to the model
// as a client tool and reads its results back; replay compares its results. Each sub-tool is one
// module (bash.ts, text-editor.ts, python.ts) and registry.ts lists them. Renderers are UI code
// and live in a table of their own, keyed by the same names (src/ui/render/sub-tool-views.ts).
import type { BetaToolResultBlockParam, BetaToolUnion } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { Remote } from "comlink";
import type { EditorOutcome, RawResult, WorkerApi } from "../protocol/worker-api.ts";

/** A finished process: what both the shell and the REPL report, ready for a result block. */
export interface ProcessOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  fileIds: string[];
}

/** Error codes every sub-tool's error block accepts. */
export type CommonErrorCode = "invalid_tool_input" | "unavailable" | "too_many_requests" | "execution_time_exceeded";

/**
 * A result, reduced to what can be compared across engines and read without knowing the
 * sub-tool: results without streams of their own put what they report in stdout; errors put
 * their code in stderr and have no return code.
 */
export interface ResultSummary {
  stdout: string;
  stderr: string;
  returnCode: number | null;
  fileIds: string[];
}

/** Any of the SDK's code execution result blocks. */
export interface ResultBlockLike {
  type: string;
  tool_use_id: string;
  content: { type: string };
}

interface SubToolBase<Name extends string, Block extends ResultBlockLike> {
  readonly name: Name;
  /** The type of its result block. */
  readonly resultType: Block["type"];
  /** Why `input` (a plain object) cannot run, as a sentence for the model; null when it can. */
  invalidInput(input: Record<string, unknown>): string | null;
  /** Cancels its work waiting in a free worker (an await, a sleep), keeping the runtime's state. */
  cancel?(api: Remote<WorkerApi>): Promise<boolean>;
  error(toolUseId: string, code: CommonErrorCode, message: string | null): Block;
  /** A call that could not run, with the sentence saying why (the model reads it). */
  failed(toolUseId: string, message: string, exitCode?: number): Block;
  /** A call the user stopped by ending its runtime; `text` says what was lost. */
  stopped(toolUseId: string, text: string): Block;
  summary(content: Block["content"]): ResultSummary;
  /** How the local engine offers it to the model, as a client tool. */
  readonly client: ClientTool;
  /** The tool_result the model reads back for its result. */
  toolResult(toolUseId: string, input: Record<string, unknown>, content: Block["content"]): BetaToolResultBlockParam;
}

/** A sub-tool that runs a process (a shell command, Python code) with streams and output files. */
export interface ProcessSubTool<Name extends string = string, Block extends ResultBlockLike = ResultBlockLike>
  extends SubToolBase<Name, Block> {
  readonly answers: "process";
  /** Whether the worker can send its output to the page as it is written (then ending with "output-end"). */
  readonly streams: boolean;
  /** `stream`: send the output as it is written (only asked of a sub-tool that streams). */
  run(api: Remote<WorkerApi>, input: Record<string, unknown>, stream: boolean): Promise<RawResult>;
  result(toolUseId: string, outcome: ProcessOutcome): Block;
  /** Its error block for output files over the disk budget; without it, a note in stderr says so. */
  outputsTooLarge?(toolUseId: string): Block;
}

/** A sub-tool whose worker answer is already its block's content (the editor). */
export interface ContentSubTool<Name extends string = string, Block extends ResultBlockLike = ResultBlockLike>
  extends SubToolBase<Name, Block> {
  readonly answers: "content";
  run(api: Remote<WorkerApi>, input: Record<string, unknown>): Promise<EditorOutcome>;
  result(toolUseId: string, content: Block["content"]): Block;
}

export type SubTool<Name extends string = string, Block extends ResultBlockLike = ResultBlockLike> =
  | ProcessSubTool<Name, Block>
  | ContentSubTool<Name, Block>;

export interface ClientTool {
  /** The client tool's name, as the model calls it. */
  readonly name: string;
  /** `callable`: custom tools Python code can await (only the Python tool mentions them). */
  definition(callable: readonly string[]): BetaToolUnion;
  /** The sub-tool's input from the client tool's (only the keys the sub-tool knows), or "restart". */
  input(input: Record<string, unknown>): Record<string, unknown> | "restart";
}

/** The input with only the given keys, and only those the model actually sent. */
export function pick(input: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (input[key] !== undefined) out[key] = input[key];
  return out;
}

/** A tool_result with text, marked as an error when it is one. */
export function textReply(toolUseId: string, content: string, isError = false): BetaToolResultBlockParam {
  return isError
    ? { type: "tool_result", tool_use_id: toolUseId, content, is_error: true }
    : { type: "tool_result", tool_use_id: toolUseId, content };
}

/** A process's output as the model reads it back. */
export function processText(stdout: string, stderr: string, returnCode: number): string {
  const parts: string[] = [];
  if (stdout !== "") parts.push(stdout.replace(/\n$/, ""));
  if (stderr !== "") parts.push(`[stderr]\n${stderr.replace(/\n$/, "")}`);
  if (returnCode !== 0) parts.push(`[exit code ${returnCode}]`);
  return parts.length > 0 ? parts.join("\n") : "(no output)";
}

/**
 * The failed and stopped results of a process sub-tool. Its error block carries only a code, so
 * the sentence goes to stderr of a failed result instead (a bare `unavailable` would leave the
 * model guessing).
 */
export function processFailures<Block>(result: (toolUseId: string, outcome: ProcessOutcome) => Block) {
  return {
    failed: (toolUseId: string, message: string, exitCode = 1): Block =>
      result(toolUseId, { stdout: "", stderr: `[sandbox: ${message}]\n`, exitCode, fileIds: [] }),
    stopped: (toolUseId: string, text: string): Block => result(toolUseId, { stdout: "", stderr: text, exitCode: 130, fileIds: [] }),
  };
}

/** The summary of an error content (a code, no streams). */
export function errorSummary(errorCode: string): ResultSummary {
  return { stdout: "", stderr: errorCode, returnCode: null, fileIds: [] };
}
