// The table of the code execution tool's sub-tools. The container, the local agent, replay and
// the UI look sub-tools up here instead of switching on their names; a new sub-tool is a module
// and an entry below (and, in the UI, an entry of src/ui/render/sub-tool-views.ts).
import { bash } from "./bash.ts";
import type { ResultBlockLike, SubTool } from "./sub-tool.ts";
import { textEditor } from "./text-editor.ts";
import { python } from "./python.ts";

/** In the order the local engine offers them to the model. */
export const SUB_TOOLS = [bash, textEditor, python] as const;

type Entry = (typeof SUB_TOOLS)[number];
type BlockOf<T> = T extends SubTool<string, infer Block> ? Block : never;

/** The sub-tools' names. */
export type ToolName = Entry["name"];
/** Any sub-tool's result block. */
export type ToolResultBlock = BlockOf<Entry>;

/** Any entry, typed with every name and block. */
export type AnySubTool = SubTool<ToolName, ToolResultBlock>;

const entries: readonly AnySubTool[] = SUB_TOOLS;
const byName = new Map(entries.map((tool) => [tool.name as string, tool]));
const byResultType = new Map(entries.map((tool) => [tool.resultType as string, tool]));
const byClientName = new Map(entries.map((tool) => [tool.client.name, tool]));

/** The sub-tool called `name`, or undefined for any other value. */
export function subTool(name: unknown): AnySubTool | undefined {
  return typeof name === "string" ? byName.get(name) : undefined;
}

/** The sub-tool whose result blocks have this type. */
export function subToolOfResult(type: string): AnySubTool | undefined {
  return byResultType.get(type);
}

/** The sub-tool the local engine offers as the client tool `name`. */
export function subToolOfClient(name: string): AnySubTool | undefined {
  return byClientName.get(name);
}

export function isToolName(name: unknown): name is ToolName {
  return subTool(name) !== undefined;
}

export function isToolResult(block: { type: string }): block is ToolResultBlock {
  return byResultType.has(block.type);
}

/** "a, b or c": the names, for messages. */
export function toolNamesList(): string {
  const names = SUB_TOOLS.map((tool) => tool.name);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names.join("");
}

/** Unknown names answer as the parent code_execution tool. */
const FALLBACK: AnySubTool = byName.get("code_execution")!;

/** The error block of the sub-tool `name`; unknown names answer as the parent code_execution tool. */
export function errorFor(name: unknown, toolUseId: string, code: Parameters<SubTool["error"]>[1], message: string | null): ToolResultBlock {
  return (subTool(name) ?? FALLBACK).error(toolUseId, code, message);
}

/** A call that could not run, with the sentence saying why, as the sub-tool `name` answers it. */
export function failedFor(name: unknown, toolUseId: string, message: string, exitCode = 1): ToolResultBlock {
  return (subTool(name) ?? FALLBACK).failed(toolUseId, message, exitCode);
}

/** What a result says, whatever its sub-tool (see ResultSummary). */
export function summarize(block: ResultBlockLike): ReturnType<SubTool["summary"]> | undefined {
  return subToolOfResult(block.type)?.summary(block.content as never);
}
