// The console: run bash or Python in the local container with no API key. Each run shows its
// call and the result block the container returned; the newest block is also exposed as JSON
// (data-block) for tests and for copying.
import { LitElement, css, html, nothing } from "lit";
import type { ToolCall, ToolResultBlock } from "../state/package-api.ts";
import type { Session } from "../state/session.ts";
import { ChangeController } from "../state/session-controller.ts";
import { containerFile } from "../state/workspace-files.ts";
import { panel, shared } from "../styles/shared.ts";
import type { CodeEditor, EditorLanguage } from "./code-editor.ts";
import type { FileSource } from "./file-chip.ts";
import "./code-editor.ts";
import "./tool-exchange.ts";

interface Entry {
  call: ToolCall;
  result: ToolResultBlock | null;
}

const HISTORY_KEY = "code-exec-sandbox:console-history";
const HISTORY_MAX = 100;
/** Runs kept on screen; older ones scroll away for good (their blocks can be large). */
const ENTRIES_MAX = 50;

function loadHistory(): Array<{ mode: EditorLanguage; source: string }> {
  try {
    const parsed = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]") as unknown;
    return Array.isArray(parsed) ? parsed.slice(-HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

export class ConsolePanel extends LitElement {
  static override properties = {
    session: { attribute: false },
    dark: { type: Boolean },
    readOnly: { type: Boolean, attribute: "read-only" },
    initialCode: { attribute: "initial-code" },
    initialMode: { attribute: "initial-mode" },
    persistHistory: { type: Boolean, attribute: false },
    mode: { state: true },
    entries: { state: true },
  };
  declare session: Session | null;
  declare dark: boolean;
  declare readOnly: boolean;
  declare initialCode: string;
  declare initialMode: EditorLanguage;
  /** Keep the history in localStorage (the app); the widget keeps it in memory, off the host's storage. */
  declare persistHistory: boolean;
  declare mode: EditorLanguage;
  declare entries: Entry[];

  private runs = 0;
  private history: Array<{ mode: EditorLanguage; source: string }> = [];
  /** Position while walking the history with Alt+Up/Down (history.length = the draft). */
  private cursor = 0;
  private draft = "";
  private readonly sessionChanges = new ChangeController(this);

  constructor() {
    super();
    this.session = null;
    this.dark = false;
    this.readOnly = false;
    this.initialCode = "print(1 + 1)";
    this.initialMode = "python";
    this.persistHistory = true;
    this.mode = "python";
    this.entries = [];
  }

  static override styles = [
    shared,
    panel,
    css`
      .bar .spacer {
        flex: 1;
      }
      .hint {
        font-size: 0.8rem;
      }
      .entries {
        display: grid;
        gap: 0.6rem;
      }
      kbd {
        font-family: ui-monospace, monospace;
        font-size: 0.78rem;
        border: 1px solid var(--border);
        border-bottom-width: 2px;
        border-radius: 4px;
        padding: 0 0.25rem;
      }
      select.history {
        max-width: 12rem;
      }
    `,
  ];

  protected override willUpdate(): void {
    this.sessionChanges.observe(this.session);
  }

  private get editor(): CodeEditor | null {
    return this.renderRoot.querySelector("code-editor");
  }

  private get running(): boolean {
    return this.entries.some((e) => e.result === null);
  }

  /** The file source for output chips: the container that produced them. */
  private readonly files: FileSource = {
    get: async (fileId) => containerFile(await this.session!.ready(), fileId),
  };

  async run(): Promise<void> {
    const session = this.session;
    const editor = this.editor;
    if (!session || !editor) return;
    const source = editor.value;
    if (source.trim() === "" || this.running) return;
    const id = `srvtoolu_console${++this.runs}`;
    const call: ToolCall =
      this.mode === "bash"
        ? { type: "server_tool_use", id, name: "bash_code_execution", input: { command: source } }
        : { type: "server_tool_use", id, name: "code_execution", input: { code: source } };
    const entry: Entry = { call, result: null };
    this.entries = [...this.entries, entry].slice(-ENTRIES_MAX);
    this.remember(source);
    const result = await session.run(call);
    this.entries = this.entries.map((e) => (e === entry ? { call, result } : e));
    await this.updateComplete;
    this.renderRoot.querySelector('[data-testid="console-output"]')?.scrollIntoView({ block: "nearest" });
  }

  private remember(source: string): void {
    const last = this.history.at(-1);
    if (!last || last.source !== source || last.mode !== this.mode) this.history.push({ mode: this.mode, source });
    this.history = this.history.slice(-HISTORY_MAX);
    this.cursor = this.history.length;
    if (!this.persistHistory) return;
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(this.history));
    } catch {}
  }

  private walkHistory(step: number): void {
    const editor = this.editor;
    if (!editor || this.history.length === 0) return;
    if (this.cursor === this.history.length) this.draft = editor.value;
    this.cursor = Math.max(0, Math.min(this.history.length, this.cursor + step));
    const item = this.history[this.cursor];
    if (item) {
      this.mode = item.mode;
      editor.value = item.source;
    } else editor.value = this.draft;
  }

  private pick(event: Event): void {
    const select = event.target as HTMLSelectElement;
    const item = this.history[Number(select.value)];
    if (item && this.editor) {
      this.mode = item.mode;
      this.editor.value = item.source;
      this.editor.focus();
    }
    select.value = "";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.persistHistory && this.history.length === 0) {
      this.history = loadHistory();
      this.cursor = this.history.length;
    }
  }

  protected override firstUpdated(): void {
    this.mode = this.initialMode === "bash" ? "bash" : "python";
    if (this.editor) this.editor.value = this.initialCode;
  }

  protected override render() {
    const session = this.session;
    const stopping = session?.canInterrupt ?? false;
    const latest = this.entries.at(-1);
    return html`
      <div class="bar">
        <label class="visually-hidden" for="mode">Language</label>
        <select id="mode" data-testid="console-mode" ?disabled=${this.readOnly} .value=${this.mode} @change=${(e: Event) => (this.mode = (e.target as HTMLSelectElement).value as EditorLanguage)}>
          <option value="python" ?selected=${this.mode === "python"}>Python</option>
          <option value="bash" ?selected=${this.mode === "bash"}>bash</option>
        </select>
        ${this.history.length > 0 && !this.readOnly
          ? html`<select class="history" aria-label="History" data-testid="console-history" @change=${this.pick}>
              <option value="">History (${this.history.length})</option>
              ${[...this.history.entries()].reverse().map(([i, h]) => html`<option value=${i}>${h.mode}: ${h.source.slice(0, 60)}</option>`)}
            </select>`
          : nothing}
        <span class="spacer"></span>
        ${this.running
          ? html`<button class="danger" data-testid="console-stop" ?disabled=${!stopping} title=${stopping ? "Interrupt the running code" : "This container cannot interrupt a call yet; it stops at its time limit"} @click=${() => session?.interrupt()}>Stop</button>`
          : nothing}
        <button class="primary" data-testid="console-run" ?disabled=${this.running} @click=${() => void this.run()}>
          ${this.running ? "Running…" : "Run"}
        </button>
      </div>
      <code-editor
        .language=${this.mode}
        .dark=${this.dark}
        .readOnly=${this.readOnly}
        label="Code to run"
        input-test-id="console-input"
        @run=${() => void this.run()}
        @history=${(e: CustomEvent<number>) => this.walkHistory(e.detail)}
      ></code-editor>
      <div class="hint muted">
        <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs · <kbd>Alt</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> history · files live in
        <code>/workspace</code>, uploads in <code>/workspace/inputs</code>, outputs in <code>$OUTPUT_DIR</code>
      </div>
      <div class="entries" aria-live="polite">
        ${this.entries.map((entry) => {
          const isLatest = entry === latest;
          return html`<div
            data-testid=${isLatest ? "console-output" : "console-entry"}
            data-tool-use-id=${entry.call.id}
            data-block=${entry.result ? JSON.stringify(entry.result, null, 2) : nothing}
          >
            <tool-exchange .call=${entry.call} .result=${entry.result} .files=${this.files}></tool-exchange>
          </div>`;
        })}
      </div>
    `;
  }
}
customElements.define("console-panel", ConsolePanel);
