// One output file of a result: a chip with its name and size, a download button and an inline
// preview. Bytes are fetched once, from whatever `source` the host gives (a container, an agent).
import { LitElement, css, html, nothing } from "lit";
import { extensionFor, kindOf, saveBytes } from "../render/file-kind.ts";
import { shared } from "../styles/shared.ts";
import "./file-preview.ts";
import { fileIcon } from "../render/icons.ts";

export interface FileSource {
  /** The bytes of an output file, and its name when the engine knows it. */
  get(fileId: string): Promise<{ data: Uint8Array; name?: string }>;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export class FileChip extends LitElement {
  static override properties = {
    fileId: { attribute: "file-id" },
    source: { attribute: false },
    state: { state: true },
    open: { state: true },
  };
  declare fileId: string;
  declare source: FileSource | null;
  declare state: { data: Uint8Array; name: string } | { error: string } | null;
  declare open: boolean;

  constructor() {
    super();
    this.fileId = "";
    this.source = null;
    this.state = null;
    this.open = false;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        margin: 0.35rem 0;
      }
      .chip {
        display: inline-flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem;
        border: 1px solid var(--border);
        border-radius: 14px;
        padding: 0.15rem 0.3rem 0.15rem 0.75rem;
        background: var(--bg-soft);
        max-width: 100%;
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      button {
        border-radius: 999px;
        min-height: 1.7rem;
        padding: 0.1rem 0.6rem;
        font-size: 0.85rem;
      }
      file-preview {
        margin-top: 0.4rem;
      }
      .error {
        color: var(--bad);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    if (this.state || !this.source || !this.fileId) return;
    try {
      const file = await this.source.get(this.fileId);
      const { kind, mime } = kindOf(file.data, file.name ?? "");
      this.state = { data: file.data, name: file.name ?? `${this.fileId}${extensionFor(kind, mime)}` };
      // Pictures are what people want to see at once; text and tables open on demand.
      this.open = kind === "image" || kind === "svg";
    } catch (error) {
      this.state = { error: error instanceof Error ? error.message : String(error) };
    }
  }

  protected override render() {
    const s = this.state;
    if (!s) return html`<span class="chip"><span class="name">${this.fileId}</span><span class="muted">loading…</span></span>`;
    if ("error" in s) {
      return html`<span class="chip"><span class="name">${this.fileId}</span><span class="error">${s.error}</span></span>`;
    }
    return html`<span class="chip" data-testid="file-chip" data-file-id=${this.fileId}>
        ${fileIcon}
        <span class="name" data-testid="file-name">${s.name}</span>
        <span class="muted">${formatBytes(s.data.byteLength)}</span>
        <button @click=${() => saveBytes(s.data, s.name)} data-testid="file-download">Download</button>
        <button @click=${() => (this.open = !this.open)} aria-expanded=${this.open}>${this.open ? "Hide" : "Preview"}</button>
      </span>
      ${this.open ? html`<file-preview .data=${s.data} .name=${s.name}></file-preview>` : nothing}`;
  }
}
customElements.define("file-chip", FileChip);
