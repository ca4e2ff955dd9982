// A conversation with Claude through the agent (hosted, local or auto engine), rendered as it
// streams; transcripts can be exported, imported, and replayed offline in the local container.
import { LitElement, css, html, nothing } from "lit";
import {
  createAgent,
  replayTranscript,
  type Agent,
  type AgentEvent,
  type ReplayStep,
  type TranscriptTurn,
  type UserContent,
} from "../../agent/index.ts";
import { createContainer, type Container } from "../state/package-api.ts";
import { LiveOutputBuffer } from "../state/live-output.ts";
import type { LiveOutput } from "./tool-exchange.ts";
import { saveBytes } from "../render/file-kind.ts";
import type { Session } from "../state/session.ts";
import { ChangeController } from "../state/session-controller.ts";
import { containerFile } from "../state/workspace-files.ts";
import type { SkillLibrary } from "../state/skill-library.ts";
import { agentToolVersion, type SettingsStore } from "../state/settings.ts";
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
    skills: { attribute: false },
    turns: { state: true },
    streaming: { state: true },
    sending: { state: true },
    notices: { state: true },
    attachments: { state: true },
    imported: { state: true },
    replay: { state: true },
    sendError: { state: true },
    choosing: { state: true },
    replayInCurrent: { state: true },
    live: { state: true },
  };
  declare session: Session | null;
  declare settings: SettingsStore | null;
  /** The app's skills; the enabled ones go with every send (none in the widget). */
  declare skills: SkillLibrary | null;
  declare turns: readonly TurnLike[];
  declare streaming: string | null;
  declare sending: boolean;
  declare notices: Notice[];
  declare attachments: Array<{ name: string; block: { type: "container_upload"; file_id: string } }>;
  /** True while the view shows an imported transcript rather than a live conversation. */
  declare imported: boolean;
  declare replay: { steps: ReplayStep[]; running: boolean; where: string; files: FileSource } | null;
  /** Why the last send failed; its message is back in the input. */
  declare sendError: string;
  /** A send after an import waits for the user to choose: continue it, or start fresh. */
  declare choosing: boolean;
  /** Replay in the open container instead of a new scratch one. */
  declare replayInCurrent: boolean;
  /** Output of the local engine's running calls, by tool_use_id, shown as it streams. */
  declare live: ReadonlyMap<string, LiveOutput>;
  private readonly liveBuffers = new Map<string, LiveOutputBuffer>();
  private liveFrame = 0;
  /** The imported file's name, for the scratch container's name. */
  private importedName = "";

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
    this.skills = null;
    this.turns = [];
    this.streaming = null;
    this.sending = false;
    this.notices = [];
    this.attachments = [];
    this.imported = false;
    this.replay = null;
    this.sendError = "";
    this.choosing = false;
    this.replayInCurrent = false;
    this.live = new Map();
  }

  /** A chunk of a running call's output: shown once per frame, however many arrive. */
  private readonly onOutput = (toolUseId: string, chunk: { stream: "stdout" | "stderr"; text: string }) => {
    let buffer = this.liveBuffers.get(toolUseId);
    if (!buffer) {
      buffer = new LiveOutputBuffer();
      this.liveBuffers.set(toolUseId, buffer);
    }
    buffer.append(chunk.stream, chunk.text);
    this.liveFrame ||= requestAnimationFrame(() => {
      this.liveFrame = 0;
      this.live = new Map([...this.liveBuffers].map(([id, b]) => [id, b.snapshot()]));
    });
  };

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
      .send-error {
        color: var(--bad);
        background: var(--bad-bg);
        border-radius: 6px;
        padding: 0.4rem 0.7rem;
      }
      .choice {
        display: grid;
        gap: 0.4rem;
        border: 1px solid var(--accent);
        border-radius: 8px;
        padding: 0.6rem 0.8rem;
      }
      .choice .bar {
        flex-wrap: wrap;
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

  /** `history`: an imported conversation the new agent continues. */
  private async ensureAgent(history?: readonly TranscriptTurn[]): Promise<Agent> {
    if (this.agent) return this.agent;
    const s = this.settings!;
    const v = s.value;
    // The local and auto engines run Claude's calls in the page's container.
    const toolVersion = agentToolVersion(v.toolVersion);
    const container = v.engine === "hosted" ? undefined : this.session!.observed(await this.session!.ready(), this.onOutput);
    this.agent = createAgent({
      engine: v.engine,
      apiKey: s.apiKey,
      baseURL: v.baseURL,
      model: v.model,
      ...(toolVersion ? { toolVersion } : {}),
      ...(container ? { container } : {}),
      ...(history ? { history } : {}),
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
    this.sendError = "";
    this.choosing = false;
    this.fileBytes.clear();
    this.liveBuffers.clear();
    this.live = new Map();
  }

  /**
   * Sends the input. After an import it first asks whether to continue the imported
   * conversation or start fresh (`after`). A send that fails puts the message back in the
   * input, with the error next to it.
   */
  private async send(after?: "continue" | "fresh"): Promise<void> {
    const input = this.renderRoot.querySelector<HTMLTextAreaElement>("textarea");
    const text = input?.value.trim() ?? "";
    if (!text || this.sending) return;
    if (!this.settings?.apiKey) {
      this.sendError =
        "Add an API key in Settings to talk to Claude. Without one, use the Console, or import a transcript and replay it offline.";
      return;
    }
    if (this.imported && !after) {
      this.choosing = true;
      return;
    }
    this.choosing = false;
    let history: readonly TranscriptTurn[] | undefined;
    if (this.imported) {
      if (after === "continue") history = this.turns as unknown as TranscriptTurn[];
      const kept = this.turns;
      this.newConversation();
      if (after === "continue") this.turns = kept;
    }
    const agent = await this.ensureAgent(history);
    // Skills enabled or disabled since the last send apply from this one on.
    if (this.skills) agent.setSkills(await this.skills.agentSkills());
    const attachments = this.attachments;
    const content: UserContent = attachments.length ? [...attachments.map((a) => a.block), { type: "text", text }] : text;
    this.attachments = [];
    input!.value = "";
    this.sending = true;
    this.stopped = false;
    this.notices = [];
    this.sendError = "";
    this.streaming = "";
    const turnsBefore = agent.transcript.length;
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
    // The agent rolls a failed send back: nothing of it is in the conversation, so the message
    // goes back into the input (unless something new was typed), with the error beside it.
    if (agent.transcript.length === turnsBefore && !this.stopped) {
      const failure = this.notices
        .filter((n) => n.kind === "error")
        .map((n) => n.text)
        .join(" ");
      if (input && input.value.trim() === "") input.value = text;
      if (this.attachments.length === 0) this.attachments = attachments;
      this.sendError = `Not sent: ${(failure || "the request failed").replace(/\.$/, "")}. Your message is back in the box; send it again when ready.`;
      this.notices = this.notices.filter((n) => n.kind !== "error");
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
      case "container_replaced":
        this.notices = [...this.notices, { kind: "info", text: `New container. ${event.reason}` }];
        break;
      case "error":
        this.notices = [...this.notices, { kind: "error", text: event.message }];
        break;
      case "done":
        this.notices = [
          ...this.notices,
          {
            kind: "info",
            text: `Done (${event.stop_reason ?? "no stop reason"}) · ${event.usage.input_tokens} in / ${event.usage.output_tokens} out tokens · ${event.usage.requests} request${event.usage.requests === 1 ? "" : "s"}`,
          },
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
    saveBytes(new TextEncoder().encode(JSON.stringify(file, null, 2)), `transcript-${stamp}.json`);
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
    this.importedName = file.name;
    this.notices = [
      {
        kind: "info",
        text: `Imported ${file.name}: ${turns.length} turns. Replay runs its code calls in a new scratch container, or in the open one if you tick the box.`,
      },
    ];
  }

  /** A new container for a replay, named after the transcript, so it shows in Containers. */
  private async scratchContainer(): Promise<Container> {
    const session = this.session!;
    const container = await createContainer({ indexURL: session.indexURL, store: await session.store() });
    await (await session.workbench()).rename(container.id, `Replay of ${this.importedName || "a transcript"}`).catch(() => undefined);
    return container;
  }

  private async runReplay(): Promise<void> {
    const session = this.session!;
    const inCurrent = this.replayInCurrent;
    this.replay = {
      steps: [],
      running: true,
      where: inCurrent ? "the open container" : "a new scratch container",
      files: { get: async () => ({ data: new Uint8Array() }) },
    };
    let target: Container;
    try {
      target = inCurrent ? await session.ready() : await this.scratchContainer();
    } catch (error) {
      this.replay = { ...this.replay, running: false };
      this.notices = [...this.notices, { kind: "error", text: `Replay could not start a container: ${(error as Error).message}` }];
      return;
    }
    const files: FileSource = { get: (id) => containerFile(target, id) };
    this.replay = { ...this.replay, where: `${this.replay.where} (${target.id})`, files };
    try {
      for await (const step of replayTranscript(this.turns as never, session.observed(target))) {
        this.replay = { ...this.replay, steps: [...this.replay.steps, step] };
      }
    } finally {
      this.replay = { ...this.replay, running: false };
      // The scratch container's worker ends; its files and outputs stay (chips, Containers).
      if (!inCurrent) await target.close().catch(() => undefined);
    }
  }

  private renderReplay() {
    const r = this.replay;
    if (!r) return nothing;
    const matched = r.steps.filter((s) => s.match).length;
    const mark = (ok: boolean) => html`<span class=${ok ? "yes" : "no"}>${ok ? "✓" : "✗"}</span>`;
    return html`<section class="replay" data-testid="replay">
      <h3>Replay in <span data-testid="replay-where">${r.where}</span> ${r.running ? html`<span class="muted">running…</span>` : html`<span class="muted" data-testid="replay-summary">${matched} of ${r.steps.length} calls match</span>`}</h3>
      ${r.steps.map(
        (step) => html`<div class="step" data-testid="replay-step" data-match=${String(step.match)}>
          <tool-exchange data-testid="replay-local" .call=${step.call} .result=${step.local} .files=${r.files}></tool-exchange>
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
        ${
          this.imported
            ? html`<label class="inline muted"><input type="checkbox" data-testid="replay-use-current" .checked=${this.replayInCurrent}
                @change=${(e: Event) => (this.replayInCurrent = (e.target as HTMLInputElement).checked)} /> in the open container</label>
              <button class="primary" data-testid="replay-transcript" ?disabled=${this.replay?.running} @click=${() => this.runReplay()}>Replay offline</button>`
            : nothing
        }
      </div>
      ${
        this.turns.length === 0 && !this.sending
          ? html`<div class="empty muted">
            ${
              hasKey
                ? "Ask Claude to analyse data, write and run code, or create files. Code runs on the engine chosen in Settings."
                : html`No API key is set. Add one in Settings to talk to Claude; the Console runs code without one, and an imported transcript can be replayed offline.`
            }
          </div>`
          : nothing
      }
      <conversation-view data-testid="conversation" .turns=${this.turns} .streaming=${this.streaming} .files=${this.files} .live=${this.live}></conversation-view>
      ${this.notices.map((n) => html`<div class="notice ${n.kind}" role=${n.kind === "error" ? "alert" : "status"} data-testid="chat-notice">${n.text}</div>`)}
      ${this.renderReplay()}
      ${
        this.choosing
          ? html`<div class="choice" role="group" aria-label="Continue the imported conversation?" data-testid="chat-import-choice">
            <span>This conversation was imported. Should your message continue it, or start a new conversation?</span>
            <div class="bar">
              <button class="primary" data-testid="chat-continue-imported" @click=${() => void this.send("continue")}>Continue the imported conversation</button>
              <button data-testid="chat-start-fresh" @click=${() => void this.send("fresh")}>Start fresh</button>
              <button @click=${() => (this.choosing = false)}>Cancel</button>
            </div>
          </div>`
          : nothing
      }
      <div class="compose">
        <textarea data-testid="chat-input" aria-label="Message to Claude" placeholder=${hasKey ? "Message Claude (Ctrl+Enter sends)" : "Add an API key in Settings first"}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void this.send();
            }
          }}></textarea>
        ${this.sendError ? html`<div class="send-error" role="alert" data-testid="chat-send-error">${this.sendError}</div>` : nothing}
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
