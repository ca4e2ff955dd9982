// The `bash_code_execution` sub-tool: one shell command, offered to the local model as the
// Anthropic-defined `bash` tool.
import type { BetaBashCodeExecutionToolResultBlock, BetaToolBash20250124 } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { errorSummary, pick, type ProcessOutcome, type ProcessSubTool, processFailures, processText, textReply } from "./sub-tool.ts";

type Block = BetaBashCodeExecutionToolResultBlock;
type ErrorCode = Extract<Block["content"], { type: "bash_code_execution_tool_result_error" }>["error_code"];

// Anthropic-defined: the model already knows its input, so no schema is sent.
export const BASH_TOOL: BetaToolBash20250124 = { type: "bash_20250124", name: "bash" };

export function bashResult(toolUseId: string, outcome: ProcessOutcome): Block {
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

export function bashError(toolUseId: string, error_code: ErrorCode): Block {
  return {
    type: "bash_code_execution_tool_result",
    tool_use_id: toolUseId,
    content: { type: "bash_code_execution_tool_result_error", error_code },
  };
}

export const bash: ProcessSubTool<"bash_code_execution", Block> = {
  name: "bash_code_execution",
  resultType: "bash_code_execution_tool_result",
  answers: "process",
  streams: true,
  invalidInput: (input) =>
    typeof input.command !== "string" ? `bash_code_execution needs {"command": "<shell command>"} with a string command.` : null,
  run: (api, input, stream) => api.bash(input.command as string, { stream }),
  cancel: (api) => api.cancelShell(),
  result: bashResult,
  outputsTooLarge: (toolUseId) => bashError(toolUseId, "output_file_too_large"),
  error: (toolUseId, code) => bashError(toolUseId, code),
  ...processFailures(bashResult),
  summary: (c) =>
    c.type === "bash_code_execution_result"
      ? { stdout: c.stdout, stderr: c.stderr, returnCode: c.return_code, fileIds: c.content.map((f) => f.file_id) }
      : errorSummary(c.error_code),
  client: {
    name: BASH_TOOL.name,
    definition: () => BASH_TOOL,
    // `restart` alone: every local bash call already starts a fresh shell.
    input: (input) => (input.restart === true && input.command === undefined ? "restart" : pick(input, ["command"])),
  },
  toolResult: (toolUseId, _input, c) =>
    c.type === "bash_code_execution_result"
      ? textReply(toolUseId, processText(c.stdout, c.stderr, c.return_code))
      : textReply(toolUseId, `Error: ${c.error_code}`, true),
};
