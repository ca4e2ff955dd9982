// Settings: engine, API key (memory or this tab's sessionStorage only), base URL, model, tool
// version, budgets and theme. The key goes to the SDK and nowhere else; the container's worker
// never receives it.
import { LitElement, css, html } from "lit";
import { clearPackageCache, DEFAULT_LIMITS, listCachedPackages, type CachedWheel, type Limits } from "../state/package-api.ts";
import { defaultPackageSource } from "../state/package-source.ts";
import { budgetProblem } from "../state/budgets.ts";
import {
  TOOL_VERSION_CHOICES,
  type EngineChoice,
  type SettingsStore,
  type ThemeChoice,
  type ToolVersionChoice,
} from "../state/settings.ts";
import { ChangeController } from "../state/session-controller.ts";
import { shared } from "../styles/shared.ts";
import { connectBlockedReason } from "../csp.ts";

/** Limit fields shown in friendlier units. */
const LIMIT_FIELDS: Array<{ key: keyof Limits; label: string; unit: string; scale: number }> = [
  { key: "timeoutMs", label: "Time per call", unit: "s", scale: 1000 },
  { key: "memoryBytes", label: "Python memory", unit: "MB", scale: 1024 ** 2 },
  { key: "outputBytes", label: "Output per stream", unit: "KB", scale: 1024 },
  { key: "diskBytes", label: "Disk", unit: "MB", scale: 1024 ** 2 },
];

