// How the UI shows each sub-tool's call and result, keyed by the names of the sub-tool table
// (src/tools/registry.ts), which holds no UI code. A new sub-tool needs an entry here: the
// Record type below does not compile without one.
import { html, nothing, type TemplateResult } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { ToolName } from "../state/package-api.ts";
import type { FileSource } from "../components/file-chip.ts";
import { highlightToHtml, languageForPath } from "./highlight.ts";
import { sanitize } from "./markdown.ts";

export type Input = Record<string, unknown>;
export type Content = Record<string, unknown> & { type?: string };

/** What a result's view needs from the element showing it. */
export interface ViewContext {
  files: FileSource | null;
  /** The engine's sentence behind an error block, when it has one. */
  note: string;
}

export interface SubToolView {
  /** The header: what ran. */
  title(input: Input): TemplateResult;
  /** The call itself (command, code, text written); empty when the header says it all. */
  call(input: Input): TemplateResult;
  /** The result's content; null for a content type this view does not know (shown as JSON). */
  result(content: Content, context: ViewContext): TemplateResult | null;
}

/** What each error code means, in a sentence, for blocks that carry only the code. */
const ERROR_SENTENCES: Record<string, string> = {
  execution_time_exceeded: "The call ran longer than its time budget and was stopped.",
  unavailable: "The code execution tool is not available right now.",
  too_many_requests: "Too many calls at once; try again in a moment.",
  invalid_tool_input: "The call's input was not valid.",
  output_file_too_large: "The files left in $OUTPUT_DIR were too large to return.",
  file_not_found: "The file was not found.",
};

export function str(value: unknown): string {
  return typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
}

export function code(text: string, language: string): TemplateResult {
  return html`<pre class="code"><code>${unsafeHTML(sanitize(highlightToHtml(text, language)))}</code></pre>`;
}

export function streams(stdout: string, stderr: string): TemplateResult {
  return html`${stdout ? html`<long-output class="stdout" stream="stdout" .text=${stdout}></long-output>` : nothing}
    ${stderr ? html`<long-output class="stderr" stream="stderr" .text=${stderr}></long-output>` : nothing}`;
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function errorView(c: Content, context: ViewContext): TemplateResult {
  const sentence = str(c.error_message) || context.note || ERROR_SENTENCES[str(c.error_code)] || "";
  return html`<div class="error" data-testid="tool-error" role="alert">
    <code>${str(c.error_code)}</code>${sentence ? html` — ${sentence}` : nothing}
  </div>`;
}

function processView(c: Content, context: ViewContext): TemplateResult {
  const stdout = str(c.stdout ?? c.encrypted_stdout);
  const stderr = str(c.stderr);
  const files = Array.isArray(c.content) ? (c.content as Array<{ file_id: string }>) : [];
  return html`
    ${streams(stdout, stderr)}
    ${!stdout && !stderr && files.length === 0 ? html`<div class="muted empty">No output.</div>` : nothing}
    ${files.map((f) => html`<file-chip file-id=${f.file_id} .source=${context.files}></file-chip>`)}
  `;
}

function linesView(c: Content): TemplateResult {
  if (c.file_type === "image" && typeof c.content === "string") {
    return html`<file-preview .data=${base64Bytes(c.content)} name="image"></file-preview>`;
  }
  if (c.file_type === "pdf") return html`<div class="muted">PDF, ${str(c.num_lines)} pages shown.</div>`;
  const text = str(c.content);
  const start = typeof c.start_line === "number" ? c.start_line : 1;
  const lines = text === "" ? [] : text.split("\n");
  const total = typeof c.total_lines === "number" ? c.total_lines : lines.length;
  return html`<div class="lines" data-testid="view-lines">
      ${lines.map((line, i) => html`<div class="n">${start + i}</div><div>${line}</div>`)}
    </div>
    <span class="muted">lines ${start}–${start + Math.max(lines.length - 1, 0)} of ${total}</span>`;
}

function diffView(c: Content): TemplateResult {
  const lines = Array.isArray(c.lines) ? (c.lines as string[]) : [];
  return html`<pre class="diff" data-testid="diff"><div class="hunk">@@ -${str(c.old_start)},${str(c.old_lines)} +${str(c.new_start)},${str(c.new_lines)} @@</div>${lines.map(
    (line) => html`<div class=${line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : ""}>${line}</div>`,
  )}</pre>`;
}

const bashView: SubToolView = {
  title: () => html`<span class="tool">bash</span>`,
  call: (input) => html`<div class="call">${code(str(input.command), "bash")}</div>`,
  result: (c, context) => {
    switch (c.type) {
      case "bash_code_execution_result":
        return processView(c, context);
      case "bash_code_execution_tool_result_error":
        return errorView(c, context);
      default:
        return null;
    }
  },
};

const pythonView: SubToolView = {
  title: () => html`<span class="tool">Python</span>`,
  call: (input) => html`<div class="call">${code(str(input.code), "python")}</div>`,
  result: (c, context) => {
    switch (c.type) {
      case "code_execution_result":
      case "encrypted_code_execution_result":
        return processView(c, context);
      case "code_execution_tool_result_error":
        return errorView(c, context);
      default:
        return null;
    }
  },
};

const editorView: SubToolView = {
  title: (input) => html`<span class="tool">editor · ${str(input.command)}</span><span class="path">${str(input.path)}</span>`,
  call: (input) => {
    const path = str(input.path);
    if (input.command === "create") return html`<div class="call">${code(str(input.file_text), languageForPath(path))}</div>`;
    if (input.command === "str_replace") {
      return html`<div class="call">
        <span class="label">replace</span>${code(str(input.old_str), languageForPath(path))}
        <span class="label">with</span>${code(str(input.new_str), languageForPath(path))}
      </div>`;
    }
    return html``;
  },
  result: (c, context) => {
    switch (c.type) {
      case "text_editor_code_execution_tool_result_error":
        return errorView(c, context);
      case "text_editor_code_execution_view_result":
        return linesView(c);
      case "text_editor_code_execution_create_result":
        return html`<div data-testid="create-result">${c.is_file_update ? "File updated." : "File created."}</div>`;
      case "text_editor_code_execution_str_replace_result":
        return diffView(c);
      default:
        return null;
    }
  },
};

export const SUB_TOOL_VIEWS: Record<ToolName, SubToolView> = {
  bash_code_execution: bashView,
  text_editor_code_execution: editorView,
  code_execution: pythonView,
};
