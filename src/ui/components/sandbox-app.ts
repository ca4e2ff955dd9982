// The single-page app: a header with load, network and theme state, and six panels (console,
// conversation, files, skills, containers, settings). Panels stay mounted when hidden so a tab switch
// keeps the console's history and a running conversation.
import { LitElement, css, html } from "lit";
import { Session } from "../state/session.ts";
import { ChangeController } from "../state/session-controller.ts";
import { SettingsStore } from "../state/settings.ts";
import { SkillLibrary } from "../state/skill-library.ts";
import { isDark, onSystemThemeChange } from "../state/theme.ts";
import { shared, themeVars } from "../styles/shared.ts";
import "./chat-panel.ts";
import "./console-panel.ts";
import "./containers-panel.ts";
import "./file-panel.ts";
import "./load-status.ts";
import "./network-status.ts";
import "./settings-panel.ts";
import { packageIndexURLFor } from "../state/package-source.ts";
import "./skills-panel.ts";

const TABS = [
  { id: "console", label: "Console" },
  { id: "chat", label: "Chat" },
  { id: "files", label: "Files" },
  { id: "containers", label: "Containers" },
  { id: "settings", label: "Settings" },
  { id: "skills", label: "Skills" },
] as const;
type TabId = (typeof TABS)[number]["id"];

const LAST_CONTAINER_KEY = "code-exec-sandbox:last-container";

function tabFromHash(): TabId {
  const id = location.hash.slice(1);
  return (TABS.find((t) => t.id === id)?.id ?? "console") as TabId;
}

export class SandboxApp extends LitElement {
  static override properties = { tab: { state: true } };
  declare tab: TabId;

  readonly settings = new SettingsStore();
  readonly session = new Session({ warmSpare: true, packageIndexURL: () => packageIndexURLFor(this.settings.value.packageSource) });
  readonly skills = new SkillLibrary(() => this.session.store());
  private readonly settingsChanges = new ChangeController(this);
  private stopThemeWatch: (() => void) | null = null;

  constructor() {
    super();
    this.tab = tabFromHash();
    this.settingsChanges.observe(this.settings);
  }

  static override styles = [
    themeVars,
    shared,
    css`
      :host {
        display: grid;
        grid-template-rows: auto auto 1fr;
        min-height: 100vh;
        min-height: 100dvh;
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.6rem 1rem;
        flex-wrap: wrap;
        padding: 0.5rem 1rem;
        border-bottom: 1px solid var(--border);
        background: var(--bg-soft);
      }
      h1 {
        font-size: 1.05rem;
        margin: 0;
        white-space: nowrap;
      }
      h1 span {
        color: var(--accent);
      }
      nav {
        display: flex;
        gap: 0.25rem;
        padding: 0.4rem 1rem 0;
        border-bottom: 1px solid var(--border);
        overflow-x: auto;
        scrollbar-width: thin;
      }
      nav button {
        border: none;
        border-bottom: 3px solid transparent;
        border-radius: 0;
        background: none;
        padding: 0.35rem 0.7rem;
        white-space: nowrap;
      }
      nav button[aria-selected="true"] {
        border-bottom-color: var(--accent);
        font-weight: 600;
      }
      main {
        padding: 1rem;
        width: 100%;
        max-width: 64rem;
        margin: 0 auto;
        min-width: 0;
      }
      [hidden] {
        display: none !important;
      }
      .theme {
        min-height: 1.8rem;
        padding: 0 0.5rem;
      }
      @media (max-width: 480px) {
        header {
          padding: 0.5rem 0.6rem;
        }
        nav {
          padding: 0.3rem 0.3rem 0;
          gap: 0;
        }
        nav button {
          padding: 0.35rem 0.45rem;
          font-size: 0.9rem;
        }
        h1 {
          font-size: 0.95rem;
        }
        main {
          padding: 0.6rem;
        }
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener("hashchange", this.onHash);
    addEventListener("keydown", this.onKey);
    this.stopThemeWatch = onSystemThemeChange(() => this.requestUpdate());
    // Reopen the container of the last visit, so a reload finds its files again.
    let last: string | null = null;
    try {
      last = localStorage.getItem(LAST_CONTAINER_KEY);
    } catch {}
    this.session.addEventListener("change", this.rememberContainer);
    this.skills.addEventListener("enabled-change", this.mountSkills);
    // Expired containers can never be reopened: their files only take space. Not awaited, so the
    // first container does not wait (the last visit's, if expired, is refused and replaced anyway).
    void this.session.purgeExpired().catch(() => undefined);
    void this.openFirst(last);
  }

  private async openFirst(last: string | null): Promise<void> {
    // Skills enabled on an earlier visit are mounted from the start (no store read when there are none).
    if (this.skills.enabled.length > 0) this.session.skills = await this.skills.enabledSkills().catch(() => []);
    await this.session.open({ ...(last ? { id: last } : {}), limits: this.settings.value.limits }).catch(() => {
      // A container that can no longer be reopened (expired, deleted): start a fresh one.
      if (last) void this.session.open({ limits: this.settings.value.limits }).catch(() => undefined);
    });
  }

  /** Skills are mounted when a container boots, so a change reopens the open container with them. */
  private readonly mountSkills = async () => {
    this.session.skills = await this.skills.enabledSkills();
    const id = this.session.container?.id;
    await this.session.open({ ...(id ? { id } : {}), limits: this.settings.value.limits }).catch(() => undefined);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener("hashchange", this.onHash);
    removeEventListener("keydown", this.onKey);
    this.stopThemeWatch?.();
    this.session.removeEventListener("change", this.rememberContainer);
    this.skills.removeEventListener("enabled-change", this.mountSkills);
  }

  private readonly rememberContainer = () => {
    const id = this.session.container?.id;
    if (!id) return;
    try {
      localStorage.setItem(LAST_CONTAINER_KEY, id);
    } catch {}
  };

  private readonly onHash = () => (this.tab = tabFromHash());

  /** Alt+1…6 switch panels (Ctrl/Cmd+Enter runs, inside the editor). */
  private readonly onKey = (event: KeyboardEvent) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const tab = TABS[Number(event.key) - 1];
    if (tab) {
      event.preventDefault();
      this.select(tab.id);
    }
  };

  private select(tab: TabId): void {
    this.tab = tab;
    history.replaceState(null, "", `#${tab}`);
  }

