// One code execution call and its result, as the user reads them: the command or code with
// highlighting, then stdout, stderr and the return code, a diff, numbered lines, output files or
// the error. Blocks are shown as the container or the API produced them; nothing is rebuilt.
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { highlightToHtml, languageForPath } from "../render/highlight.ts";
import { sanitize } from "../render/markdown.ts";
import { shared } from "../styles/shared.ts";
import type { FileSource } from "./file-chip.ts";
import "./file-chip.ts";
import "./long-output.ts";

/** What each error code means, in a sentence, for blocks that carry only the code. */
const ERROR_SENTENCES: Record<string, string> = {
  execution_time_exceeded: "The call ran longer than its time budget and was stopped.",
  unavailable: "The code execution tool is not available right now.",
  too_many_requests: "Too many calls at once; try again in a moment.",
  invalid_tool_input: "The call's input was not valid.",
  output_file_too_large: "The files left in $OUTPUT_DIR were too large to return.",
  file_not_found: "The file was not found.",
};

/** Output that has arrived while the call runs, before its result block. */
export interface LiveOutput {
  stdout: string;
  stderr: string;
}

/** The parts of a server_tool_use block this view reads. */
export interface CallLike {
  id: string;
  name: string;
  input: unknown;
}

/** Any result block: the three code execution results, or another server tool's. */
export interface ResultLike {
  type: string;
  tool_use_id?: string;
  content?: unknown;
}

type Input = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
}

