// <code-exec-sandbox>: the sandbox as one custom element for other pages. It runs its own local
// container (Pyodide files next to the script, in ../pyodide/), shows a console with the initial
// code, and, with engine="hosted" or "auto" and an apiKey property, a conversation with Claude.
//
//   <script type="module" src="widget/code-exec-sandbox.js"></script>
//   <code-exec-sandbox code="print(1 + 1)" height="360px"></code-exec-sandbox>
//
// Attributes are checked (attributes.ts): an invalid value is reported with console.warn and its
// default is used. pyodide-url, persist and container-id are read when the element connects.
// API: `code` (get/set the editor's text), `run()` (resolves with the result block), and the
// CustomEvents run-start {call}, output {stream, text}, result {block}, error {message}.
import { IDBFactory, IDBKeyRange as MemoryKeyRange } from "fake-indexeddb";
import { LitElement, css, html, nothing } from "lit";
import "../components/chat-panel.ts";
import "../components/console-panel.ts";
import "../components/load-status.ts";
import type { EditorLanguage } from "../components/code-editor.ts";
import type { ConsolePanel } from "../components/console-panel.ts";
import { configureSnapshots } from "../../container/snapshot-cache.ts";
import type { ToolResultBlock } from "../state/package-api.ts";
import { Session } from "../state/session.ts";
import { SettingsStore, type EngineChoice, type ToolVersionChoice } from "../state/settings.ts";
import { isDark } from "../state/theme.ts";
import { shared, themeVars } from "../styles/shared.ts";
import { checked } from "./attributes.ts";
import { packageIndexURLFor } from "../state/package-source.ts";

const DEFAULT_PYODIDE_URL = new URL(/* @vite-ignore */ "../pyodide/", import.meta.url).href;
/** The events the widget fires, each passed on from its console. */
const EVENTS = ["run-start", "output", "result", "error"] as const;

export class CodeExecSandbox extends LitElement {
  static override properties = {
    engine: { converter: checked("engine") },
    height: { converter: checked("height") },
    readOnly: { attribute: "read-only", converter: checked("read-only") },
    language: { converter: checked("language") },
    theme: { converter: checked("theme") },
    pyodideURL: { attribute: "pyodide-url", converter: checked("pyodide-url") },
    packageIndexURL: { attribute: "package-index-url", converter: checked("package-index-url") },
    containerId: { attribute: "container-id", converter: checked("container-id") },
    persist: { converter: checked("persist") },
    apiKey: { attribute: false },
    baseURL: { attribute: "base-url" },
    model: {},
    toolVersion: { attribute: "tool-version", converter: checked("tool-version") },
    view: { state: true },
  };
  declare engine: EngineChoice;
  declare height: string;
  declare readOnly: boolean;
  declare language: EditorLanguage;
  declare theme: "light" | "dark" | "system";
  declare pyodideURL: string;
  /** The Python package source: "default", "none" or a folder URL (see package-source.ts). */
  declare packageIndexURL: string;
  /** Reopen this container (its files, runs and draft); it is created with this id if missing. */
  declare containerId: string;
  /** Keep the container in the page's IndexedDB (default: only when container-id is set). */
  declare persist: boolean;
  /** Set from script, never as an attribute, so the key is not in the page's HTML. */
  declare apiKey: string;
  /** For hosted/auto: where the Messages API is (a proxy that holds the key, typically). */
  declare baseURL: string;
  declare model: string;
  /** "default" (the model's capabilities decide), or a code_execution_* version. */
  declare toolVersion: ToolVersionChoice;
  declare view: "console" | "chat";

  private session: Session | null = null;
  private readonly settings = new SettingsStore({ persist: false });
  private source = "";

  static override get observedAttributes(): string[] {
    // biome-ignore lint/complexity/noThisInStatic: super runs Lit's getter for this class (its own properties); LitElement's would answer for LitElement
    return [...super.observedAttributes, "code"];
  }

