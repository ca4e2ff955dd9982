// What a container keeps: every change a call made reaches the store, counted against the disk
// budget here, on the page, where user code cannot reach (the worker's own check only gives
// friendlier errors, and user code can write around it). A store write that fails is not
// dropped: its changes stay here, merged with each later call's, and are written again with the
// next call and on close().
import type { ContainerStorage, DamagedFile, StoredFile, StoredOutput } from "../store/index.ts";
import type { ChangeSet, FileRecord } from "../protocol/worker-api.ts";
import { newFileId } from "../ids.ts";
import { isUnder } from "../paths.ts";

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/** A file a call left in $OUTPUT_DIR, or an upload, to be kept under a file_id. */
export interface NewOutput {
  name: string;
  data: Uint8Array;
}

export interface SaveOutcome {
  /** file_ids of the outputs, in order (kept here until stored, so they download at once). */
  fileIds: string[];
  /** Sentences for the call's result ("[sandbox: …]" lines): refused or unsaved changes. */
  notes: string[];
  /** Whether everything is in the store now. */
  saved: boolean;
  /** Whether the disk budget kept some of the changes or outputs out of the store. */
  refused: boolean;
}

/** Why a store call failed, in one line that never reads "undefined". */
function reasonOf(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  const text = typeof message === "string" && message !== "" ? message : "no reason given";
  return typeof name === "string" && name !== "" && name !== "Error" ? `${name}: ${text}` : text;
}

export class ContainerFiles {
  /** Byte size of every regular file the store holds or will hold (pending), by path. */
  private readonly sizes = new Map<string, number>();
  private used = 0;
  /** Changes the store has not taken yet; written before (and with) the next ones. */
  private readonly pendingPut = new Map<string, StoredFile>();
  private readonly pendingDelete = new Set<string>();
  private readonly pendingOutputs = new Map<string, StoredOutput>();

  private constructor(
    private readonly store: ContainerStorage,
    private readonly id: string,
    private readonly diskBytes: number,
  ) {}

  /** A new container's (empty) files. */
  static empty(store: ContainerStorage, id: string, diskBytes: number): ContainerFiles {
    return new ContainerFiles(store, id, diskBytes);
  }

  /** Opens a stored container's files; damaged records are left out and listed. */
  static async open(
    store: ContainerStorage,
    id: string,
    diskBytes: number,
  ): Promise<{ files: ContainerFiles; records: FileRecord[]; damaged: DamagedFile[] }> {
    const files = new ContainerFiles(store, id, diskBytes);
    const damaged: DamagedFile[] = [];
    const records = await files.load((d) => damaged.push(d));
    for (const record of records) files.count(record.path, record);
    return { files, records, damaged };
  }

  get usedBytes(): number {
    return this.used;
  }

  /** Whether anything waits to be stored. */
  get unsaved(): boolean {
    return this.pendingPut.size > 0 || this.pendingDelete.size > 0 || this.pendingOutputs.size > 0;
  }

  /** The files a new worker starts with: the store's, with what it has not taken yet on top. */
  async records(): Promise<FileRecord[]> {
    const stored = await this.load(() => {});
    if (!this.unsaved) return stored;
    const byPath = new Map(stored.map((r) => [r.path, r]));
    for (const dir of this.pendingDelete) for (const path of byPath.keys()) if (isUnder(path, dir)) byPath.delete(path);
    for (const [path, file] of this.pendingPut) byPath.set(path, { path, ...file, data: file.data.slice() });
    return [...byPath.values()];
  }

  private async load(onDamaged: (damaged: DamagedFile) => void): Promise<FileRecord[]> {
    const stored = await this.store.loadFiles(this.id, onDamaged);
    return Array.from(stored, ([path, file]) => ({ path, data: file.data, mode: file.mode, mtime: file.mtime }));
  }

  /** Counts a regular file's new size (null: removed). */
  private count(path: string, file: StoredFile | null): void {
    this.used -= this.sizes.get(path) ?? 0;
    this.sizes.delete(path);
    if (file && (file.mode & S_IFMT) === S_IFREG) {
      this.sizes.set(path, file.data.length);
      this.used += file.data.length;
    }
  }

  private forget(dir: string): void {
    if (this.sizes.has(dir)) {
      this.count(dir, null);
      return;
    }
    // A folder: everything under it (a call that removes folders pays one pass over the sizes).
    for (const path of this.sizes.keys()) if (isUnder(path, dir)) this.count(path, null);
  }

