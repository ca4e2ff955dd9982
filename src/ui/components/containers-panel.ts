// Containers kept in this browser: the open one, the others (reopen, delete), their expiry, and
// a fresh one on demand. Reopening restores a container's files from IndexedDB.
import { LitElement, css, html, nothing } from "lit";
import { deleteContainer, listContainers, type ContainerSummary } from "../state/package-api.ts";
import type { Session } from "../state/session.ts";
import { ChangeController } from "../state/session-controller.ts";
import { panel, shared } from "../styles/shared.ts";

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
    error: { state: true },
  };
  declare session: Session | null;
  declare limits: Record<string, number>;
  declare list: ContainerSummary[] | null;
  declare error: string;
  private readonly sessionChanges = new ChangeController(this);

  constructor() {
    super();
    this.session = null;
    this.limits = {};
    this.list = null;
    this.error = "";
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
    `,
  ];

  protected override willUpdate(): void {
    this.sessionChanges.observe(this.session);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  private async reload(): Promise<void> {
    try {
      this.list = await listContainers();
    } catch (error) {
      this.error = (error as Error).message;
    }
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
    if (!confirm(`Delete ${id} and all its files from this browser?`)) return;
    try {
      await deleteContainer(id);
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
        <button class="primary" data-testid="new-container" @click=${() => this.open()}>New container</button>
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      <ul data-testid="container-list">
        ${current
          ? html`<li class="current" data-testid="container-current">
              <span class="id">${current.id}</span><span class="tag">open</span><span class="muted">${expiry(current.expiresAt)}</span>
            </li>`
          : html`<li class="muted">Starting a container…</li>`}
        ${others.map(
          (c) => html`<li data-testid="container-item" data-id=${c.id}>
            <span class="id">${c.id}</span>
            <span class="muted">${expiry(c.expires_at)}</span>
            <button @click=${() => this.open(c.id)} ?disabled=${Date.parse(c.expires_at) <= Date.now()}>Open</button>
            <button class="danger" @click=${() => this.removeContainer(c.id)}>Delete</button>
          </li>`,
        )}
      </ul>
    `;
  }
}
customElements.define("containers-panel", ContainersPanel);
