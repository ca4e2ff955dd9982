// One code execution call and its result, as the user reads them: the command or code with
// highlighting, then stdout, stderr and the return code, a diff, numbered lines, output files or
// the error. Blocks are shown as the container or the API produced them; nothing is rebuilt.
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { SUB_TOOL_VIEWS, code, streams, type Input, type SubToolView } from "../render/sub-tool-views.ts";
import { subTool, subToolOfResult } from "../state/package-api.ts";
import { shared } from "../styles/shared.ts";
import type { FileSource } from "./file-chip.ts";
import "./file-chip.ts";
import "./long-output.ts";

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

/** The view of the sub-tool called `name`, if it is one. */
function viewOf(name: unknown): SubToolView | undefined {
  const tool = subTool(name);
  return tool ? SUB_TOOL_VIEWS[tool.name] : undefined;
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
    return viewOf(call.name)?.call(input) ?? html`<div class="call">${code(JSON.stringify(call.input, null, 2), "json")}</div>`;
  }

  private header(): TemplateResult {
    const call = this.call;
    const input = (call && typeof call.input === "object" && call.input !== null ? call.input : {}) as Input;
    const title = call
      ? (viewOf(call.name)?.title(input) ?? html`<span class="tool">${call.name}</span>`)
      : html`<span class="tool">${this.result?.type ?? "result"}</span>`;
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
    const tool = subToolOfResult(result.type);
    const shown = tool ? SUB_TOOL_VIEWS[tool.name].result(c, { files: this.files, note: this.note }) : null;
    return shown ?? html`<details><summary>${result.type}</summary>${code(JSON.stringify(result, null, 2), "json")}</details>`;
  }

  protected override render() {
    return html`${this.header()}
      <div class="body">
        ${this.call ? this.renderCall(this.call) : nothing}
        ${this.result ? this.renderResult(this.result) : this.live ? html`<div data-testid="live-output">${streams(this.live.stdout, this.live.stderr)}</div>` : nothing}
      </div>`;
  }
}
customElements.define("tool-exchange", ToolExchange);