function code(text: string, language: string): TemplateResult {
  return html`<pre class="code"><code>${unsafeHTML(sanitize(highlightToHtml(text, language)))}</code></pre>`;
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export class ToolExchange extends LitElement {
  static override properties = {
    call: { attribute: false },
    result: { attribute: false },
    files: { attribute: false },
    live: { attribute: false },
    note: {},
    failed: { type: Boolean },
  };
  declare call: CallLike | null;
  declare result: ResultLike | null;
  declare files: FileSource | null;
  /** Streamed output, shown until the result block arrives. */
  declare live: LiveOutput | null;
  /** The engine's sentence behind an error block, when it has one. */
  declare note: string;
  /** The call never ran (its runtime could not start): no result will come. */
  declare failed: boolean;

  constructor() {
    super();
    this.call = null;
    this.result = null;
    this.files = null;
    this.live = null;
    this.note = "";
    this.failed = false;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-width: 0;
        max-width: 100%;
        border: 1px solid var(--border);
        border-radius: 8px;
        overflow: hidden;
        background: var(--bg);
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.3rem 0.75rem;
        background: var(--bg-soft);
        border-bottom: 1px solid var(--border);
        font-size: 0.85rem;
        flex-wrap: wrap;
      }
      .tool {
        font-weight: 600;
      }
      .spacer {
        flex: 1;
      }
      .path {
        font-family: ui-monospace, monospace;
        overflow-wrap: anywhere;
      }
      .body {
        padding: 0.5rem 0.75rem;
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.4rem;
      }
      .call pre {
        border-left: 3px solid var(--accent);
      }
      .label {
        font-size: 0.75rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--fg-soft);
      }
      .stderr pre {
        background: var(--bad-bg);
      }
      .badge {
        display: inline-block;
        border-radius: 999px;
        padding: 0 0.55rem;
        font-size: 0.78rem;
        font-weight: 600;
        font-family: ui-monospace, monospace;
      }
      .badge.ok {
        background: var(--ok-bg);
        color: var(--ok);
      }
      .badge.bad {
        background: var(--bad-bg);
        color: var(--bad);
      }
      .badge.pending {
        background: var(--bg-soft);
        color: var(--fg-soft);
      }
      .error {
        border-left: 3px solid var(--bad);
        background: var(--bad-bg);
        padding: 0.4rem 0.6rem;
        border-radius: 4px;
      }
      .error code {
        font-weight: 700;
        color: var(--bad);
      }
      .diff,
      .lines {
        padding: 0.4rem 0;
        overflow-x: auto;
      }
      .diff div,
      .lines div {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        padding: 0 0.75rem;
        font-family: ui-monospace, monospace;
        font-size: 0.86rem;
      }
      .diff .add {
        background: var(--add-bg);
        color: var(--ok);
      }
      .diff .del {
        background: var(--del-bg);
        color: var(--bad);
      }
      .diff .hunk {
        color: var(--fg-soft);
      }
      .lines {
        display: grid;
        grid-template-columns: auto 1fr;
        padding: 0.4rem 0;
        background: var(--bg-code);
        border-radius: 6px;
      }
      .lines .n {
        text-align: right;
        color: var(--fg-soft);
        user-select: none;
        padding: 0 0.5rem;
        border-right: 1px solid var(--border);
      }
      .empty {
        font-style: italic;
      }
      img {
        max-width: 100%;
      }
    `,
  ];

  private renderCall(call: CallLike): TemplateResult {
    const input = (typeof call.input === "object" && call.input !== null ? call.input : {}) as Input;
    switch (call.name) {
      case "bash_code_execution":
        return html`<div class="call">${code(str(input.command), "bash")}</div>`;
      case "code_execution":
        return html`<div class="call">${code(str(input.code), "python")}</div>`;
      case "text_editor_code_execution": {
        const path = str(input.path);
        if (input.command === "create") return html`<div class="call">${code(str(input.file_text), languageForPath(path))}</div>`;
        if (input.command === "str_replace") {
          return html`<div class="call">
            <span class="label">replace</span>${code(str(input.old_str), languageForPath(path))}
            <span class="label">with</span>${code(str(input.new_str), languageForPath(path))}
          </div>`;
        }
        return html``;
      }
      default:
        return html`<div class="call">${code(JSON.stringify(call.input, null, 2), "json")}</div>`;
    }
  }

  private header(): TemplateResult {
    const call = this.call;
    const input = (call && typeof call.input === "object" && call.input !== null ? call.input : {}) as Input;
    let title: TemplateResult;
    switch (call?.name) {
      case "bash_code_execution":
        title = html`<span class="tool">bash</span>`;
        break;
      case "code_execution":
        title = html`<span class="tool">Python</span>`;
        break;
      case "text_editor_code_execution":
        title = html`<span class="tool">editor · ${str(input.command)}</span><span class="path">${str(input.path)}</span>`;
        break;
      case undefined:
        title = html`<span class="tool">${this.result?.type ?? "result"}</span>`;
        break;
      default:
        title = html`<span class="tool">${call?.name}</span>`;
    }
    return html`<header>${title}<span class="spacer"></span>${this.badge()}</header>`;
  }

  private badge(): TemplateResult | typeof nothing {
    const content = this.result?.content as { type?: string; return_code?: number; error_code?: string } | undefined;
    if (!this.result && this.failed) return html`<span class="badge bad" data-testid="not-run">not run</span>`;
    if (!this.result) return html`<span class="badge pending" data-testid="pending">running…</span>`;
    if (typeof content?.return_code === "number") {
      const ok = content.return_code === 0;
      return html`<span class="badge ${ok ? "ok" : "bad"}" data-testid="return-code" title="return code">exit ${content.return_code}</span>`;
    }
    if (content?.error_code) return html`<span class="badge bad">error</span>`;
    return nothing;
  }

  private renderResult(result: ResultLike): TemplateResult {
    const c = (result.content ?? {}) as Record<string, unknown> & { type?: string };
    switch (c.type) {
      case "bash_code_execution_result":
      case "code_execution_result":
      case "encrypted_code_execution_result":
        return this.process(c);
      case "bash_code_execution_tool_result_error":
      case "code_execution_tool_result_error":
      case "text_editor_code_execution_tool_result_error": {
        const sentence = str(c.error_message) || this.note || ERROR_SENTENCES[str(c.error_code)] || "";
        return html`<div class="error" data-testid="tool-error" role="alert">
          <code>${str(c.error_code)}</code>${sentence ? html` — ${sentence}` : nothing}
        </div>`;
      }
      case "text_editor_code_execution_view_result":
        return this.view(c);
      case "text_editor_code_execution_create_result":
        return html`<div data-testid="create-result">${c.is_file_update ? "File updated." : "File created."}</div>`;
      case "text_editor_code_execution_str_replace_result":
        return this.diff(c);
      default:
        return html`<details><summary>${result.type}</summary>${code(JSON.stringify(result, null, 2), "json")}</details>`;
    }
  }

  private process(c: Record<string, unknown>): TemplateResult {
    const stdout = str(c.stdout ?? c.encrypted_stdout);
    const stderr = str(c.stderr);
    const files = Array.isArray(c.content) ? (c.content as Array<{ file_id: string }>) : [];
    return html`
      ${this.streams(stdout, stderr)}
      ${!stdout && !stderr && files.length === 0 ? html`<div class="muted empty">No output.</div>` : nothing}
      ${files.map((f) => html`<file-chip file-id=${f.file_id} .source=${this.files}></file-chip>`)}
    `;
  }

  private streams(stdout: string, stderr: string): TemplateResult {
    return html`${stdout ? html`<long-output class="stdout" stream="stdout" .text=${stdout}></long-output>` : nothing}
      ${stderr ? html`<long-output class="stderr" stream="stderr" .text=${stderr}></long-output>` : nothing}`;
  }

  private view(c: Record<string, unknown>): TemplateResult {
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

  private diff(c: Record<string, unknown>): TemplateResult {
    const lines = Array.isArray(c.lines) ? (c.lines as string[]) : [];
    return html`<pre class="diff" data-testid="diff"><div class="hunk">@@ -${str(c.old_start)},${str(c.old_lines)} +${str(c.new_start)},${str(c.new_lines)} @@</div>${lines.map(
      (line) => html`<div class=${line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : ""}>${line}</div>`,
    )}</pre>`;
  }

  protected override render() {
    return html`${this.header()}
      <div class="body">
        ${this.call ? this.renderCall(this.call) : nothing}
        ${this.result ? this.renderResult(this.result) : this.live ? html`<div data-testid="live-output">${this.streams(this.live.stdout, this.live.stderr)}</div>` : nothing}
      </div>`;
  }
}
customElements.define("tool-exchange", ToolExchange);
