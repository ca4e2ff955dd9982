// Online or offline, as the browser reports it. Offline, the console and replay still work;
// only conversations need the network.
import { LitElement, css, html } from "lit";

export class NetworkStatus extends LitElement {
  static override properties = { online: { state: true } };
  declare online: boolean;
  private readonly update_ = () => (this.online = navigator.onLine);

  constructor() {
    super();
    this.online = navigator.onLine;
  }

  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      font-size: 0.8rem;
      border: 1px solid var(--border);
      border-radius: 999px;
      padding: 0.05rem 0.55rem;
      white-space: nowrap;
    }
    .dot {
      width: 0.55rem;
      height: 0.55rem;
      border-radius: 50%;
      background: var(--ok);
    }
    .dot.off {
      background: var(--bad);
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener("online", this.update_);
    addEventListener("offline", this.update_);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener("online", this.update_);
    removeEventListener("offline", this.update_);
  }

  protected override render() {
    return html`<span class="dot ${this.online ? "" : "off"}" aria-hidden="true"></span>
      <span data-testid="network-status" title=${this.online ? "Conversations with Claude need the network" : "Offline: the console and replay still work"}>${this.online ? "online" : "offline"}</span>`;
  }
}
customElements.define("network-status", NetworkStatus);
