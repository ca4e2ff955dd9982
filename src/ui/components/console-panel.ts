// The console: run bash or Python in the local container with no API key. Each run shows its
// call, its output as it streams, then the result block the container returned; the newest
// block is also exposed as JSON (data-block) for tests and for copying. Runs and the editor's
// draft are kept per container (the session's Workbench), so a reload finds them again.
//
// Events (on the panel, not bubbling; the widget passes them on): "console-run-start" {call},
// "console-output" {stream, text}, "console-result" {block}, "console-error" {message}.
import { LitElement, css, html, nothing } from "lit";
import type { ConsoleRun, ToolCall, ToolResultBlock } from "../state/package-api.ts";
import { LiveOutputBuffer } from "../state/live-output.ts";
import type { OutputChunk, Session } from "../state/session.ts";
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
  /** Output streamed so far, while the call runs. */
  live: { stdout: string; stderr: string } | null;
  /** The engine's sentence behind an error block. */
  note: string;
  /** Why no result block came (the runtime could not start). */
  failure: string;
}

/** How long the draft waits for typing to pause before it is saved. */
const DRAFT_SAVE_MS = 400;

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
    keepWork: { type: Boolean, attribute: false },
    draftWins: { type: Boolean, attribute: false },
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
  /** Keep runs and the draft in the container's store and bring them back when it reopens. */
  declare keepWork: boolean;
  /** A stored draft replaces the initial code (the app); the widget's own code attribute wins. */
  declare draftWins: boolean;
  declare mode: EditorLanguage;
  declare entries: Entry[];

  private runs = 0;
  private history: Array<{ mode: EditorLanguage; source: string }> = [];
  /** Position while walking the history with Alt+Up/Down (history.length = the draft). */
  private cursor = 0;
  private draft = "";
  private readonly sessionChanges = new ChangeController(this);
  /** The container whose runs and draft are shown; null until its work is restored. */
  private shownContainer: string | null = null;
  private draftTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.session = null;
    this.dark = false;
    this.readOnly = false;
    this.initialCode = "print(1 + 1)";
    this.initialMode = "python";
    this.persistHistory = true;
    this.keepWork = true;
    this.draftWins = true;
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
      :host {
        min-width: 0;
      }
      .entries {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.6rem;
      }
      .failure {
        border-left: 3px solid var(--bad);
        background: var(--bad-bg);
        color: var(--bad);
        padding: 0.4rem 0.6rem;
        border-radius: 4px;
        margin-top: 0.3rem;
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
    const id = this.session?.container?.id ?? null;
    if (id && id !== this.shownContainer) void this.restore(id);
  }

  /** Shows the runs and the draft kept for container `id` (empty for a new one). */
  private async restore(id: string): Promise<void> {
    this.shownContainer = id;
    // Another container's runs go; a run started while the kept ones load stays after them.
    this.entries = [];
    this.runs = 0;
    if (!this.keepWork || !this.session) return;
    try {
      const workbench = await this.session.workbench();
      const [runs, draft] = await Promise.all([workbench.runs(id), workbench.draft(id)]);
      if (this.shownContainer !== id) return;
      const kept = runs.map((run): Entry => ({ call: run.call, result: run.result, live: null, note: run.note ?? "", failure: "" }));
      this.entries = [...kept, ...this.entries].slice(-ENTRIES_MAX);
      // New ids continue after the kept ones.
      this.runs = Math.max(this.runs, ...runs.map((run) => Number(/(\d+)$/.exec(run.call.id)?.[1] ?? 0)));
      await this.updateComplete;
      if (draft && this.draftWins && this.editor) {
        this.mode = draft.language;
        this.editor.value = draft.source;
      }
    } catch {
      // Nothing kept, or the store is unreachable: an empty console still works.
    }
  }

  private saveDraftSoon(): void {
    if (!this.keepWork) return;
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => void this.saveDraft(), DRAFT_SAVE_MS);
  }

  private async saveDraft(): Promise<void> {
    this.draftTimer = null;
    const id = this.session?.container?.id;
    const editor = this.editor;
    if (!id || !editor || !this.keepWork || id !== this.shownContainer) return;
    await (await this.session!.workbench()).saveDraft(id, { source: editor.value, language: this.mode }).catch(() => undefined);
  }

  private async keep(run: Omit<ConsoleRun, "seq">): Promise<void> {
    const id = this.session?.container?.id;
    if (!id || !this.keepWork) return;
    await (await this.session!.workbench()).addRun(id, run).catch(() => undefined);
  }

  private emit(name: "run-start" | "output" | "result" | "error", detail: unknown): void {
    this.dispatchEvent(new CustomEvent(`console-${name}`, { detail }));
  }

  /** The editor's text (the initial code until the editor exists). */
  get source(): string {
    return this.editor?.value ?? this.initialCode;
  }

  set source(text: string) {
    if (this.editor) this.editor.value = text;
    else this.initialCode = text;
    this.saveDraftSoon();
  }

  private get editor(): CodeEditor | null {
    return this.renderRoot.querySelector("code-editor");
  }

  private get running(): boolean {
    return this.entries.some((e) => e.result === null && !e.failure);
  }

  /** The file source for output chips: the container that produced them. */
  private readonly files: FileSource = {
    get: async (fileId) => containerFile(await this.session!.ready(), fileId),
  };

  /**
   * Runs the editor's code. Resolves with the result block, or null when there is nothing to run
   * (empty editor, a run already going); rejects when no block could be had (the runtime did
   * not start), after showing why.
   */
  async run(): Promise<ToolResultBlock | null> {
    const session = this.session;
    const editor = this.editor;
    if (!session || !editor) return null;
    const source = editor.value;
    if (source.trim() === "" || this.running) return null;
    const id = `srvtoolu_console${++this.runs}`;
    const call: ToolCall =
      this.mode === "bash"
        ? { type: "server_tool_use", id, name: "bash_code_execution", input: { command: source } }
        : { type: "server_tool_use", id, name: "code_execution", input: { code: source } };
    let entry: Entry = { call, result: null, live: null, note: "", failure: "" };
    const replace = (next: Entry) => {
      this.entries = this.entries.map((e) => (e === entry ? next : e));
      entry = next;
    };
    this.entries = [...this.entries, entry].slice(-ENTRIES_MAX);
    this.remember(source);
    this.emit("run-start", { call });
    // Output is shown once per frame, however many chunks arrive in between.
    const live = new LiveOutputBuffer();
    let frame = 0;
    const onOutput = (chunk: OutputChunk) => {
      live.append(chunk.stream, chunk.text);
      this.emit("output", { stream: chunk.stream, text: chunk.text });
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        if (entry.result === null) replace({ ...entry, live: live.snapshot() });
      });
    };
    try {
      const result = await session.run(call, { onOutput });
      cancelAnimationFrame(frame);
      const note = session.errorMessage(call.id) ?? "";
      replace({ ...entry, result, live: null, note });
      // Kept before run() resolves: a reload right after it still finds the run.
      await Promise.all([this.keep({ call, result, ...(note ? { note } : {}), ran_at: new Date().toISOString() }), this.saveDraft()]);
      this.emit("result", { block: result });
      await this.updateComplete;
      this.renderRoot.querySelector('[data-testid="console-output"]')?.scrollIntoView({ block: "nearest" });
      return result;
    } catch (error) {
      cancelAnimationFrame(frame);
      const message = `The code did not run: ${error instanceof Error ? error.message : String(error)}`;
      replace({ ...entry, failure: message, live: null });
      this.emit("error", { message });
      throw new Error(message);
    }
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
        <select id="mode" data-testid="console-mode" ?disabled=${this.readOnly} .value=${this.mode} @change=${(e: Event) => {
          this.mode = (e.target as HTMLSelectElement).value as EditorLanguage;
          this.saveDraftSoon();
        }}>
          <option value="python" ?selected=${this.mode === "python"}>Python</option>
          <option value="bash" ?selected=${this.mode === "bash"}>bash</option>
        </select>
        ${
          this.history.length > 0 && !this.readOnly
            ? html`<select class="history" aria-label="History" data-testid="console-history" @change=${this.pick}>
              <option value="">History (${this.history.length})</option>
              ${[...this.history.entries()].reverse().map(([i, h]) => html`<option value=${i}>${h.mode}: ${h.source.slice(0, 60)}</option>`)}
            </select>`
            : nothing
        }
        <span class="spacer"></span>
        ${
          this.running
            ? html`<button class="danger" data-testid="console-stop" ?disabled=${!stopping} title=${stopping ? "Interrupt the running code" : "This container cannot interrupt a call yet; it stops at its time limit"} @click=${() => session?.interrupt()}>Stop</button>`
            : nothing
        }
        <button class="primary" data-testid="console-run" ?disabled=${this.running} @click=${() => void this.run().catch(() => undefined)}>
          ${this.running ? "Running…" : "Run"}
        </button>
      </div>
      <code-editor
        .language=${this.mode}
        .dark=${this.dark}
        .readOnly=${this.readOnly}
        label="Code to run"
        input-test-id="console-input"
        @run=${() => void this.run().catch(() => undefined)}
        @change=${(e: Event) => {
          e.stopPropagation();
          this.saveDraftSoon();
        }}
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
            <tool-exchange .call=${entry.call} .result=${entry.result} .live=${entry.live} .note=${entry.note} ?failed=${Boolean(entry.failure)} .files=${this.files}></tool-exchange>
            ${entry.failure ? html`<div class="failure" role="alert" data-testid="console-failure">${entry.failure}</div>` : nothing}
          </div>`;
        })}
      </div>
    `;
  }
}
customElements.define("console-panel", ConsolePanel);