  constructor() {
    super();
    this.engine = "local";
    this.height = "";
    this.readOnly = false;
    this.language = "python";
    this.theme = "system";
    this.pyodideURL = "";
    this.packageIndexURL = "default";
    this.containerId = "";
    this.persist = false;
    this.apiKey = "";
    this.baseURL = "";
    this.model = "";
    this.toolVersion = "default";
    this.view = "console";
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === "code") this.code = value ?? "";
    else super.attributeChangedCallback(name, old, value);
  }

  /** The code in the editor; setting it replaces the editor's text. */
  get code(): string {
    return this.consolePanel?.source ?? this.source;
  }

  set code(value: string) {
    this.source = String(value ?? "");
    if (this.consolePanel) this.consolePanel.source = this.source;
    else this.requestUpdate();
  }

  private get consolePanel(): ConsolePanel | null {
    return this.renderRoot?.querySelector<ConsolePanel>("console-panel") ?? null;
  }

  static override styles = [
    themeVars,
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        border: 1px solid var(--border);
        border-radius: 10px;
        overflow: hidden;
        min-height: 14rem;
        text-align: left;
      }
      header {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
        padding: 0.35rem 0.6rem;
        background: var(--bg-soft);
        border-bottom: 1px solid var(--border);
        font-size: 0.85rem;
      }
      header strong {
        white-space: nowrap;
      }
      .tabs button {
        min-height: 1.6rem;
        padding: 0 0.5rem;
        font-size: 0.8rem;
      }
      .tabs button[aria-pressed="true"] {
        border-color: var(--accent);
      }
      .body {
        flex: 1;
        overflow: auto;
        padding: 0.6rem;
        min-height: 0;
      }
      console-panel {
        --editor-min-height: 4.5rem;
      }
    `,
  ];

  /** Whether this element keeps its container in the page's IndexedDB. */
  private get keeps(): boolean {
    return this.hasAttribute("persist") ? this.persist : this.containerId !== "";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // One container per element, opened when the element first appears.
    if (!this.session) {
      const keeps = this.keeps;
      // Nothing of a non-persistent widget lands in the host page's storage: files in memory,
      // no runtime cache, no durable snapshot.
      if (!keeps) configureSnapshots({ durable: false });
      this.session = new Session({
        indexURL: this.pyodideURL || DEFAULT_PYODIDE_URL,
        cacheRuntime: keeps,
        packageIndexURL: () => packageIndexURLFor(this.packageIndexURL),
        ...(keeps ? {} : { indexedDB: { factory: new IDBFactory(), keyRange: MemoryKeyRange as unknown as typeof IDBKeyRange } }),
      });
      // A widget that keeps its container uses the host page's IndexedDB: containers past their
      // 30 days can never be reopened there, so their files are deleted, as the app does at start.
      if (keeps) void this.session.purgeExpired().catch(() => undefined);
    }
    if (this.session.phase === "idle") {
      void this.session.open(this.containerId ? { id: this.containerId, createMissing: true } : {}).catch(() => undefined);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Ends the worker when the element is removed for good (not when it is only moved).
    queueMicrotask(() => {
      if (!this.isConnected) {
        void this.session?.close();
        this.session = null;
      }
    });
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has("apiKey")) this.settings.setApiKey(this.apiKey);
    if (changed.has("engine")) this.settings.update({ engine: this.engine });
    if (changed.has("baseURL") && this.baseURL) this.settings.update({ baseURL: this.baseURL });
    if (changed.has("model") && this.model) this.settings.update({ model: this.model });
    if (changed.has("toolVersion")) this.settings.update({ toolVersion: this.toolVersion });
    // Through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows.
    if (this.height) this.style.height = this.height;
    else this.style.removeProperty("height");
  }

  /**
   * Runs the editor's code, as the Run button does. Resolves with the result block (null when
   * the editor is empty or a run is going); rejects when the runtime could not start.
   */
  async run(): Promise<ToolResultBlock | null> {
    await this.updateComplete;
    const panel = this.consolePanel;
    return panel ? panel.run() : null;
  }

  private readonly passOn = (event: Event) => {
    const name = event.type.slice("console-".length);
    this.dispatchEvent(new CustomEvent(name, { detail: (event as CustomEvent).detail, bubbles: true, composed: true }));
  };

  protected override firstUpdated(): void {
    const panel = this.consolePanel!;
    for (const name of EVENTS) panel.addEventListener(`console-${name}`, this.passOn);
  }

  protected override render() {
    const dark = isDark(this.theme);
    const chat = this.engine !== "local";
    return html`
      <header>
        <strong>▶ sandbox</strong>
        <load-status .session=${this.session}></load-status>
        <span class="spacer"></span>
        ${
          chat
            ? html`<span class="tabs">
              <button aria-pressed=${this.view === "console"} @click=${() => (this.view = "console")}>Console</button>
              <button aria-pressed=${this.view === "chat"} @click=${() => (this.view = "chat")}>Chat</button>
            </span>`
            : nothing
        }
      </header>
      <div class="body">
        <console-panel
          ?hidden=${this.view !== "console"}
          .session=${this.session}
          .dark=${dark}
          .readOnly=${this.readOnly}
          .persistHistory=${false}
          .keepWork=${this.keeps}
          .draftWins=${this.source === ""}
          initial-mode=${this.language}
          initial-code=${this.source || nothing}
        ></console-panel>
        ${chat ? html`<chat-panel ?hidden=${this.view !== "chat"} .session=${this.session} .settings=${this.settings}></chat-panel>` : nothing}
      </div>
    `;
  }
}

if (!customElements.get("code-exec-sandbox")) customElements.define("code-exec-sandbox", CodeExecSandbox);

declare global {
  interface HTMLElementTagNameMap {
    "code-exec-sandbox": CodeExecSandbox;
  }
}
