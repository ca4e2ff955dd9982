// A conversation as the user reads it: user turns, assistant Markdown, each code execution call
// with its result (paired by id, wherever the result arrived), and the text still streaming in.
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { markdownToSafeHtml } from "../render/markdown.ts";
import { shared } from "../styles/shared.ts";
import type { FileSource } from "./file-chip.ts";
import type { CallLike, LiveOutput, ResultLike } from "./tool-exchange.ts";
import "./tool-exchange.ts";
import { clipIcon } from "../render/icons.ts";
import { isToolResult } from "../state/package-api.ts";

/** A turn as the agent's transcript and saved JSON files hold it. */
export interface TurnLike {
  role: string;
  content: string | ReadonlyArray<{ type: string } & Record<string, unknown>>;
}

type Block = { type: string } & Record<string, unknown>;

/** Results of server tools that are not sub-tools of code execution (those come from the table). */
const OTHER_RESULT_TYPES = new Set(["web_search_tool_result", "web_fetch_tool_result"]);

function isCall(block: Block): boolean {
  return block.type === "server_tool_use" || block.type === "tool_use";
}

function isResult(block: Block): boolean {
  return isToolResult(block) || OTHER_RESULT_TYPES.has(block.type) || block.type === "tool_result";
}

export class ConversationView extends LitElement {
  static override properties = {
    turns: { attribute: false },
    streaming: { attribute: false },
    files: { attribute: false },
    live: { attribute: false },
  };
  declare turns: readonly TurnLike[];
  /** Output of running calls (local engine), by tool_use_id, until their results arrive. */
  declare live: ReadonlyMap<string, LiveOutput>;
  /** Text of the assistant block still being streamed (null when none). */
  declare streaming: string | null;
  declare files: FileSource | null;

  constructor() {
    super();
    this.turns = [];
    this.streaming = null;
    this.files = null;
    this.live = new Map();
  }

  static override styles = [
    shared,
    css`
      :host {
        display: grid;
        gap: 0.75rem;
      }
      .turn {
        display: grid;
        gap: 0.6rem;
      }
      .user {
        justify-self: end;
        max-width: min(40rem, 90%);
        background: var(--bg-soft);
        border: 1px solid var(--border);
        border-radius: 12px 12px 2px 12px;
        padding: 0.5rem 0.8rem;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .text {
        overflow-wrap: anywhere;
      }
      .text > :first-child {
        margin-top: 0;
      }
      .text > :last-child {
        margin-bottom: 0;
      }
      .text table {
        border-collapse: collapse;
      }
      .text th,
      .text td {
        border: 1px solid var(--border);
        padding: 0.2rem 0.5rem;
      }
      .text a {
        color: var(--accent);
      }
      .streaming::after {
        content: "▍";
        animation: blink 1s steps(2) infinite;
        color: var(--accent);
      }
      @keyframes blink {
        50% {
          opacity: 0;
        }
      }
      .note {
        font-size: 0.85rem;
        color: var(--fg-soft);
      }
      details pre {
        margin-top: 0.3rem;
      }
    `,
  ];

  private renderBlock(block: Block, role: string, results: Map<string, Block>, calls: Set<string>): TemplateResult | typeof nothing {
    if (block.type === "text") {
      const text = String(block.text ?? "");
      if (role === "user") return html`<div class="user" data-testid="user-text">${text}</div>`;
      return html`<div class="text" data-testid="assistant-text">${unsafeHTML(markdownToSafeHtml(text))}</div>`;
    }
    if (isCall(block)) {
      const result = results.get(String(block.id)) ?? null;
      return html`<tool-exchange
        data-testid="exchange"
        data-tool=${String(block.name)}
        .call=${block as unknown as CallLike}
        .result=${result as ResultLike | null}
        .live=${result ? null : (this.live.get(String(block.id)) ?? null)}
        .files=${this.files}
      ></tool-exchange>`;
    }
    if (isResult(block)) {
      // Shown with its call; a result whose call is not in view stands on its own.
      if (calls.has(String(block.tool_use_id))) return nothing;
      return html`<tool-exchange data-testid="exchange" .result=${block as ResultLike} .files=${this.files}></tool-exchange>`;
    }
    if (block.type === "container_upload")
      return html`<div class="note" data-testid="upload-note">${clipIcon} uploaded ${String(block.file_id)}</div>`;
    if (block.type === "thinking" || block.type === "redacted_thinking") {
      return html`<details class="note"><summary>thinking</summary><pre>${String(block.thinking ?? "(redacted)")}</pre></details>`;
    }
    return html`<details class="note"><summary>${block.type}</summary><pre>${JSON.stringify(block, null, 2)}</pre></details>`;
  }

  protected override render() {
    const blocksOf = (turn: TurnLike): Block[] =>
      typeof turn.content === "string" ? [{ type: "text", text: turn.content }] : (turn.content as Block[]);
    const results = new Map<string, Block>();
    const calls = new Set<string>();
    for (const turn of this.turns) {
      for (const block of blocksOf(turn)) {
        if (isResult(block)) results.set(String(block.tool_use_id), block);
        if (isCall(block)) calls.add(String(block.id));
      }
    }
    return html`${this.turns.map(
      (turn) => html`<section class="turn" data-role=${turn.role}>
          ${blocksOf(turn).map((block) => this.renderBlock(block, turn.role, results, calls))}
        </section>`,
    )}
      ${
        this.streaming !== null
          ? html`<div class="text streaming" data-testid="streaming-text">${unsafeHTML(markdownToSafeHtml(this.streaming))}</div>`
          : nothing
      }`;
  }
}
customElements.define("conversation-view", ConversationView);
