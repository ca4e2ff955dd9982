// A conversation with Claude through the agent (hosted, local or auto engine), rendered as it
// streams; transcripts can be exported, imported, and replayed offline in the local container.
import { LitElement, css, html, nothing } from "lit";
import { createAgent, replayTranscript, type Agent, type AgentEvent, type ReplayStep, type UserContent } from "../../agent/index.ts";
import { saveBytes } from "../render/file-kind.ts";
import type { Session } from "../state/session.ts";
import { ChangeController } from "../state/session-controller.ts";
import { containerFile } from "../state/workspace-files.ts";
import type { SettingsStore } from "../state/settings.ts";
import { parseTranscriptFile, toTranscriptFile } from "../state/transcript-file.ts";
import { panel, shared } from "../styles/shared.ts";
import { openPickerOnKey } from "../render/picker.ts";
import type { TurnLike } from "./conversation-view.ts";
import type { FileSource } from "./file-chip.ts";
import "./conversation-view.ts";
import "./tool-exchange.ts";
import { clipIcon } from "../render/icons.ts";

type Notice = { kind: "error" | "info"; text: string };

export class ChatPanel extends LitElement {
  static override properties = {
    session: { attribute: false },
    settings: { attribute: false },
    turns: { state: true },
    streaming: { state: true },
    sending: { state: true },
    notices: { state: true },
    attachments: { state: true },
    imported: { state: true },
    replay: { state: true },
  };
  declare session: Session | null;
  declare settings: SettingsStore | null;
  declare turns: readonly TurnLike[];
  declare streaming: string | null;
  declare sending: boolean;
  declare notices: Notice[];
  declare attachments: Array<{ name: string; block: { type: "container_upload"; file_id: string } }>;
  /** True while the view shows an imported transcript rather than a live conversation. */
  declare imported: boolean;
  declare replay: { steps: ReplayStep[]; running: boolean } | null;

  private agent: Agent | null = null;
  /** Ends the running send: leaving the event stream aborts the request. */
  private stop: (() => void) | null = null;
  private stopped = false;
  private readonly fileBytes = new Map<string, { data: Uint8Array; name?: string }>();
  private readonly settingsChanges = new ChangeController(this);

  constructor() {
    super();
    this.session = null;
    this.settings = null;
    this.turns = [];
    this.streaming = null;
    this.sending = false;
    this.notices = [];
    this.attachments = [];
    this.imported = false;
    this.replay = null;
  }

  static override styles = [
    shared,
    panel,
    css`
      .compose {
        display: grid;
        gap: 0.5rem;
      }
      textarea {
        width: 100%;
        min-height: 4.5rem;
        resize: vertical;
      }
      .notice {
        border-radius: 6px;
        padding: 0.4rem 0.7rem;
        background: var(--bg-soft);
      }
      .notice.error {
        background: var(--bad-bg);
        color: var(--bad);
      }
      .attachment {
        font-size: 0.85rem;
        border: 1px solid var(--border);
        border-radius: 999px;
        padding: 0 0.5rem;
      }
      .replay {
        display: grid;
        gap: 0.6rem;
      }
      .step {
        display: grid;
        gap: 0.3rem;
      }
      .match {
        font-size: 0.85rem;
      }
      .match .yes {
        color: var(--ok);
      }
      .match .no {
        color: var(--bad);
      }
      .empty {
        border: 1px dashed var(--border);
        border-radius: 10px;
        padding: 1rem;
      }
    `,
  ];

  protected override willUpdate(): void {
    this.settingsChanges.observe(this.settings);
  }

  /** Chips waiting for a file the running send has yet to fetch. */
  private readonly fileWaiters = new Map<string, Array<() => void>>();

  private fileSettled(fileId?: string): void {
    for (const [id, waiters] of this.fileWaiters) {
      if (fileId !== undefined && id !== fileId) continue;
      for (const wake of waiters) wake();
      this.fileWaiters.delete(id);
    }
  }

  /**
   * Output files: the bytes (and name) the agent fetched right after the result block; a chip
   * that shows up first waits for them, and anything else is fetched again through the agent.
   */
  private readonly files: FileSource = {
    get: async (fileId) => {
      if (!this.fileBytes.has(fileId) && this.sending) {
        await new Promise<void>((wake) => this.fileWaiters.set(fileId, [...(this.fileWaiters.get(fileId) ?? []), wake]));
      }
      const known = this.fileBytes.get(fileId);
      if (known) return known;
      if (!this.agent) throw new Error("This file belongs to another session.");
      return { data: await this.agent.downloadFile(fileId) };
    },
  };

