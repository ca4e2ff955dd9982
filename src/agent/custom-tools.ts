// Runs the application's own tools for the tool_use blocks Claude sent, whether Claude called
// them directly or from code (programmatic calls carry a `caller`). Every call gets an answer:
// the API refuses a continuation that leaves one out.
import type { BetaTool, BetaToolResultBlockParam, BetaToolUseBlock } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { ToolHandler } from "../container/types.ts";
import type { CustomTool } from "./types.ts";

export async function runCustomTool(block: BetaToolUseBlock, tools: readonly CustomTool[]): Promise<BetaToolResultBlockParam> {
  const tool = tools.find((candidate) => candidate.name === block.name);
  if (!tool) {
    return { type: "tool_result", tool_use_id: block.id, content: `Error: there is no tool named ${block.name}.`, is_error: true };
  }
  try {
    const input = (block.input ?? {}) as Record<string, unknown>;
    const content = await tool.handler(input);
    // Programmatic callers accept only text, so anything else is turned into text here.
    return { type: "tool_result", tool_use_id: block.id, content: typeof content === "string" ? content : JSON.stringify(content) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { type: "tool_result", tool_use_id: block.id, content: `Error: ${message}`, is_error: true };
  }
}

/** The handlers to register in a local container so that Python code can await the tools. */
export function containerTools(tools: readonly CustomTool[]): Record<string, ToolHandler> {
  const handlers: Record<string, ToolHandler> = {};
  for (const tool of tools) if (tool.callableFromCode) handlers[tool.name] = tool.handler;
  return handlers;
}

/** A custom tool as the API wants it; `callers` become its allowed_callers when it is callable from code. */
export function customToolParam(tool: CustomTool, callers?: BetaTool["allowed_callers"]): BetaTool {
  const param: BetaTool = { name: tool.name, input_schema: tool.input_schema };
  if (tool.description !== undefined) param.description = tool.description;
  if (callers && tool.callableFromCode) param.allowed_callers = callers;
  return param;
}
