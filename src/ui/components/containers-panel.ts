// Containers kept in this browser: the open one, the others (reopen, delete), each with the name
// people gave it, its size, file count, last use and expiry; a fresh one on demand; export as a
// zip and import from one. Reopening restores a container's files from IndexedDB.
import { LitElement, css, html, nothing } from "lit";
import { saveBytes } from "../render/file-kind.ts";
import { openPickerOnKey } from "../render/picker.ts";
import { exportContainer, importContainer } from "../state/container-zip.ts";
import type { ContainerLabel, ContainerStats, ContainerSummary } from "../state/package-api.ts";
import type { Session } from "../state/session.ts";
import { ChangeController } from "../state/session-controller.ts";
import { panel, shared } from "../styles/shared.ts";

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function lastUse(usedAt: string | undefined): string {
  if (!usedAt) return "not used yet";
  const ms = Date.now() - Date.parse(usedAt);
  if (!Number.isFinite(ms)) return "not used yet";
  if (ms < 60_000) return "used just now";
  if (ms < 3_600_000) return `used ${Math.floor(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `used ${Math.floor(ms / 3_600_000)} h ago`;
  const days = Math.floor(ms / 86_400_000);
  return `used ${days} day${days === 1 ? "" : "s"} ago`;
}

interface Details {
  label: ContainerLabel;
  stats: ContainerStats;
}

function expiry(expiresAt: string): string {
  const ms = Date.parse(expiresAt) - Date.now();
  if (!Number.isFinite(ms)) return "unknown expiry";
  if (ms <= 0) return "expired";
  const days = Math.floor(ms / 86_400_000);
  return days >= 1 ? `expires in ${days} day${days === 1 ? "" : "s"}` : `expires in ${Math.ceil(ms / 3_600_000)} h`;
}

export class ContainersPanel extends LitElement {
  static override properties = {
    session: { attribute: false },
    limits: { attribute: false },
    list: { state: true },
    details: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  declare session: Session | null;
  declare limits: Record<string, number>;
  declare list: ContainerSummary[] | null;
  declare details: Map<string, Details>;
  declare error: string;
  declare notice: string;
  private readonly sessionChanges = new ChangeController(this);

  constructor() {
    super();
    this.session = null;
    this.limits = {};
    this.list = null;
    this.details = new Map();
    this.error = "";
    this.notice = "";
  }

  static override styles = [
    shared,
    panel,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.4rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        border: 1px solid var(--border);
        border-radius: 8px;
        padding: 0.45rem 0.6rem;
      }
      li.current {
        border-color: var(--accent);
      }
      .id {
        font-family: ui-monospace, monospace;
        font-size: 0.85rem;
        overflow-wrap: anywhere;
        flex: 1 1 12rem;
      }
      .tag {
        font-size: 0.75rem;
        background: var(--accent);
        color: var(--accent-fg);
        border-radius: 999px;
        padding: 0 0.5rem;
      }
      .error {
        color: var(--bad);
      }
      .who {
        display: grid;
        flex: 1 1 14rem;
        min-width: 0;
        gap: 0.1rem;
      }
      .name {
        font-weight: 600;
        border: 1px solid transparent;
        background: transparent;
        padding: 0.1rem 0.3rem;
        margin-left: -0.3rem;
        min-width: 0;
        width: 100%;
      }
      .name:hover,
      .name:focus {
        border-color: var(--border);
        background: var(--bg);
      }
      .facts {
        font-size: 0.85rem;
      }
    `,
  ];

  /** Sizes, counts and last use change with every call: read them again (once per burst). */
  private refreshing: ReturnType<typeof setTimeout> | null = null;
  private readonly refreshSoon = () => {
    this.refreshing ??= setTimeout(() => {
      this.refreshing = null;
      void this.reload();
    }, 300);
  };
  private watched: Session | null = null;

  protected override willUpdate(): void {
    this.sessionChanges.observe(this.session);
    if (this.watched !== this.session) {
      this.watched?.removeEventListener("files-changed", this.refreshSoon);
      this.watched = this.session;
      this.watched?.addEventListener("files-changed", this.refreshSoon);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.watched?.addEventListener("files-changed", this.refreshSoon);
    void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watched?.removeEventListener("files-changed", this.refreshSoon);
  }

  private previousId: string | null = null;

  protected override updated(): void {
    // Another container opened (here, or by a reload): its facts change, so read them again.
    const id = this.session?.container?.id ?? null;
    if (id !== this.previousId) {
      this.previousId = id;
      void this.reload();
    }
  }

  private async reload(): Promise<void> {
    if (!this.session) return;
    try {
      const store = await this.session.store();
      const workbench = await this.session.workbench();
      const list = await store.listContainers();
      const details = new Map<string, Details>();
      await Promise.all(
        list.map(async (c) => details.set(c.id, { label: await workbench.label(c.id), stats: await workbench.stats(c.id) })),
      );
      this.list = list;
      this.details = details;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async rename(id: string, input: HTMLInputElement): Promise<void> {
    try {
      await (await this.session!.workbench()).rename(id, input.value);
    } catch (error) {
      this.error = (error as Error).message;
    }
    await this.reload();
  }

  private async exportZip(id: string): Promise<void> {
    this.error = "";
    try {
      const { data, name } = await exportContainer(await this.session!.store(), await this.session!.workbench(), id);
      saveBytes(data, name);
      this.notice = `Exported ${name} (${formatBytes(data.length)}).`;
    } catch (error) {
      this.error = `Export failed: ${(error as Error).message}`;
    }
  }

  private async importZip(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    this.error = "";
    this.notice = "";
    try {
      const disk = (this.limits as { diskBytes?: number }).diskBytes;
      const done = await importContainer(
        await this.session!.store(),
        await this.session!.workbench(),
        new Uint8Array(await file.arrayBuffer()),
        file.name,
        disk,
      );
      this.notice = `Imported "${done.name}": ${done.files} file${done.files === 1 ? "" : "s"}, ${formatBytes(done.bytes)}. Open it below.`;
    } catch (error) {
      this.error = (error as Error).message;
    }
    await this.reload();
  }

  private describe(id: string, expiresAt: string, current: boolean) {
    const details = this.details.get(id);
    const name = details?.label.name ?? "";
    return html`<span class="who">
      <input class="name" data-testid="container-name" aria-label=${`Name of ${id}`} placeholder="Unnamed container" maxlength="80"
        .value=${name} @change=${(e: Event) => this.rename(id, e.target as HTMLInputElement)}
        @keydown=${(e: KeyboardEvent) => e.key === "Enter" && (e.target as HTMLInputElement).blur()} />
      <span class="id">${id}</span>
      <span class="muted facts" data-testid="container-facts">${
        details
          ? `${details.stats.files} file${details.stats.files === 1 ? "" : "s"} · ${formatBytes(details.stats.bytes)} · ${lastUse(details.label.used_at)} · ${expiry(expiresAt)}`
          : expiry(expiresAt)
      }</span>
    </span>
    ${current ? html`<span class="tag">open</span>` : nothing}`;
  }

  private async open(id?: string): Promise<void> {
    this.error = "";
    try {
      await this.session?.open(id ? { id, limits: this.limits } : { limits: this.limits });
      this.dispatchEvent(new CustomEvent("container-opened", { bubbles: true, composed: true }));
    } catch (error) {
      this.error = (error as Error).message;
    }
    await this.reload();
  }

  private async removeContainer(id: string): Promise<void> {
    const name = this.details.get(id)?.label.name;
    if (!confirm(`Delete ${name ? `"${name}" (${id})` : id} and all its files from this browser?`)) return;
    try {
      await (await this.session!.store()).deleteContainer(id);
    } catch (error) {
      this.error = (error as Error).message;
    }
    await this.reload();
  }

  protected override render() {
    const current = this.session?.container ?? null;
    const others = (this.list ?? []).filter((c) => c.id !== current?.id);
    return html`
      <div class="bar">
        <strong>Containers</strong><span class="muted">kept in this browser for 30 days</span>
        <span class="spacer"></span>
        <label><input class="visually-hidden" type="file" accept=".zip,application/zip" data-testid="import-container"
          @change=${(e: Event) => this.importZip(e.target as HTMLInputElement)} /><span class="link" role="button" tabindex="0" @keydown=${openPickerOnKey}>Import zip</span></label>
        <button class="primary" data-testid="new-container" @click=${() => this.open()}>New container</button>
      </div>
      ${this.error ? html`<div class="error" role="alert" data-testid="containers-error">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="muted" role="status" data-testid="containers-notice">${this.notice}</div>` : nothing}
      <ul data-testid="container-list">
        ${
          current
            ? html`<li class="current" data-testid="container-current" data-id=${current.id}>
              ${this.describe(current.id, current.expiresAt, true)}
              <button data-testid="export-container" @click=${() => this.exportZip(current.id)}>Export zip</button>
            </li>`
            : html`<li class="muted">Starting a container…</li>`
        }
        ${others.map(
          (c) => html`<li data-testid="container-item" data-id=${c.id}>
            ${this.describe(c.id, c.expires_at, false)}
            <button @click=${() => this.open(c.id)} ?disabled=${Date.parse(c.expires_at) <= Date.now()}>Open</button>
            <button data-testid="export-container" @click=${() => this.exportZip(c.id)}>Export zip</button>
            <button class="danger" @click=${() => this.removeContainer(c.id)}>Delete</button>
          </li>`,
        )}
      </ul>
    `;
  }
}
customElements.define("containers-panel", ContainersPanel);