  protected override updated(): void {
    const theme = this.settings.value.theme;
    if (theme === "system") this.removeAttribute("theme");
    else this.setAttribute("theme", theme);
    // The page behind the app (overscroll, the boot message) follows the app's theme.
    document.documentElement.dataset.theme = isDark(theme) ? "dark" : "light";
  }

  private toggleTheme(): void {
    this.settings.update({ theme: isDark(this.settings.value.theme) ? "light" : "dark" });
  }

  protected override render() {
    const dark = isDark(this.settings.value.theme);
    const panel = (id: TabId) => this.tab !== id;
    return html`
      <header>
        <h1><span>▶</span> Code execution sandbox</h1>
        <load-status .session=${this.session}></load-status>
        <span class="spacer"></span>
        <network-status></network-status>
        <button class="theme" data-testid="theme-toggle" aria-label=${dark ? "Switch to light theme" : "Switch to dark theme"} @click=${this.toggleTheme}>
          ${dark ? "☀ Light" : "☾ Dark"}
        </button>
      </header>
      <nav role="tablist" aria-label="Panels">
        ${TABS.map(
          (t, i) => html`<button role="tab" id=${`tab-${t.id}`} aria-controls=${`panel-${t.id}`} aria-selected=${this.tab === t.id}
            data-testid=${`tab-${t.id}`} title=${`Alt+${i + 1}`} @click=${() => this.select(t.id)}>${t.label}</button>`,
        )}
      </nav>
      <main>
        <console-panel id="panel-console" role="tabpanel" aria-labelledby="tab-console" ?hidden=${panel("console")} .session=${this.session} .dark=${dark}></console-panel>
        <chat-panel id="panel-chat" role="tabpanel" aria-labelledby="tab-chat" ?hidden=${panel("chat")} .session=${this.session} .settings=${this.settings} .skills=${this.skills}></chat-panel>
        <file-panel id="panel-files" role="tabpanel" aria-labelledby="tab-files" ?hidden=${panel("files")} .session=${this.session}></file-panel>
        <containers-panel id="panel-containers" role="tabpanel" aria-labelledby="tab-containers" ?hidden=${panel("containers")} .session=${this.session} .limits=${this.settings.value.limits}></containers-panel>
        <settings-panel id="panel-settings" role="tabpanel" aria-labelledby="tab-settings" ?hidden=${panel("settings")} .settings=${this.settings}></settings-panel>
        <skills-panel id="panel-skills" role="tabpanel" aria-labelledby="tab-skills" ?hidden=${panel("skills")} .library=${this.skills}></skills-panel>
      </main>
    `;
  }
}
customElements.define("sandbox-app", SandboxApp);
