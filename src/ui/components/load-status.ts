// What the container is doing: a progress bar while Pyodide downloads and starts, "Ready in N ms"
// afterwards, a busy marker with Stop while calls run, and the error when it could not start.
import { LitElement, css, html, nothing } from "lit";
import type { Session } from "../state/session.ts";
import { ChangeController } from "../state/session-controller.ts";
import { shared } from "../styles/shared.ts";

function mb(n: number): string {
  return (n / 1024 ** 2).toFixed(1);
}

/** "12 MB", "340 KB": sizes of package downloads. */
function sizeOf(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${Math.round(bytes / 1024 ** 2)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export class LoadStatus extends LitElement {
  static override properties = { session: { attribute: false } };
  declare session: Session | null;
  private readonly changes = new ChangeController(this);

  constructor() {
    super();
    this.session = null;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-width: 0;
        flex-wrap: wrap;
        font-size: 0.85rem;
      }
      progress {
        width: 9rem;
        height: 0.6rem;
        accent-color: var(--accent);
      }
      .failed {
        color: var(--bad);
      }
      .busy {
        color: var(--accent);
        font-weight: 600;
      }
      button {
        min-height: 1.6rem;
        padding: 0 0.5rem;
        font-size: 0.8rem;
      }
    `,
  ];

  protected override willUpdate(): void {
    this.changes.observe(this.session);
  }

  protected override render() {
    const s = this.session;
    if (!s) return nothing;
    switch (s.phase) {
      case "idle":
      case "downloading": {
        const { loaded, total } = s.download;
        const fraction = total > 0 ? loaded / total : 0;
        return html`<progress data-testid="load-progress" max="1" .value=${fraction * 0.8} aria-label="Loading Python"></progress>
          <span data-testid="status">Loading Python… ${total > 0 ? `${mb(loaded)} of ${mb(total)} MB` : ""}</span>`;
      }
      case "starting":
        // Booting has no byte count: an indeterminate bar is the honest display.
        return html`<progress data-testid="load-progress" aria-label="Starting Python"></progress><span data-testid="status">Starting Python…</span>`;
      case "failed":
        return html`<span class="failed" data-testid="status" role="alert">Python could not start: ${s.error}</span>
          <button @click=${() => void s.retry().catch(() => undefined)}>Retry</button>`;
      case "ready":
        return html`<span data-testid="status">Ready in ${s.readyMs} ms</span>
          ${
            s.packageLoad
              ? html`<progress data-testid="package-progress" max="1" .value=${s.packageLoad.totalBytes > 0 ? s.packageLoad.loadedBytes / s.packageLoad.totalBytes : 0}></progress>
                <span data-testid="package-status">loading ${s.packageLoad.names.join(", ")} (${sizeOf(s.packageLoad.totalBytes || s.packageLoad.loadedBytes)})…</span>`
              : nothing
          }
          ${
            s.busy > 0
              ? html`<span class="busy" data-testid="busy">● running</span>
                <button class="danger" ?disabled=${!s.canInterrupt} title=${s.canInterrupt ? "Interrupt the running code" : "Interrupting needs container.interrupt(); calls still stop at their time limit"} @click=${() => s.interrupt()}>Stop</button>`
              : nothing
          }`;
    }
  }
}
customElements.define("load-status", LoadStatus);