  private async ensureAgent(): Promise<Agent> {
    if (this.agent) return this.agent;
    const s = this.settings!;
    const v = s.value;
    // The local and auto engines run Claude's calls in the page's container.
    const container = v.engine === "hosted" ? undefined : this.session!.observed(await this.session!.ready());
    this.agent = createAgent({
      engine: v.engine,
      apiKey: s.apiKey,
      baseURL: v.baseURL,
      model: v.model,
      toolVersion: v.toolVersion,
      ...(container ? { container } : {}),
    });
    return this.agent;
  }

  newConversation(): void {
    if (this.sending) return;
    this.agent = null;
    this.turns = [];
    this.notices = [];
    this.attachments = [];
    this.imported = false;
    this.replay = null;
    this.fileBytes.clear();
  }

  private async send(): Promise<void> {
    const input = this.renderRoot.querySelector<HTMLTextAreaElement>("textarea");
    const text = input?.value.trim() ?? "";
    if (!text || this.sending) return;
    if (!this.settings?.apiKey) {
      this.notices = [{ kind: "error", text: "Add an API key in Settings to talk to Claude. Without one, use the Console, or import a transcript and replay it offline." }];
      return;
    }
    if (this.imported) this.newConversation();
    const agent = await this.ensureAgent();
    const content: UserContent = this.attachments.length
      ? [...this.attachments.map((a) => a.block), { type: "text", text }]
      : text;
    this.attachments = [];
    input!.value = "";
    this.sending = true;
    this.stopped = false;
    this.notices = [];
    this.streaming = "";
    this.turns = [...agent.transcript] as unknown as TurnLike[];
    const events = agent.send(content)[Symbol.asyncIterator]();
    // return() settles a pending next() too, so Stop works even while the stream is silent.
    this.stop = () => {
      this.stopped = true;
      void events.return?.();
    };
    try {
      for (;;) {
        const next = await events.next();
        if (next.done) break;
        this.onEvent(next.value, agent);
      }
      if (this.stopped) this.notices = [...this.notices, { kind: "info", text: "Stopped." }];
    } finally {
      this.stop = null;
      this.sending = false;
      this.fileSettled();
      this.streaming = null;
      this.turns = [...agent.transcript] as unknown as TurnLike[];
    }
  }

  private onEvent(event: AgentEvent, agent: Agent): void {
    switch (event.type) {
      case "text_delta":
        this.streaming = (this.streaming ?? "") + event.text;
        break;
      case "block":
        // A finished text block replaces the streamed text it came from.
        if (event.block.type === "text") this.streaming = "";
        this.turns = [...agent.transcript] as unknown as TurnLike[];
        break;
      case "file":
        this.fileBytes.set(event.file_id, event.name === undefined ? { data: event.data } : { data: event.data, name: event.name });
        this.fileSettled(event.file_id);
        break;
      case "file_error":
        this.fileSettled(event.file_id);
        this.notices = [...this.notices, { kind: "error", text: `File ${event.file_id}: ${event.message}` }];
        break;
      case "engine":
        this.notices = [...this.notices, { kind: "info", text: `Engine: ${event.engine}. ${event.reason}` }];
        break;
      case "error":
        this.notices = [...this.notices, { kind: "error", text: event.message }];
        break;
      case "done":
        this.notices = [
          ...this.notices,
          { kind: "info", text: `Done (${event.stop_reason ?? "no stop reason"}) · ${event.usage.input_tokens} in / ${event.usage.output_tokens} out tokens · ${event.usage.requests} request${event.usage.requests === 1 ? "" : "s"}` },
        ];
        break;
    }
  }

  private async attach(files: FileList | null): Promise<void> {
    if (!files || files.length === 0) return;
    try {
      const agent = await this.ensureAgent();
      for (const file of Array.from(files)) {
        const block = await agent.uploadFile(file.name, new Uint8Array(await file.arrayBuffer()));
        this.attachments = [...this.attachments, { name: file.name, block }];
      }
    } catch (error) {
      this.notices = [{ kind: "error", text: `Upload failed: ${(error as Error).message}` }];
    }
  }

  private exportTranscript(): void {
    const file = toTranscriptFile(this.turns, {
      engine: this.agent?.engine ?? null,
      model: this.settings?.value.model ?? null,
      containerId: this.agent?.containerId ?? null,
    });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    saveBytes(new TextEncoder().encode(JSON.stringify(file, null, 2)), `transcript-${stamp}.json`, "application/json");
  }

  private async importTranscript(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    const turns = parseTranscriptFile(await file.text());
    if (typeof turns === "string") {
      this.notices = [{ kind: "error", text: `${file.name}: ${turns}` }];
      return;
    }
    this.newConversation();
    this.turns = turns;
    this.imported = true;
    this.notices = [{ kind: "info", text: `Imported ${file.name}: ${turns.length} turns. Replay runs its code calls in the local container.` }];
  }

