// The container's files: a tree of /workspace, upload by drag-and-drop or picker (into
// /workspace/inputs), and download, preview and delete for each file.
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { saveBytes } from "../render/file-kind.ts";
import type { Session } from "../state/session.ts";
import { ChangeController } from "../state/session-controller.ts";
import { deleteWorkspacePath, listWorkspace, readWorkspaceFile, relativePath, type WorkspaceEntry } from "../state/workspace-files.ts";
import { panel, shared } from "../styles/shared.ts";
import { openPickerOnKey } from "../render/picker.ts";
import "./file-preview.ts";
import { folderIcon } from "../render/icons.ts";

interface Node {
  name: string;
  entry: WorkspaceEntry | null;
  children: Map<string, Node>;
}

function buildTree(entries: WorkspaceEntry[]): Node {
  const root: Node = { name: "", entry: null, children: new Map() };
  for (const entry of entries) {
    let node = root;
    for (const part of relativePath(entry.path).split("/")) {
      let child = node.children.get(part);
      if (!child) {
        child = { name: part, entry: null, children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.entry = entry;
  }
  return root;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function formatSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export class FilePanel extends LitElement {
  static override properties = {
    session: { attribute: false },
    entries: { state: true },
    error: { state: true },
    dragging: { state: true },
    preview: { state: true },
    message: { state: true },
  };
  declare session: Session | null;
  declare entries: WorkspaceEntry[] | null;
  declare error: string;
  declare dragging: boolean;
  declare preview: { path: string; data: Uint8Array } | null;
  declare message: string;

  private readonly sessionChanges = new ChangeController(this);
  private refreshing: Promise<void> | null = null;
  private stale = false;

  constructor() {
    super();
    this.session = null;
    this.entries = null;
    this.error = "";
    this.dragging = false;
    this.preview = null;
    this.message = "";
  }

  static override styles = [
    shared,
    panel,
    css`
      .drop {
        border: 2px dashed var(--border);
        border-radius: 10px;
        padding: 1rem;
        text-align: center;
        color: var(--fg-soft);
      }
      .drop.over {
        border-color: var(--accent);
        background: var(--bg-soft);
        color: var(--fg);
      }
      ul {
        list-style: none;
        margin: 0;
        padding-left: 1rem;
      }
      .tree > ul {
        padding-left: 0;
      }
      li {
        margin: 0.1rem 0;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 0.35rem;
        flex-wrap: wrap;
        padding: 0.15rem 0.3rem;
        border-radius: 6px;
      }
      .row:hover {
        background: var(--bg-soft);
      }
      .name {
        font-family: ui-monospace, monospace;
        font-size: 0.88rem;
        overflow-wrap: anywhere;
        flex: 1 1 8rem;
      }
      .row button {
        min-height: 1.6rem;
        padding: 0 0.45rem;
        font-size: 0.8rem;
      }
      summary {
        cursor: pointer;
        font-family: ui-monospace, monospace;
        font-size: 0.88rem;
      }
      .preview {
        border: 1px solid var(--border);
        border-radius: 8px;
        padding: 0.5rem;
        display: grid;
        gap: 0.4rem;
      }
      .error {
        color: var(--bad);
      }
      .spacer {
        flex: 1;
      }
    `,
  ];

  protected override willUpdate(): void {
    this.sessionChanges.observe(this.session);
    if (this.fileChangesTarget !== this.session) {
      this.fileChangesTarget = this.session;
      this.session?.addEventListener("files-changed", this.onFilesChanged);
    }
  }
  private fileChangesTarget: Session | null = null;
  private readonly onFilesChanged = () => void this.refresh();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.fileChangesTarget?.removeEventListener("files-changed", this.onFilesChanged);
    this.fileChangesTarget = null;
  }

  /** Lists the files again; calls that arrive during a listing fold into one more listing. */
  async refresh(): Promise<void> {
    if (this.session?.phase !== "ready") return;
    if (this.refreshing) {
      this.stale = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.stale = false;
        try {
          this.entries = await listWorkspace(this.session!);
          this.error = "";
        } catch (error) {
          this.error = (error as Error).message;
        }
      } while (this.stale);
    })();
    await this.refreshing;
    this.refreshing = null;
  }

  private async upload(files: FileList | File[]): Promise<void> {
    const session = this.session;
    if (!session) return;
    const container = await session.ready();
    const names: string[] = [];
    for (const file of Array.from(files)) {
      try {
        const { path } = await container.uploadFile(file.name, new Uint8Array(await file.arrayBuffer()));
        names.push(relativePath(path));
      } catch (error) {
        this.error = `${file.name}: ${(error as Error).message}`;
      }
    }
    if (names.length > 0) this.message = `Uploaded ${names.join(", ")}`;
    session.dispatchEvent(new Event("files-changed"));
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    if (event.dataTransfer?.files.length) void this.upload(event.dataTransfer.files);
  }

  private async download(entry: WorkspaceEntry): Promise<void> {
    try {
      const data = await readWorkspaceFile(this.session!, entry.path);
      saveBytes(data, entry.path.split("/").pop() ?? "file");
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async showPreview(entry: WorkspaceEntry): Promise<void> {
    try {
      this.preview = { path: entry.path, data: await readWorkspaceFile(this.session!, entry.path) };
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async removeEntry(entry: WorkspaceEntry): Promise<void> {
    if (!confirm(`Delete ${relativePath(entry.path)}${entry.kind === "dir" ? " and everything in it" : ""}?`)) return;
    try {
      await deleteWorkspacePath(this.session!, entry.path);
      if (this.preview?.path === entry.path) this.preview = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private renderNode(node: Node): TemplateResult {
    const children = [...node.children.values()].sort((a, b) => {
      const ad = a.entry?.kind === "dir" || a.children.size > 0;
      const bd = b.entry?.kind === "dir" || b.children.size > 0;
      return ad === bd ? a.name.localeCompare(b.name) : ad ? -1 : 1;
    });
    return html`<ul>
      ${children.map((child) => {
        const entry = child.entry;
        if (entry?.kind === "file") {
          return html`<li>
            <div class="row" data-testid="file-row" data-path=${entry.path}>
              <span class="name">${child.name}</span>
              <span class="muted">${formatSize(entry.size)}</span>
              <button @click=${() => this.showPreview(entry)} aria-label=${`Preview ${child.name}`}>Preview</button>
              <button @click=${() => this.download(entry)} aria-label=${`Download ${child.name}`} data-testid="file-row-download">Download</button>
              <button class="danger" @click=${() => this.removeEntry(entry)} aria-label=${`Delete ${child.name}`}>Delete</button>
            </div>
          </li>`;
        }
        return html`<li>
          <details open>
            <summary data-testid="dir-row" data-path=${entry?.path ?? ""}>${folderIcon} ${child.name}/
              ${entry ? html`<button class="link danger" @click=${() => this.removeEntry(entry)} aria-label=${`Delete folder ${child.name}`}>delete</button>` : nothing}
            </summary>
            ${this.renderNode(child)}
          </details>
        </li>`;
      })}
    </ul>`;
  }

  protected override render() {
    const ready = this.session?.phase === "ready";
    return html`
      <div
        class="drop ${this.dragging ? "over" : ""}"
        data-testid="drop-zone"
        @dragover=${(e: DragEvent) => {
          e.preventDefault();
          this.dragging = true;
        }}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.onDrop}
      >
        Drop files here to upload them to <code>/workspace/inputs/</code>, or
        <label><input class="visually-hidden" type="file" multiple data-testid="file-input" @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          if (input.files) void this.upload(input.files).then(() => (input.value = ""));
        }} /><span class="link" role="button" tabindex="0" @keydown=${openPickerOnKey}>choose files</span></label>.
      </div>
      <div class="bar">
        <strong>/workspace</strong>
        <span class="muted" data-testid="file-count">${this.entries ? count(this.entries.filter((e) => e.kind === "file").length, "file") : ""}</span>
        <span class="spacer"></span>
        <button @click=${() => this.refresh()} ?disabled=${!ready}>Refresh</button>
      </div>
      ${this.message ? html`<div class="muted" role="status">${this.message}</div>` : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${!ready ? html`<p class="muted">The container is starting…</p>` : nothing}
      ${this.entries && this.entries.length === 0 ? html`<p class="muted">No files yet. Upload some, or create them from the console.</p>` : nothing}
      <div class="tree" data-testid="file-tree">${this.entries ? this.renderNode(buildTree(this.entries)) : nothing}</div>
      ${
        this.preview
          ? html`<div class="preview" data-testid="file-preview">
            <div class="bar"><strong>${relativePath(this.preview.path)}</strong><span class="spacer"></span><button @click=${() => (this.preview = null)}>Close</button></div>
            <file-preview .data=${this.preview.data} .name=${this.preview.path}></file-preview>
          </div>`
          : nothing
      }
    `;
  }
}
customElements.define("file-panel", FilePanel);