function formatSize(bytes: number): string {
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

export class SettingsPanel extends LitElement {
  static override properties = { settings: { attribute: false }, problems: { state: true }, cached: { state: true } };
  declare settings: SettingsStore | null;
  /** The package cache's wheels; null until read. */
  declare cached: CachedWheel[] | null;
  /** Why a budget field's value was refused, by field. */
  declare problems: Partial<Record<keyof Limits, { message: string; raw: string }>>;
  private readonly changes = new ChangeController(this);

  constructor() {
    super();
    this.settings = null;
    this.problems = {};
    this.cached = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.readCache();
  }

  // The panel stays mounted while hidden: the cache is read again each time it is shown.
  static override get observedAttributes(): string[] {
    // biome-ignore lint/complexity/noThisInStatic: super runs Lit's getter for this class (its own properties); LitElement's would answer for LitElement
    return [...super.observedAttributes, "hidden"];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === "hidden" && value === null && old !== null) void this.readCache();
  }

  private async readCache(): Promise<void> {
    this.cached = await listCachedPackages().catch(() => []);
  }

  private async clearCache(): Promise<void> {
    await clearPackageCache().catch(() => undefined);
    await this.readCache();
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        max-width: 40rem;
      }
      form {
        display: grid;
        gap: 0.9rem;
      }
      fieldset {
        border: 1px solid var(--border);
        border-radius: 8px;
        display: grid;
        gap: 0.6rem;
        padding: 0.6rem 0.8rem 0.8rem;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
      }
      label.inline {
        display: flex;
        gap: 0.4rem;
        align-items: center;
      }
      .warning {
        background: var(--warn-bg);
        border-radius: 6px;
        padding: 0.5rem 0.7rem;
        font-size: 0.9rem;
      }
      .limits label {
        /* Labels of different lengths still line their inputs up. */
        grid-template-rows: 1fr auto;
      }
      .limits {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        gap: 0.6rem;
      }
      input,
      select {
        width: 100%;
        min-width: 0;
      }
      input[type="checkbox"] {
        width: auto;
      }
      /* Long URLs and package names wrap instead of widening a narrow screen. */
      .wrap {
        overflow-wrap: anywhere;
      }
      input[aria-invalid="true"] {
        border-color: var(--bad);
      }
      .problem {
        color: var(--bad);
        font-size: 0.9rem;
        margin: 0;
      }
    `,
  ];

  protected override willUpdate(): void {
    this.changes.observe(this.settings);
  }

  /** Keeps a valid budget; refuses an invalid one with a message, keeping the last valid value. */
  private setLimit(key: keyof Limits, scale: number, raw: string): void {
    const s = this.settings!;
    const limits = { ...s.value.limits };
    const problem = budgetProblem(key, raw, scale);
    const problems = { ...this.problems };
    if (problem) problems[key] = { message: problem, raw };
    else delete problems[key];
    this.problems = problems;
    if (problem) return;
    if (raw.trim() === "") delete limits[key];
    else limits[key] = Math.round(Number(raw) * scale);
    s.update({ limits });
  }

  protected override render() {
    const s = this.settings;
    if (!s) return html``;
    const v = s.value;
    const blocked = connectBlockedReason(v.baseURL, document);
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      <fieldset>
        <legend>Engine</legend>
        <label>Who runs the code in a conversation
          <select data-testid="settings-engine" .value=${v.engine} @change=${(e: Event) => s.update({ engine: (e.target as HTMLSelectElement).value as EngineChoice })}>
            <option value="local" ?selected=${v.engine === "local"}>local: Claude's calls run in this browser</option>
            <option value="hosted" ?selected=${v.engine === "hosted"}>hosted: Anthropic's container</option>
            <option value="auto" ?selected=${v.engine === "auto"}>auto: hosted, local when it is unreachable</option>
          </select>
        </label>
        <p class="muted">The console always runs in this browser and needs no key.</p>
      </fieldset>

      <fieldset>
        <legend>Anthropic API</legend>
        <div class="warning" role="note">
          <strong>About API keys in a browser:</strong> anything running on this page could read the key, and so could
          browser extensions. Use a key with a low spending limit, or a proxy that holds the key for you (set its URL as
          the base URL). The key is kept in memory, or in this tab's session storage if you tick the box; it is sent only
          to the base URL below, and code in the sandbox cannot reach it.
        </div>
        <label>API key
          <input type="password" autocomplete="off" spellcheck="false" data-testid="settings-api-key" placeholder="sk-ant-…"
            .value=${s.apiKey} @input=${(e: Event) => s.setApiKey((e.target as HTMLInputElement).value)} />
        </label>
        <label class="inline"><input type="checkbox" .checked=${v.rememberKey} @change=${(e: Event) => s.update({ rememberKey: (e.target as HTMLInputElement).checked })} />
          Remember the key until this tab closes (sessionStorage)</label>
        <label>Base URL
          <input type="url" data-testid="settings-base-url" .value=${v.baseURL} @input=${(e: Event) => s.update({ baseURL: (e.target as HTMLInputElement).value.trim() })} />
        </label>
        ${blocked ? html`<p class="warning" role="alert" data-testid="settings-base-url-blocked">${blocked}</p>` : ""}
        <label>Model
          <input type="text" data-testid="settings-model" .value=${v.model} @input=${(e: Event) => s.update({ model: (e.target as HTMLInputElement).value.trim() })} />
        </label>
        <label>Tool version
          <select data-testid="settings-tool-version" .value=${v.toolVersion} @change=${(e: Event) => s.update({ toolVersion: (e.target as HTMLSelectElement).value as ToolVersionChoice })}>
            ${TOOL_VERSION_CHOICES.map((choice) => html`<option value=${choice.value} ?selected=${v.toolVersion === choice.value}>${choice.label}</option>`)}
          </select>
        </label>
      </fieldset>

      <fieldset>
        <legend>Local budgets</legend>
        <div class="limits">
          ${LIMIT_FIELDS.map((f) => {
            const problem = this.problems[f.key];
            return html`<label>${f.label} (${f.unit})
              <input type="number" min="1" step="any" placeholder=${String(DEFAULT_LIMITS[f.key] / f.scale)} data-testid=${`settings-limit-${f.key}`}
                aria-invalid=${problem ? "true" : "false"} aria-describedby=${problem ? `problem-${f.key}` : ""}
                .value=${problem ? problem.raw : v.limits[f.key] ? String(v.limits[f.key]! / f.scale) : ""}
                @change=${(e: Event) => {
                  // A number field reports text it cannot read as "" (the default); say it is not a number instead.
                  const input = e.target as HTMLInputElement;
                  this.setLimit(f.key, f.scale, input.validity.badInput ? "not a number" : input.value);
                }} />
            </label>`;
          })}
        </div>
        ${LIMIT_FIELDS.map((f) => {
          const problem = this.problems[f.key];
          return problem
            ? html`<p class="problem" id=${`problem-${f.key}`} role="alert" data-testid="settings-limit-problem">${problem.message}</p>`
            : "";
        })}
        <p class="muted">Budgets apply to the next container you open or reopen (Containers → Open).</p>
      </fieldset>

      <fieldset>
        <legend>Python packages</legend>
        <label>Package source (a folder with a pyodide-lock.json and its wheels; "default" or "none")
          <input type="text" spellcheck="false" data-testid="settings-package-source" .value=${v.packageSource}
            @change=${(e: Event) => s.update({ packageSource: (e.target as HTMLInputElement).value.trim() || "default" })} />
        </label>
        <p class="muted wrap">Default: ${defaultPackageSource()}. This page fetches the packages code imports, checks each
          file's sha256 against the lock and keeps it for offline use; the sandbox itself has no network. Applies to the
          next container you open.</p>
        <div class="wrap" data-testid="package-cache">
          ${
            this.cached === null
              ? html`<p class="muted">Reading the package cache…</p>`
              : this.cached.length === 0
                ? html`<p class="muted">No packages cached.</p>`
                : html`<ul>
                  ${this.cached.map((w) => html`<li>${w.name} ${w.version} (${formatSize(w.size)})</li>`)}
                </ul>
                <p>Total ${formatSize(this.cached.reduce((n, w) => n + w.size, 0))}</p>`
          }
          <button type="button" data-testid="clear-package-cache" ?disabled=${!this.cached?.length} @click=${() => void this.clearCache()}>Clear cached packages</button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Appearance</legend>
        <label>Theme
          <select data-testid="settings-theme" .value=${v.theme} @change=${(e: Event) => s.update({ theme: (e.target as HTMLSelectElement).value as ThemeChoice })}>
            <option value="system" ?selected=${v.theme === "system"}>Follow the system</option>
            <option value="light" ?selected=${v.theme === "light"}>Light</option>
            <option value="dark" ?selected=${v.theme === "dark"}>Dark</option>
          </select>
        </label>
      </fieldset>
    </form>`;
  }
}
customElements.define("settings-panel", SettingsPanel);