  private async runReplay(): Promise<void> {
    const container = this.session!.observed(await this.session!.ready());
    this.replay = { steps: [], running: true };
    for await (const step of replayTranscript(this.turns as never, container)) {
      this.replay = { steps: [...this.replay.steps, step], running: true };
    }
    this.replay = { ...this.replay, running: false };
  }

  private renderReplay() {
    const r = this.replay;
    if (!r) return nothing;
    const matched = r.steps.filter((s) => s.match).length;
    const mark = (ok: boolean) => html`<span class=${ok ? "yes" : "no"}>${ok ? "✓" : "✗"}</span>`;
    return html`<section class="replay" data-testid="replay">
      <h3>Replay in the local container ${r.running ? html`<span class="muted">running…</span>` : html`<span class="muted" data-testid="replay-summary">${matched} of ${r.steps.length} calls match</span>`}</h3>
      ${r.steps.map(
        (step) => html`<div class="step" data-testid="replay-step" data-match=${String(step.match)}>
          <tool-exchange data-testid="replay-local" .call=${step.call} .result=${step.local} .files=${{ get: async (id: string) => containerFile(await this.session!.ready(), id) }}></tool-exchange>
          <div class="match">stdout ${mark(step.matches.stdout)} · stderr ${mark(step.matches.stderr)} · return code ${mark(step.matches.return_code)} · files ${mark(step.matches.files)}</div>
          ${step.recorded ? html`<details><summary>Recorded result</summary><tool-exchange .result=${step.recorded}></tool-exchange></details>` : nothing}
        </div>`,
      )}
    </section>`;
  }

  protected override render() {
    const s = this.settings;
    const hasKey = Boolean(s?.apiKey);
    return html`
      <div class="bar">
        <strong>Conversation</strong>
        <span class="muted">${s ? `${s.value.engine} engine · ${s.value.model}` : ""}</span>
        <span class="spacer"></span>
        <button @click=${() => this.newConversation()} ?disabled=${this.sending}>New</button>
        <button @click=${() => this.exportTranscript()} ?disabled=${this.turns.length === 0} data-testid="export-transcript">Export</button>
        <label><input class="visually-hidden" type="file" accept="application/json,.json" data-testid="import-transcript"
          @change=${(e: Event) => this.importTranscript(e.target as HTMLInputElement)} /><span class="link" role="button" tabindex="0" @keydown=${openPickerOnKey}>Import</span></label>
        ${this.imported ? html`<button class="primary" data-testid="replay-transcript" ?disabled=${this.replay?.running} @click=${() => this.runReplay()}>Replay offline</button>` : nothing}
      </div>
      ${this.turns.length === 0 && !this.sending
        ? html`<div class="empty muted">
            ${hasKey
              ? "Ask Claude to analyse data, write and run code, or create files. Code runs on the engine chosen in Settings."
              : html`No API key is set. Add one in Settings to talk to Claude; the Console runs code without one, and an imported transcript can be replayed offline.`}
          </div>`
        : nothing}
      <conversation-view data-testid="conversation" .turns=${this.turns} .streaming=${this.streaming} .files=${this.files}></conversation-view>
      ${this.notices.map((n) => html`<div class="notice ${n.kind}" role=${n.kind === "error" ? "alert" : "status"} data-testid="chat-notice">${n.text}</div>`)}
      ${this.renderReplay()}
      <div class="compose">
        <textarea data-testid="chat-input" aria-label="Message to Claude" placeholder=${hasKey ? "Message Claude (Ctrl+Enter sends)" : "Add an API key in Settings first"}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void this.send();
            }
          }}></textarea>
        <div class="bar">
          ${this.attachments.map((a) => html`<span class="attachment" data-testid="chat-attachment">${clipIcon} ${a.name}</span>`)}
          <label><input class="visually-hidden" type="file" multiple data-testid="chat-attach" @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            void this.attach(input.files).then(() => (input.value = ""));
          }} /><span class="link" role="button" tabindex="0" @keydown=${openPickerOnKey}>Attach files</span></label>
          <span class="spacer"></span>
          ${this.sending ? html`<button class="danger" data-testid="chat-stop" @click=${() => this.stop?.()}>Stop</button>` : nothing}
          <button class="primary" data-testid="chat-send" ?disabled=${this.sending} @click=${() => void this.send()}>Send</button>
        </div>
      </div>
    `;
  }
}
customElements.define("chat-panel", ChatPanel);
