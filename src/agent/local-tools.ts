// The client tools the local engine offers Claude, and the two translations around them:
// a tool_use into a container call (shown to the user as the hosted server_tool_use), and the
// container's result block into the tool_result text that goes back to the model.
import type {
  BetaBase64ImageSource,
  BetaTool,
  BetaToolBash20250124,
  BetaToolResultBlockParam,
  BetaToolTextEditor20250728,
  BetaToolUnion,
  BetaToolUseBlock,
} from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { ToolCall, ToolResultBlock } from "../container/types.ts";
import { customToolParam } from "./custom-tools.ts";
import type { CustomTool } from "./types.ts";

// Anthropic-defined tools: the model already knows their inputs, so no schema is sent.
export const BASH_TOOL: BetaToolBash20250124 = { type: "bash_20250124", name: "bash" };
export const EDITOR_TOOL: BetaToolTextEditor20250728 = { type: "text_editor_20250728", name: "str_replace_based_edit_tool" };
export const PYTHON_TOOL_NAME = "code_execution";

/** Told to the model in local mode, after the application's own system prompt. */
export const LOCAL_SYSTEM_NOTE =
  "Your bash, text editor and Python tools run in a sandbox inside the user's browser. They share one " +
  "filesystem; the working directory is /workspace and uploaded files are in /workspace/inputs. There is " +
  "no network access. Files a bash command writes at the top level of $OUTPUT_DIR are handed to the user.";

/** The Python packages that load on import, for the system prompt. */
export function packagesNote(packages: readonly string[]): string {
  return `These Python packages load when code imports them, as if preinstalled (pip install <name> also works): ${packages.join(", ")}.`;
}

export function pythonTool(custom: readonly CustomTool[]): BetaTool {
  const callable = custom.filter((tool) => tool.callableFromCode).map((tool) => tool.name);
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

export function localTools(custom: readonly CustomTool[]): BetaToolUnion[] {
  return [BASH_TOOL, EDITOR_TOOL, pythonTool(custom), ...custom.map((tool) => customToolParam(tool))];
}

/** The display id of a local call: the hosted prefix, so that the UI and transcripts never differ. */
export function displayId(toolUseId: string): string {
  return `srvtoolu_${toolUseId.replace(/^toolu_/, "")}`;
}

// Only these keys belong to the hosted editor sub-tool's input; other keys are not passed on.
const EDITOR_KEYS = ["command", "path", "file_text", "old_str", "new_str", "view_range"] as const;

export type LocalToolPlan =
  | { kind: "container"; call: ToolCall }
  /** `bash` with only `restart`: every local bash call already starts a fresh shell. */
  | { kind: "restart" }
  | { kind: "custom" };

/** The input with only the given keys, and only those the model actually sent. */
function pick(input: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (input[key] !== undefined) out[key] = input[key];
  return out;
}

export function planToolUse(block: BetaToolUseBlock): LocalToolPlan {
  const input = (block.input ?? {}) as Record<string, unknown>;
  const id = displayId(block.id);
  switch (block.name) {
    case BASH_TOOL.name: {
      if (input["restart"] === true && input["command"] === undefined) return { kind: "restart" };
      return { kind: "container", call: { type: "server_tool_use", id, name: "bash_code_execution", input: pick(input, ["command"]) } };
    }
    case EDITOR_TOOL.name:
      return {
        kind: "container",
        call: { type: "server_tool_use", id, name: "text_editor_code_execution", input: pick(input, EDITOR_KEYS) },
      };
    case PYTHON_TOOL_NAME:
      return { kind: "container", call: { type: "server_tool_use", id, name: "code_execution", input: pick(input, ["code"]) } };
    default:
      return { kind: "custom" };
  }
}

function execText(stdout: string, stderr: string, returnCode: number): string {
  const parts: string[] = [];
  if (stdout !== "") parts.push(stdout.replace(/\n$/, ""));
  if (stderr !== "") parts.push(`[stderr]\n${stderr.replace(/\n$/, "")}`);
  if (returnCode !== 0) parts.push(`[exit code ${returnCode}]`);
  return parts.length > 0 ? parts.join("\n") : "(no output)";
}

// The editor returns images and PDFs as base64; their first bytes name the format.
const IMAGE_TYPES: Array<[prefix: string, media: BetaBase64ImageSource["media_type"]]> = [
  ["iVBORw0KGgo", "image/png"],
  ["/9j/", "image/jpeg"],
  ["R0lGOD", "image/gif"],
  ["UklGR", "image/webp"],
];

/** What the model reads back: compact text, with `is_error` for tool errors; images and PDFs
 * that the editor viewed go back as image and document blocks, so the model can see them. */
export function resultToToolResult(toolUseId: string, call: ToolCall, result: ToolResultBlock): BetaToolResultBlockParam {
  const reply = (content: string, isError = false): BetaToolResultBlockParam =>
    isError
      ? { type: "tool_result", tool_use_id: toolUseId, content, is_error: true }
      : { type: "tool_result", tool_use_id: toolUseId, content };
  const path = typeof call.input["path"] === "string" ? call.input["path"] : "the file";
  const c = result.content;
  switch (c.type) {
    case "bash_code_execution_result":
    case "code_execution_result":
      return reply(execText(c.stdout, c.stderr, c.return_code));
    case "encrypted_code_execution_result":
      return reply(execText("(encrypted output)", c.stderr, c.return_code));
    case "bash_code_execution_tool_result_error":
    case "code_execution_tool_result_error":
      return reply(`Error: ${c.error_code}`, true);
    case "text_editor_code_execution_tool_result_error":
      return reply(`Error (${c.error_code})${c.error_message ? `: ${c.error_message}` : ""}`, true);
    case "text_editor_code_execution_view_result": {
      if (c.file_type === "pdf") {
        return {
          type: "tool_result",
          tool_use_id: toolUseId,
          content: [{ type: "document", source: { type: "base64", media_type: "application/pdf", data: c.content } }],
        };
      }
      if (c.file_type === "image") {
        const media = IMAGE_TYPES.find(([prefix]) => c.content.startsWith(prefix))?.[1];
        if (!media) return reply(`(an image in a format the model cannot read: ${path})`);
        return {
          type: "tool_result",
          tool_use_id: toolUseId,
          content: [{ type: "image", source: { type: "base64", media_type: media, data: c.content } }],
        };
      }
      const first = c.start_line ?? 1;
      // Numbered like `cat -n`, which is what the editor tool's users expect to read.
      const lines = c.content === "" ? [] : c.content.replace(/\n$/, "").split("\n");
      return reply(lines.map((line, i) => `${String(first + i).padStart(6)}\t${line}`).join("\n") || "(empty file)");
    }
    case "text_editor_code_execution_create_result":
      return reply(c.is_file_update ? `Overwrote ${path}.` : `Created ${path}.`);
    case "text_editor_code_execution_str_replace_result":
      return reply([`Edited ${path}.`, ...(c.lines ?? [])].join("\n"));
  }
}
