// The `text_editor_code_execution` sub-tool: view, create, str_replace, answered with the SDK's
// content shapes. Pure logic over a small synchronous FS, so it runs next to the files (in the
// worker) and is unit-testable on its own. Errors tell the model what to do instead.
import type { BetaTextEditorCodeExecutionToolResultBlock } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { base64 } from "../bytes.ts";
import { expandFolderVariables, normalizePath, WORKDIR } from "../paths.ts";
import { describeFsError } from "../fs-errors.ts";

export type EditorContent = BetaTextEditorCodeExecutionToolResultBlock["content"];

export interface EditorFs {
  /** null when nothing exists at `path` */
  kind(path: string): "file" | "directory" | "other" | null;
  readFile(path: string): Uint8Array;
  /** Writes the file, creating missing parent folders. */
  writeFile(path: string, data: Uint8Array): void;
}

const COMMANDS = ["view", "create", "str_replace"] as const;

const invalid = (error_message: string): EditorContent => ({
  type: "text_editor_code_execution_tool_result_error",
  error_code: "invalid_tool_input",
  error_message,
});

const notFound = (path: string): EditorContent => ({
  type: "text_editor_code_execution_tool_result_error",
  error_code: "file_not_found",
  error_message: `File not found: ${path}. Check the path (list files with bash: ls -la ${parentOf(path)}), or make the file with the create command.`,
});

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

/** As hosted: `$INPUT_DIR/data.csv` and `${OUTPUT_DIR}/report.md` name those folders. */
export function resolveEditorPath(path: string): string {
  const expanded = expandFolderVariables(path);
  return normalizePath(expanded.startsWith("/") ? expanded : `${WORKDIR}/${expanded}`);
}

const IMAGE_SIGNATURES: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], "png"],
  [[0xff, 0xd8, 0xff], "jpeg"],
  [[0x47, 0x49, 0x46, 0x38], "gif"],
];

function fileTypeOf(bytes: Uint8Array): "image" | "pdf" | "text" {
  const starts = (sig: number[], offset = 0) => sig.every((b, i) => bytes[offset + i] === b);
  if (IMAGE_SIGNATURES.some(([sig]) => starts(sig))) return "image";
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image";
  if (starts([0x25, 0x50, 0x44, 0x46])) return "pdf";
  return "text";
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** Lines of a text file; a final newline ends the last line rather than starting a new one. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function requireString(input: Record<string, unknown>, field: string, command: string): string | EditorContent {
  const value = input[field];
  if (typeof value !== "string") {
    return invalid(
      value === undefined
        ? `The ${command} command needs a "${field}" string.`
        : `"${field}" must be a string, got ${Array.isArray(value) ? "an array" : typeof value}.`,
    );
  }
  return value;
}

/** Runs one editor call. It answers its own errors; a throw it did not foresee becomes one too. */
export function runEditorCommand(fs: EditorFs, input: Record<string, unknown>): EditorContent {
  try {
    return runCommand(fs, input);
  } catch (error) {
    return invalid(`The editor failed: ${describeFsError(error)}`);
  }
}

function runCommand(fs: EditorFs, input: Record<string, unknown>): EditorContent {
  const command = input.command;
  if (typeof command !== "string" || !(COMMANDS as readonly string[]).includes(command)) {
    return invalid(`Unknown or missing command ${JSON.stringify(command ?? null)}. Use one of: ${COMMANDS.join(", ")}.`);
  }
  const rawPath = requireString(input, "path", command);
  if (typeof rawPath !== "string") return rawPath;
  if (rawPath.trim() === "") return invalid(`"path" is empty. Give a file path such as /workspace/notes.txt.`);
  if (rawPath.includes("\0")) return invalid(`"path" contains a NUL character, which no file name may hold: ${JSON.stringify(rawPath)}.`);
  const path = resolveEditorPath(rawPath);

  switch (command) {
    case "view":
      return view(fs, path, input.view_range);
    case "create":
      return create(fs, path, input);
    default:
      return strReplace(fs, path, input);
  }
}

function view(fs: EditorFs, path: string, range: unknown): EditorContent {
  const kind = fs.kind(path);
  if (kind === null) return notFound(path);
  if (kind !== "file") return invalid(`${path} is a directory, not a file. To see what it holds, run with bash: ls -la ${path}`);
  const bytes = fs.readFile(path);
  const fileType = fileTypeOf(bytes);
  if (fileType !== "text") {
    return {
      type: "text_editor_code_execution_view_result",
      file_type: fileType,
      content: base64(bytes),
      num_lines: null,
      start_line: null,
      total_lines: null,
    };
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return invalid(
      `${path} is a binary file, not UTF-8 text, so it cannot be viewed. Inspect it with bash: file ${path}; od -c ${path} | head`,
    );
  }
  const lines = splitLines(text);
  let start = 1;
  let end = lines.length;
  if (range !== undefined && range !== null) {
    if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n))) {
      return invalid(
        `"view_range" must be two integers [start, end] (1-based, end -1 for the end of the file), got ${JSON.stringify(range)}.`,
      );
    }
    const [from, to] = range as [number, number];
    const last = to === -1 ? lines.length : to;
    if (from < 1 || from > Math.max(lines.length, 1) || last < from) {
      return invalid(
        `view_range ${JSON.stringify(range)} does not fit ${path}, which has ${lines.length} lines: use 1 <= start <= end <= ${lines.length}, or end -1 for the rest of the file.`,
      );
    }
    start = from;
    end = Math.min(last, lines.length);
  }
  const shown = lines.slice(start - 1, end);
  return {
    type: "text_editor_code_execution_view_result",
    file_type: "text",
    content: shown.join("\n"),
    num_lines: shown.length,
    start_line: start,
    total_lines: lines.length,
  };
}

