// What the app keeps per container beside its files, so a reload finds the work where it was:
// the console's runs (each call with the result block it got), the editor's draft, a name and
// the time of the last use. Deleting or purging a container removes these too.
import type { ToolCall, ToolResultBlock } from "../container/types.ts";
import type { ContainerStore } from "./container-store.ts";
import { fileKey, metaKey, prefixRange, sizePrefix } from "./keys.ts";
import type { StoredFile } from "./types.ts";
import { transact } from "./tx.ts";
import { draftKey, labelKey, runKey, runPrefix } from "./workbench-keys.ts";

export interface ConsoleRun {
  /** Order of the run within its container. */
  seq: number;
  call: ToolCall;
  result: ToolResultBlock;
  /** The engine's sentence behind an error block, when it gave one. */
  note?: string;
  ran_at: string;
}

export interface ConsoleDraft {
  source: string;
  language: "python" | "bash";
}

export interface ContainerLabel {
  name?: string;
  used_at?: string;
}

export interface ContainerStats {
  files: number;
  bytes: number;
}

/** How many runs a container keeps; older ones are dropped as new ones come. */
export const RUNS_KEPT = 50;
/** Longest name kept. */
export const NAME_MAX = 80;

export class Workbench {
  constructor(private readonly store: ContainerStore) {}

  private async records() {
    await this.store.ready();
    return this.store.records;
  }

  /** The container's runs, oldest first. */
  async runs(id: string): Promise<ConsoleRun[]> {
    return transact(await this.records(), "readonly", (store) => {
      const read = store.getAll(prefixRange(runPrefix(id))) as IDBRequest<ConsoleRun[]>;
      return () => read.result;
    });
  }

  /** Stores one run after the container's others and drops those beyond RUNS_KEPT. */
  async addRun(id: string, run: Omit<ConsoleRun, "seq">): Promise<ConsoleRun> {
    let stored: ConsoleRun | undefined;
    await transact(await this.records(), "readwrite", (store, guard) => {
      const meta = store.get(metaKey(id));
      const keys = store.getAllKeys(prefixRange(runPrefix(id)));
      keys.onsuccess = guard(() => {
        // A deleted container keeps nothing.
        if (meta.result === undefined) return;
        const seqs = keys.result.map((key) => (key as IDBValidKey[])[3] as number);
        stored = { ...run, seq: (seqs.at(-1) ?? 0) + 1 };
        store.put(stored, runKey(id, stored.seq));
        for (const seq of seqs.slice(0, Math.max(0, seqs.length + 1 - RUNS_KEPT))) store.delete(runKey(id, seq));
      });
      return () => undefined;
    });
    if (!stored) throw new Error(`container ${id} no longer exists; the run was not kept`);
    return stored;
  }

  async clearRuns(id: string): Promise<void> {
    await transact(await this.records(), "readwrite", (store) => {
      store.delete(prefixRange(runPrefix(id)));
      return () => undefined;
    });
  }

  async draft(id: string): Promise<ConsoleDraft | undefined> {
    return transact(await this.records(), "readonly", (store) => {
      const read = store.get(draftKey(id)) as IDBRequest<ConsoleDraft | undefined>;
      return () => read.result;
    });
  }

  async saveDraft(id: string, draft: ConsoleDraft): Promise<void> {
    await this.whileExists(id, (store) => store.put({ source: draft.source, language: draft.language }, draftKey(id)));
  }

  async label(id: string): Promise<ContainerLabel> {
    return transact(await this.records(), "readonly", (store) => {
      const read = store.get(labelKey(id)) as IDBRequest<ContainerLabel | undefined>;
      return () => read.result ?? {};
    });
  }

  /** Names the container; an empty name removes it. */
  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim().slice(0, NAME_MAX);
    await this.updateLabel(id, (label) => {
      const next = { ...label };
      if (trimmed) next.name = trimmed;
      else delete next.name;
      return next;
    });
  }

  /** Records a use of the container (a run). */
  async touch(id: string, at = new Date().toISOString()): Promise<void> {
    await this.updateLabel(id, (label) => ({ ...label, used_at: at }));
  }

  /**
   * Count and bytes of the container's stored regular files, without reading their bytes: an
   * entry with bytes is a file; only the empty ones (files or folders) are read to tell which.
   */
  async stats(id: string): Promise<ContainerStats> {
    return transact(await this.records(), "readonly", (store, guard) => {
      const keys = store.getAllKeys(prefixRange(sizePrefix(id)));
      const sizes = store.getAll(prefixRange(sizePrefix(id))) as IDBRequest<number[]>;
      const stats = { files: 0, bytes: 0 };
      sizes.onsuccess = guard(() => {
        sizes.result.forEach((size, i) => {
          stats.bytes += size;
          if (size > 0) {
            stats.files += 1;
            return;
          }
          const path = (keys.result[i] as IDBValidKey[])[3] as string;
          const empty = store.get(fileKey(id, path)) as IDBRequest<StoredFile | undefined>;
          empty.onsuccess = guard(() => {
            if (empty.result && (empty.result.mode & 0o170000) === 0o100000) stats.files += 1;
          });
        });
      });
      return () => stats;
    });
  }

  private async updateLabel(id: string, change: (label: ContainerLabel) => ContainerLabel): Promise<void> {
    await transact(await this.records(), "readwrite", (store, guard) => {
      const meta = store.get(metaKey(id));
      const read = store.get(labelKey(id)) as IDBRequest<ContainerLabel | undefined>;
      read.onsuccess = guard(() => {
        if (meta.result !== undefined) store.put(change(read.result ?? {}), labelKey(id));
      });
      return () => undefined;
    });
  }

  private async whileExists(id: string, write: (store: IDBObjectStore) => void): Promise<void> {
    await transact(await this.records(), "readwrite", (store, guard) => {
      const meta = store.get(metaKey(id));
      meta.onsuccess = guard(() => {
        if (meta.result !== undefined) write(store);
      });
      return () => undefined;
    });
  }
}
