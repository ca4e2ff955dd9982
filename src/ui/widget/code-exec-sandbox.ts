// <code-exec-sandbox>: the sandbox as one custom element for other pages. It runs its own local
// container (Pyodide files next to the script, in ../pyodide/), shows a console with the initial
// code, and, with engine="hosted" or "auto" and an apiKey property, a conversation with Claude.
//
//   <script type="module" src="widget/code-exec-sandbox.js"></script>
//   <code-exec-sandbox code="print(1 + 1)" height="360px"></code-exec-sandbox>
import { LitElement, css, html, nothing } from "lit";
import "../components/chat-panel.ts";
import "../components/console-panel.ts";
import "../components/load-status.ts";
import type { EditorLanguage } from "../components/code-editor.ts";
import type { ConsolePanel } from "../components/console-panel.ts";
import { Session } from "../state/session.ts";
import { SettingsStore, type EngineChoice } from "../state/settings.ts";
import { isDark } from "../state/theme.ts";
import { shared, themeVars } from "../styles/shared.ts";

const DEFAULT_PYODIDE_URL = new URL(/* @vite-ignore */ "../pyodide/", import.meta.url).href;

/** "360" means pixels; any other CSS length is used as it is. */
function cssLength(value: string | null): string | null {
  if (!value) return null;
  return /^\d+(\.\d+)?$/.test(value.trim()) ? `${value.trim()}px` : value.trim();
}

export class CodeExecSandbox extends LitElement {
  static override properties = {
    engine: {},
    code: {},
    height: {},
    readOnly: { type: Boolean, attribute: "read-only" },
    language: {},
    theme: { reflect: true },
    pyodideURL: { attribute: "pyodide-url" },
    apiKey: { attribute: false },
    baseURL: { attribute: "base-url" },
    model: {},
    view: { state: true },
  };
  declare engine: EngineChoice;
  declare code: string;
  declare height: string;
  declare readOnly: boolean;
  declare language: EditorLanguage;
  declare theme: "light" | "dark" | "";
  declare pyodideURL: string;
  /** Set from script, never as an attribute, so the key is not in the page's HTML. */
  declare apiKey: string;
  /** For hosted/auto: where the Messages API is (a proxy that holds the key, typically). */
  declare baseURL: string;
  declare model: string;
  declare view: "console" | "chat";

  private session: Session | null = null;
  private readonly settings = new SettingsStore({ persist: false });

  constructor() {
    super();
    this.engine = "local";
    this.code = "";
    this.height = "";
    this.readOnly = false;
    this.language = "python";
    this.theme = "";
    this.pyodideURL = "";
    this.apiKey = "";
    this.baseURL = "";
    this.model = "";
    this.view = "console";
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

  override connectedCallback(): void {
    super.connectedCallback();
    // One container per element, opened when the element first appears.
    this.session ??= new Session({ indexURL: this.pyodideURL || DEFAULT_PYODIDE_URL });
    if (this.session.phase === "idle") void this.session.open().catch(() => undefined);
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
    const height = cssLength(this.height);
    if (height) this.style.height = height;
    else this.style.removeProperty("height");
  }

  /** Runs the editor's code, as the Run button does. */
  run(): Promise<void> {
    return this.renderRoot.querySelector<ConsolePanel>("console-panel")?.run() ?? Promise.resolve();
  }

  protected override render() {
    const dark = isDark(this.theme === "light" || this.theme === "dark" ? this.theme : "system");
    const chat = this.engine !== "local";
    return html`
      <header>
        <strong>▶ sandbox</strong>
        <load-status .session=${this.session}></load-status>
        <span class="spacer"></span>
        ${chat
          ? html`<span class="tabs">
              <button aria-pressed=${this.view === "console"} @click=${() => (this.view = "console")}>Console</button>
              <button aria-pressed=${this.view === "chat"} @click=${() => (this.view = "chat")}>Chat</button>
            </span>`
          : nothing}
      </header>
      <div class="body">
        <console-panel
          ?hidden=${this.view !== "console"}
          .session=${this.session}
          .dark=${dark}
          .readOnly=${this.readOnly}
          .persistHistory=${false}
          initial-mode=${this.language === "bash" ? "bash" : "python"}
          initial-code=${this.code || nothing}
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