  /** Whether `path` may be rewritten with `size` bytes within the disk budget. */
  roomFor(path: string, size: number): { fits: boolean; free: number } {
    const free = this.diskBytes - this.used + (this.sizes.get(path) ?? 0);
    return { fits: size <= free, free: Math.max(0, free) };
  }

  /**
   * Stores one call's changes and outputs. Never throws: what the budget refuses is not stored
   * (and said so); what the store refuses is kept and retried (and said so).
   */
  async save(changes: ChangeSet, outputs: NewOutput[] = [], fileIds: string[] = []): Promise<SaveOutcome> {
    const notes: string[] = [];
    const retrying = this.unsaved;
    for (const path of changes.delete) {
      this.forget(path);
      for (const pending of this.pendingPut.keys()) if (isUnder(pending, path)) this.pendingPut.delete(pending);
      this.pendingDelete.add(path);
    }
    // Files that shrink or stay the same first, then growing ones while they fit.
    const growth = (r: FileRecord) => ((r.mode & S_IFMT) === S_IFREG ? r.data.length - (this.sizes.get(r.path) ?? 0) : 0);
    const refused: string[] = [];
    for (const record of [...changes.put].sort((a, b) => growth(a) - growth(b))) {
      const delta = growth(record);
      if (delta > 0 && this.used + delta > this.diskBytes) {
        refused.push(`${record.path} (${record.data.length} bytes)`);
        continue;
      }
      this.count(record.path, record);
      this.pendingPut.set(record.path, { data: record.data, mode: record.mode, mtime: record.mtime });
    }
    if (refused.length > 0) {
      notes.push(
        `No space left on device: the disk budget is ${this.diskBytes} bytes, so these files were not saved and keep their last saved contents: ${refused.join(", ")}`,
      );
    }
    let over = refused.length > 0;
    const ids: string[] = [];
    const outputBytes = outputs.reduce((sum, o) => sum + o.data.length, 0);
    if (outputs.length > 0 && outputBytes > this.diskBytes - this.used) {
      notes.push(
        `No space left on device: the disk budget is ${this.diskBytes} bytes, so the ${outputs.length} output files (${outputBytes} bytes) were not kept`,
      );
      over = true;
    } else {
      outputs.forEach((output, i) => {
        const fileId = fileIds[i] ?? newFileId();
        this.pendingOutputs.set(fileId, {
          file_id: fileId,
          container_id: this.id,
          name: output.name,
          data: output.data,
          created_at: new Date().toISOString(),
        });
        ids.push(fileId);
      });
    }
    const failure = await this.write();
    if (failure) {
      notes.push(
        `saving this call's file changes failed (${failure}); they are kept in this page and saving is retried with the next call and on close(). Until then they would be lost if the page closed.`,
      );
    } else if (retrying) {
      notes.push("the file changes that could not be saved before are saved now");
    }
    return { fileIds: ids, notes, saved: failure === null, refused: over };
  }

  /** Writes what is pending; answers why it failed, or null. */
  private async write(): Promise<string | null> {
    if (this.pendingPut.size > 0 || this.pendingDelete.size > 0) {
      // Copies: changes arriving while this write is in flight go into the next one.
      const put = new Map(this.pendingPut);
      const del = [...this.pendingDelete];
      try {
        await this.store.applyChanges(this.id, { put, delete: del });
      } catch (error) {
        return reasonOf(error);
      }
      for (const [path, file] of put) if (this.pendingPut.get(path) === file) this.pendingPut.delete(path);
      for (const path of del) this.pendingDelete.delete(path);
    }
    for (const [fileId, output] of [...this.pendingOutputs]) {
      try {
        await this.store.putOutput(output);
      } catch (error) {
        return reasonOf(error);
      }
      this.pendingOutputs.delete(fileId);
    }
    return null;
  }

  /** Writes everything pending; throws, saying what is unsaved, if the store still refuses. */
  async flush(): Promise<void> {
    if (!this.unsaved) return;
    const failure = await this.write();
    if (failure) {
      throw new Error(
        `Container ${this.id}: file changes could not be saved (${failure}); they are still in this page, and close() can be called again to retry.`,
      );
    }
  }

  /** An output that is not stored yet (so it downloads at once). */
  unsavedOutput(fileId: string): StoredOutput | undefined {
    return this.pendingOutputs.get(fileId);
  }
}
