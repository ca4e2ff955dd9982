// Shows a file's bytes inline: images and SVG as pictures, CSV as a table, text as text.
// Pictures are drawn on a canvas (render/raster.ts): the bytes never get an address in this
// origin that a user could open as a page.
import { LitElement, css, html, nothing, type PropertyValues } from "lit";
import { shared } from "../styles/shared.ts";
import { asText, kindOf, parseCsv } from "../render/file-kind.ts";
import { decodePicture, paint } from "../render/raster.ts";

const MAX_TEXT = 200_000;

export class FilePreview extends LitElement {
  static override properties = { data: { attribute: false }, name: {} };
  declare data: Uint8Array | null;
  declare name: string;
  /** Why the picture could not be shown (bytes that are not a decodable image). */
  private pictureError = "";
  /** Bumped for every new picture, so a slow decode of old bytes never paints over new ones. */
  private pictureGeneration = 0;

  constructor() {
    super();
    this.data = null;
    this.name = "";
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        max-width: 100%;
      }
      canvas {
        max-width: 100%;
        max-height: 28rem;
        height: auto;
        object-fit: contain;
        display: block;
        background: repeating-conic-gradient(var(--bg-soft) 0 25%, var(--bg) 0 50%) 0 0 / 16px 16px;
        border-radius: 4px;
      }
      .table {
        overflow: auto;
        max-height: 22rem;
        border: 1px solid var(--border);
        border-radius: 6px;
      }
      table {
        border-collapse: collapse;
        font-size: 0.85rem;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        border-bottom: 1px solid var(--border);
        padding: 0.2rem 0.6rem;
        text-align: left;
        white-space: nowrap;
      }
      th {
        background: var(--bg-soft);
        position: sticky;
        top: 0;
      }
      pre {
        max-height: 22rem;
        overflow: auto;
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("data")) this.pictureError = "";
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has("data") && !changed.has("name")) return;
    const canvas = this.renderRoot.querySelector("canvas");
    const data = this.data;
    if (!canvas || !data) return;
    const generation = ++this.pictureGeneration;
    delete canvas.dataset.state;
    const { mime } = kindOf(data, this.name);
    decodePicture(data, mime, globalThis.devicePixelRatio || 1).then(
      (picture) => {
        if (generation !== this.pictureGeneration) return;
        paint(canvas, picture);
        canvas.style.width = `${picture.cssWidth}px`;
        canvas.dataset.state = "drawn";
      },
      () => {
        if (generation !== this.pictureGeneration) return;
        this.pictureError = `Could not decode this picture (${mime}, ${data.byteLength} bytes).`;
        this.requestUpdate();
      },
    );
  }

  protected override render() {
    const data = this.data;
    if (!data) return nothing;
    const { kind, mime } = kindOf(data, this.name);
    if (kind === "image" || kind === "svg") {
      if (this.pictureError) return html`<p class="muted" role="alert">${this.pictureError}</p>`;
      return html`<canvas role="img" aria-label=${`Preview of ${this.name}`} data-testid="image-preview" width="0" height="0"></canvas>`;
    }
    if (kind === "csv") {
      const rows = parseCsv(asText(data) ?? "");
      const [head, ...body] = rows;
      return html`<div class="table" data-testid="csv-preview">
        <table>
          <thead><tr>${(head ?? []).map((c) => html`<th>${c}</th>`)}</tr></thead>
          <tbody>${body.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody>
        </table>
      </div>`;
    }
    if (kind === "text") {
      const text = asText(data) ?? "";
      return html`<pre data-testid="text-preview">${text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n…` : text}</pre>`;
    }
    return html`<p class="muted">No preview for this kind of file (${mime}, ${data.byteLength} bytes).</p>`;
  }
}
customElements.define("file-preview", FilePreview);
