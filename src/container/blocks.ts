// The one place where result blocks are built. The UI and the agent only pass them on.
import type {
  BetaBashCodeExecutionToolResultBlock,
  BetaCodeExecutionToolResultBlock,
  BetaTextEditorCodeExecutionToolResultBlock,
} from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { EditorContent } from "../tools/editor-commands.ts";
import type { ToolResultBlock } from "./types.ts";

/** A finished process: what both the shell and the REPL report. */
export interface ProcessOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  fileIds: string[];
}

type BashErrorCode = Extract<
  BetaBashCodeExecutionToolResultBlock["content"],
  { type: "bash_code_execution_tool_result_error" }
>["error_code"];
type PythonErrorCode = Extract<BetaCodeExecutionToolResultBlock["content"], { type: "code_execution_tool_result_error" }>["error_code"];
type EditorErrorCode = Extract<EditorContent, { type: "text_editor_code_execution_tool_result_error" }>["error_code"];
/** Codes every sub-tool shares. */
export type CommonErrorCode = BashErrorCode & PythonErrorCode & EditorErrorCode;

export function bashResult(toolUseId: string, outcome: ProcessOutcome): BetaBashCodeExecutionToolResultBlock {
  return {
    type: "bash_code_execution_tool_result",
    tool_use_id: toolUseId,
    content: {
      type: "bash_code_execution_result",
      stdout: outcome.stdout,
      stderr: outcome.stderr,
      return_code: outcome.exitCode,
      content: outcome.fileIds.map((file_id) => ({ type: "bash_code_execution_output", file_id })),
    },
  };
}

export function pythonResult(toolUseId: string, outcome: ProcessOutcome): BetaCodeExecutionToolResultBlock {
  return {
    type: "code_execution_tool_result",
    tool_use_id: toolUseId,
    content: {
      type: "code_execution_result",
      stdout: outcome.stdout,
      stderr: outcome.stderr,
      return_code: outcome.exitCode,
      content: outcome.fileIds.map((file_id) => ({ type: "code_execution_output", file_id })),
    },
  };
}

export function editorResult(toolUseId: string, content: EditorContent): BetaTextEditorCodeExecutionToolResultBlock {
  return { type: "text_editor_code_execution_tool_result", tool_use_id: toolUseId, content };
}

export function bashError(toolUseId: string, error_code: BashErrorCode): BetaBashCodeExecutionToolResultBlock {
  return {
    type: "bash_code_execution_tool_result",
    tool_use_id: toolUseId,
    content: { type: "bash_code_execution_tool_result_error", error_code },
  };
}

export function pythonError(toolUseId: string, error_code: PythonErrorCode): BetaCodeExecutionToolResultBlock {
  return {
    type: "code_execution_tool_result",
    tool_use_id: toolUseId,
    content: { type: "code_execution_tool_result_error", error_code },
  };
}

export function editorError(
  toolUseId: string,
  error_code: EditorErrorCode,
  error_message: string | null,
): BetaTextEditorCodeExecutionToolResultBlock {
  return editorResult(toolUseId, { type: "text_editor_code_execution_tool_result_error", error_code, error_message });
}

/** The error block of the sub-tool `name`; unknown names answer as the parent code_execution tool. */
export function errorFor(name: unknown, toolUseId: string, code: CommonErrorCode, message: string | null): ToolResultBlock {
  switch (name) {
    case "bash_code_execution":
      return bashError(toolUseId, code);
    case "text_editor_code_execution":
      return editorError(toolUseId, code, message);
    default:
      return pythonError(toolUseId, code);
  }
}

/**
 * A call that could not run, with the sentence saying why. The editor's error block carries a
 * message; bash's and Python's carry only a code, so for them the sentence goes to stderr of a
 * failed result instead (a bare `unavailable` would leave the model guessing).
 */
export function failedFor(name: unknown, toolUseId: string, message: string, exitCode = 1): ToolResultBlock {
  const outcome: ProcessOutcome = { stdout: "", stderr: `[sandbox: ${message}]\n`, exitCode, fileIds: [] };
  switch (name) {
    case "bash_code_execution":
      return bashResult(toolUseId, outcome);
    case "text_editor_code_execution":
      return editorError(toolUseId, "unavailable", message);
    default:
      return pythonResult(toolUseId, outcome);
  }
}