function create(fs: EditorFs, path: string, input: Record<string, unknown>): EditorContent {
  const text = requireString(input, "file_text", "create");
  if (typeof text !== "string") return text;
  const kind = fs.kind(path);
  if (kind === "directory") return invalid(`${path} is a directory; create needs a file path inside it, such as ${path}/new_file.txt.`);
  const blocker = fileAbove(fs, path);
  if (blocker) return invalid(`Could not write ${path}: Not a directory: ${blocker} is a file, so nothing can be created below it.`);
  try {
    fs.writeFile(path, encoder.encode(text));
  } catch (error) {
    return invalid(`Could not write ${path}: ${describeFsError(error)}. The file was left as it was.`);
  }
  return { type: "text_editor_code_execution_create_result", is_file_update: kind === "file" };
}

/** The nearest ancestor of `path` that exists and is not a folder, or null. */
function fileAbove(fs: EditorFs, path: string): string | null {
  for (let i = path.indexOf("/", 1); i !== -1; i = path.indexOf("/", i + 1)) {
    const ancestor = path.slice(0, i);
    const kind = fs.kind(ancestor);
    if (kind === null) return null;
    if (kind !== "directory") return ancestor;
  }
  return null;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function strReplace(fs: EditorFs, path: string, input: Record<string, unknown>): EditorContent {
  const oldStr = requireString(input, "old_str", "str_replace");
  if (typeof oldStr !== "string") return oldStr;
  const newStr = input.new_str === undefined || input.new_str === null ? "" : input.new_str;
  if (typeof newStr !== "string") return invalid(`"new_str" must be a string, got ${typeof newStr}.`);
  if (oldStr === "") return invalid(`"old_str" is empty. Give the exact text to replace; to write a whole file use create.`);

  const kind = fs.kind(path);
  if (kind === null) return notFound(path);
  if (kind !== "file") return invalid(`${path} is a directory, not a file; str_replace edits one file.`);
  let text: string;
  try {
    text = strictUtf8.decode(fs.readFile(path));
  } catch {
    return invalid(`${path} is a binary file, not UTF-8 text; str_replace edits text files only.`);
  }

  const first = text.indexOf(oldStr);
  if (first === -1) {
    return invalid(
      `No match for old_str in ${path}. It must match the file exactly, including whitespace and indentation: view the file and copy the text from it.`,
    );
  }
  const matches: number[] = [];
  for (let i = first; i !== -1; i = text.indexOf(oldStr, i + 1)) matches.push(i);
  if (matches.length > 1) {
    const lineNumbers = matches.map((i) => lineOf(text, i)).join(", ");
    return invalid(
      `old_str occurs ${matches.length} times in ${path} (lines ${lineNumbers}); it must occur exactly once. Include more of the surrounding lines to make it unique.`,
    );
  }

  const matchEnd = first + oldStr.length;
  const updated = text.slice(0, first) + newStr + text.slice(matchEnd);
  try {
    fs.writeFile(path, encoder.encode(updated));
  } catch (error) {
    return invalid(`Could not write ${path}: ${describeFsError(error)}. The file was left as it was.`);
  }

  // The diff shows whole lines: from the start of the line where the match begins to the end
  // of the line where it ends, before and after the edit.
  const blockStart = text.lastIndexOf("\n", first - 1) + 1;
  const endsLine = oldStr.endsWith("\n");
  const oldBlockEnd = endsLine ? matchEnd - 1 : lineEndFrom(text, matchEnd);
  const suffix = endsLine ? "" : text.slice(matchEnd, oldBlockEnd);
  const oldLines = text.slice(blockStart, oldBlockEnd).split("\n");
  let newBlock = text.slice(blockStart, first) + newStr + suffix;
  if (endsLine && newBlock.endsWith("\n")) newBlock = newBlock.slice(0, -1);
  const newLines = newBlock === "" && (endsLine || newStr === "") ? [] : newBlock.split("\n");
  const start = lineOf(text, first);
  return {
    type: "text_editor_code_execution_str_replace_result",
    old_start: start,
    old_lines: oldLines.length,
    new_start: start,
    new_lines: newLines.length,
    lines: [...oldLines.map((l) => `-${l}`), ...newLines.map((l) => `+${l}`)],
  };
}

function lineEndFrom(text: string, index: number): number {
  const end = text.indexOf("\n", index);
  return end === -1 ? text.length : end;
}
