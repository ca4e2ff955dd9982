// One stream of a call's output (stdout or stderr) that stays readable however long it is: past a
// few hundred lines only its head and tail are shown, with Expand, Copy and Save as file. Even
// expanded, at most EXPANDED_MAX_CHARS are put in the page, inside a box of bounded height; the
// full text is always one Copy or Save away.
import { LitElement, css, html, nothing } from "lit";
import { saveBytes } from "../render/file-kind.ts";
import { shared } from "../styles/shared.ts";

/** Longer than this (lines or characters) and the output is collapsed. */
export const COLLAPSE_LINES = 200;
const COLLAPSE_CHARS = 48 * 1024;
/** What a collapsed output shows: its first and last lines. */
const HEAD_LINES = 40;
const TAIL_LINES = 40;
/** A collapsed part never holds more characters than this, however long its lines are. */
const PART_MAX_CHARS = 8 * 1024;
/** The most an expanded output puts in the page. */
const EXPANDED_MAX_CHARS = 256 * 1024;

/** Index just past the n-th newline from the start (or the end of `text`). */
function afterLines(text: string, n: number): number {
  let at = 0;
  for (let i = 0; i < n; i++) {
    const next = text.indexOf("\n", at);
    if (next === -1) return text.length;
    at = next + 1;
  }
  return at;
}

/** Index where the last n lines of `text` start. */
function lastLines(text: string, n: number): number {
  let at = text.endsWith("\n") ? text.length - 1 : text.length;
  for (let i = 0; i < n; i++) {
    const previous = text.lastIndexOf("\n", at - 1);
    if (previous === -1) return 0;
    at = previous;
  }
  return at + 1;
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines++;
  return text === "" || text.endsWith("\n") ? lines : lines + 1;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export class LongOutput extends LitElement {
  static override properties = {
    text: {},
    stream: { reflect: true },
    expanded: { state: true },
    copied: { state: true },
  };
  declare text: string;
  /** "stdout" or "stderr": the label, the test id and the saved file's name. */
  declare stream: "stdout" | "stderr";
  declare expanded: boolean;
  declare copied: string;

  constructor() {
    super();
    this.text = "";
    this.stream = "stdout";
    this.expanded = false;
    this.copied = "";
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      pre {
        margin: 0;
        max-width: 100%;
      }
      :host([stream="stderr"]) pre {
        background: var(--bad-bg);
      }
      .label {
        font-size: 0.75rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--fg-soft);
      }
      .gap {
        margin: 0.2rem 0;
        padding: 0.2rem 0.6rem;
        border: 1px dashed var(--border);
        border-radius: 6px;
        font-size: 0.85rem;
        color: var(--fg-soft);
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
        margin: 0.25rem 0;
        font-size: 0.85rem;
      }
      .tools button {
        min-height: 1.6rem;
        padding: 0 0.5rem;
        font-size: 0.8rem;
      }
      .expanded {
        max-height: 60vh;
        overflow: auto;
      }
    `,
  ];

  private get long(): boolean {
    return this.text.length > COLLAPSE_CHARS || countLines(this.text) > COLLAPSE_LINES;
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.text);
      this.copied = "Copied.";
    } catch {
      this.copied = "The browser refused the clipboard; use Save as file.";
    }
  }

  private save(): void {
    saveBytes(new TextEncoder().encode(this.text), `${this.stream}.txt`);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has("text")) this.copied = "";
  }

  protected override render() {
    const label = html`<span class="label">${this.stream}</span>`;
    if (!this.long) return html`${label}<pre data-testid=${this.stream}>${this.text}</pre>`;
    const text = this.text;
    const lines = countLines(text);
    const bytes = new TextEncoder().encode(text).length;
    const tools = html`<div class="tools" data-testid="long-output-tools">
      <span class="muted" data-testid="long-output-size">${lines.toLocaleString("en")} lines · ${formatBytes(bytes)}</span>
      <button data-testid="long-output-expand" aria-expanded=${this.expanded} @click=${() => (this.expanded = !this.expanded)}>
        ${this.expanded ? "Collapse" : "Expand"}
      </button>
      <button data-testid="long-output-copy" @click=${() => void this.copy()}>Copy</button>
      <button data-testid="long-output-save" @click=${() => this.save()}>Save as file</button>
      ${this.copied ? html`<span class="muted" role="status">${this.copied}</span>` : nothing}
    </div>`;
    if (this.expanded) {
      const lineEnd = text.lastIndexOf("\n", EXPANDED_MAX_CHARS - 1) + 1;
      const shown = text.length > EXPANDED_MAX_CHARS ? text.slice(0, lineEnd > 0 ? lineEnd : EXPANDED_MAX_CHARS) : text;
      const cut = shown.length < text.length;
      return html`${label}${tools}<pre class="expanded" data-testid=${this.stream} data-collapsed="false">${shown}</pre>
        ${cut ? html`<div class="gap">Only the first ${formatBytes(new TextEncoder().encode(shown).length)} are shown here; Copy or Save as file has all of it.</div>` : nothing}`;
    }
    const headEnd = Math.min(afterLines(text, HEAD_LINES), PART_MAX_CHARS);
    const tailStart = Math.max(lastLines(text, TAIL_LINES), text.length - PART_MAX_CHARS, headEnd);
    const hiddenLines = countLines(text.slice(headEnd, tailStart));
    return html`${label}${tools}<pre data-testid=${this.stream} data-collapsed="true">${text.slice(0, headEnd)}</pre>
      <div class="gap" data-testid="long-output-gap">… ${hiddenLines.toLocaleString("en")} lines not shown …</div>
      <pre>${text.slice(tailStart)}</pre>`;
  }
}
customElements.define("long-output", LongOutput);
