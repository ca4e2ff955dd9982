// The `code_execution` sub-tool: Python code in a persistent REPL, offered to the local model as
// a client tool of the same name (with a schema: the model does not know it as a client tool).
import type { BetaCodeExecutionToolResultBlock, BetaTool } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { errorSummary, pick, type ProcessOutcome, type ProcessSubTool, processFailures, processText, textReply } from "./sub-tool.ts";

type Block = BetaCodeExecutionToolResultBlock;
type ErrorCode = Extract<Block["content"], { type: "code_execution_tool_result_error" }>["error_code"];

export const PYTHON_TOOL_NAME = "code_execution";

export function pythonResult(toolUseId: string, outcome: ProcessOutcome): Block {
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

export function pythonError(toolUseId: string, error_code: ErrorCode): Block {
  return {
    type: "code_execution_tool_result",
    tool_use_id: toolUseId,
    content: { type: "code_execution_tool_result_error", error_code },
  };
}

/** `callable`: the custom tools Python code can await. */
export function pythonTool(callable: readonly string[]): BetaTool {
  const toolsNote =
    callable.length > 0
      ? ` These tools are async functions in the namespace: ${callable.join(", ")}. Each takes one dict ` +
        `and returns a string: \`result = await ${callable[0]}({...})\`.`
      : "";
  return {
    name: PYTHON_TOOL_NAME,
    description:
      "Run Python code (Pyodide) in a persistent REPL: variables, imports and functions defined in one " +
      "call are still there in the next. Top-level `await` works. Print what you want to see; stdout, " +
      "stderr and the exit status come back." +
      toolsNote,
    input_schema: {
      type: "object",
      properties: { code: { type: "string", description: "The Python code to run." } },
      required: ["code"],
    },
  };
}

export const python: ProcessSubTool<"code_execution", Block> = {
  name: "code_execution",
  resultType: "code_execution_tool_result",
  answers: "process",
  streams: true,
  invalidInput: (input) => (typeof input.code !== "string" ? `code_execution needs {"code": "<python source>"} with a string code.` : null),
  run: (api, input, stream) => api.python(input.code as string, { stream }),
  cancel: (api) => api.cancelCell(),
  result: pythonResult,
  error: (toolUseId, code) => pythonError(toolUseId, code),
  ...processFailures(pythonResult),
  summary: (c) => {
    switch (c.type) {
      case "code_execution_result":
        return { stdout: c.stdout, stderr: c.stderr, returnCode: c.return_code, fileIds: c.content.map((f) => f.file_id) };
      case "encrypted_code_execution_result":
        return { stdout: c.encrypted_stdout, stderr: c.stderr, returnCode: c.return_code, fileIds: c.content.map((f) => f.file_id) };
      default:
        return errorSummary(c.error_code);
    }
  },
  client: {
    name: PYTHON_TOOL_NAME,
    definition: pythonTool,
    input: (input) => pick(input, ["code"]),
  },
  toolResult: (toolUseId, _input, c) => {
    switch (c.type) {
      case "code_execution_result":
        return textReply(toolUseId, processText(c.stdout, c.stderr, c.return_code));
      case "encrypted_code_execution_result":
        return textReply(toolUseId, processText("(encrypted output)", c.stderr, c.return_code));
      default:
        return textReply(toolUseId, `Error: ${c.error_code}`, true);
    }
  },
};
