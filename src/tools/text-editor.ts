// The `text_editor_code_execution` sub-tool: view, create and str_replace, offered to the local
// model as the Anthropic-defined text editor tool. The commands themselves run in the worker,
// next to the files (editor-commands.ts); they answer the block's content.
import type {
  BetaBase64ImageSource,
  BetaTextEditorCodeExecutionToolResultBlock,
  BetaToolTextEditor20250728,
} from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { errorSummary, pick, type ContentSubTool, textReply } from "./sub-tool.ts";

type Block = BetaTextEditorCodeExecutionToolResultBlock;
type ErrorCode = Extract<Block["content"], { type: "text_editor_code_execution_tool_result_error" }>["error_code"];

// Anthropic-defined: the model already knows its input, so no schema is sent.
export const EDITOR_TOOL: BetaToolTextEditor20250728 = { type: "text_editor_20250728", name: "str_replace_based_edit_tool" };

// Only these keys belong to the hosted editor sub-tool's input; other keys are not passed on.
const EDITOR_KEYS = ["command", "path", "file_text", "old_str", "new_str", "view_range"] as const;

// The editor returns images and PDFs as base64; their first bytes name the format.
const IMAGE_TYPES: Array<[prefix: string, media: BetaBase64ImageSource["media_type"]]> = [
  ["iVBORw0KGgo", "image/png"],
  ["/9j/", "image/jpeg"],
  ["R0lGOD", "image/gif"],
  ["UklGR", "image/webp"],
];

export function editorResult(toolUseId: string, content: Block["content"]): Block {
  return { type: "text_editor_code_execution_tool_result", tool_use_id: toolUseId, content };
}

export function editorError(toolUseId: string, error_code: ErrorCode, error_message: string | null): Block {
  return editorResult(toolUseId, { type: "text_editor_code_execution_tool_result_error", error_code, error_message });
}

export const textEditor: ContentSubTool<"text_editor_code_execution", Block> = {
  name: "text_editor_code_execution",
  resultType: "text_editor_code_execution_tool_result",
  answers: "content",
  // The editor checks its own commands and answers with its error content (editor-commands.ts).
  invalidInput: () => null,
  run: (api, input) => api.editor(input),
  result: editorResult,
  error: editorError,
  // Its error block carries a message, so the sentence goes there.
  failed: (toolUseId, message) => editorError(toolUseId, "unavailable", message),
  stopped: (toolUseId, text) => editorError(toolUseId, "unavailable", text.trim()),
  summary: (c) => {
    switch (c.type) {
      case "text_editor_code_execution_tool_result_error":
        return errorSummary(c.error_code);
      case "text_editor_code_execution_view_result":
        return { stdout: c.content, stderr: "", returnCode: null, fileIds: [] };
      case "text_editor_code_execution_create_result":
        return { stdout: `is_file_update: ${c.is_file_update}`, stderr: "", returnCode: null, fileIds: [] };
      case "text_editor_code_execution_str_replace_result":
        return { stdout: (c.lines ?? []).join("\n"), stderr: "", returnCode: null, fileIds: [] };
    }
  },
  client: {
    name: EDITOR_TOOL.name,
    definition: () => EDITOR_TOOL,
    input: (input) => pick(input, EDITOR_KEYS),
  },
  /** Images and PDFs the editor viewed go back as image and document blocks, so the model can see them. */
  toolResult: (toolUseId, input, c) => {
    const path = typeof input["path"] === "string" ? input["path"] : "the file";
    switch (c.type) {
      case "text_editor_code_execution_tool_result_error":
        return textReply(toolUseId, `Error (${c.error_code})${c.error_message ? `: ${c.error_message}` : ""}`, true);
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
          if (!media) return textReply(toolUseId, `(an image in a format the model cannot read: ${path})`);
          return {
            type: "tool_result",
            tool_use_id: toolUseId,
            content: [{ type: "image", source: { type: "base64", media_type: media, data: c.content } }],
          };
        }
        const first = c.start_line ?? 1;
        // Numbered like `cat -n`, which is what the editor tool's users expect to read.
        const lines = c.content === "" ? [] : c.content.replace(/\n$/, "").split("\n");
        return textReply(toolUseId, lines.map((line, i) => `${String(first + i).padStart(6)}\t${line}`).join("\n") || "(empty file)");
      }
      case "text_editor_code_execution_create_result":
        return textReply(toolUseId, c.is_file_update ? `Overwrote ${path}.` : `Created ${path}.`);
      case "text_editor_code_execution_str_replace_result":
        return textReply(toolUseId, [`Edited ${path}.`, ...(c.lines ?? [])].join("\n"));
    }
  },
};
