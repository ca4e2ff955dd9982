// The client tools the local engine offers Claude, and the two translations around them:
// a tool_use into a container call (shown to the user as the hosted server_tool_use), and the
// container's result block into the tool_result text that goes back to the model.
import type { BetaToolResultBlockParam, BetaToolUnion, BetaToolUseBlock } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { ToolCall, ToolResultBlock } from "../container/types.ts";
import { SUB_TOOLS, subToolOfClient, subToolOfResult } from "../tools/registry.ts";
import { customToolParam } from "./custom-tools.ts";
import type { CustomTool } from "./types.ts";

/** Told to the model in local mode, after the application's own system prompt. */
export const LOCAL_SYSTEM_NOTE =
  "Your bash, text editor and Python tools run in a sandbox inside the user's browser. They share one " +
  "filesystem; the working directory is /workspace and uploaded files are in /workspace/inputs. There is " +
  "no network access. Files a bash command writes at the top level of $OUTPUT_DIR are handed to the user.";

/** The Python packages that load on import, for the system prompt. */
export function packagesNote(packages: readonly string[]): string {
  return `These Python packages load when code imports them, as if preinstalled (pip install <name> also works): ${packages.join(", ")}.`;
}

export function localTools(custom: readonly CustomTool[]): BetaToolUnion[] {
  const callable = custom.filter((tool) => tool.callableFromCode).map((tool) => tool.name);
  return [...SUB_TOOLS.map((tool) => tool.client.definition(callable)), ...custom.map((tool) => customToolParam(tool))];
}

/** The display id of a local call: the hosted prefix, so that the UI and transcripts never differ. */
export function displayId(toolUseId: string): string {
  return `srvtoolu_${toolUseId.replace(/^toolu_/, "")}`;
}

export type LocalToolPlan =
  | { kind: "container"; call: ToolCall }
  /** `bash` with only `restart`: every local bash call already starts a fresh shell. */
  | { kind: "restart" }
  | { kind: "custom" };

export function planToolUse(block: BetaToolUseBlock): LocalToolPlan {
  const tool = subToolOfClient(block.name);
  if (!tool) return { kind: "custom" };
  const input = tool.client.input((block.input ?? {}) as Record<string, unknown>);
  if (input === "restart") return { kind: "restart" };
  return { kind: "container", call: { type: "server_tool_use", id: displayId(block.id), name: tool.name, input } };
}

/** What the model reads back: compact text, with `is_error` for tool errors (each sub-tool says how). */
export function resultToToolResult(toolUseId: string, call: ToolCall, result: ToolResultBlock): BetaToolResultBlockParam {
  return subToolOfResult(result.type)!.toolResult(toolUseId, call.input, result.content);
}
