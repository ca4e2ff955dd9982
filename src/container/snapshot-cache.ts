// Where memory snapshots of the ready interpreter are kept between workers: in memory for this
// process or page, and durably (Node: a file under os.tmpdir(); browsers: IndexedDB of the PAGE's
// origin, never the sandbox frame's, which has no storage). Keys name the exact Pyodide build and
// a hash of our own code (src/worker/snapshot.ts), so a stale snapshot is never looked up; one
// that is unusable anyway is refused by the worker, which then loads normally. Only snapshots a
// worker made, or restored from after checking them, are put here, so workers restoring from this
// cache check their key and length but skip the checksum.

import type { DurableSnapshots, SnapshotBytes } from "../store/snapshot-store.ts";

import { onNode as isNode } from "../platform.ts";

export interface SnapshotSettings {
  /** Use and make snapshots at all (default true). */
  enabled: boolean;
  /** Keep them beyond this process or page (default true). */
  durable: boolean;
  /** Node: the folder durable snapshots live in (default: code-exec-sandbox-snapshots in os.tmpdir()). */
  directory?: string;
}

const settings: SnapshotSettings = { enabled: true, durable: true };
const memory = new Map<string, SnapshotBytes>();
let durable: Promise<DurableSnapshots | null> | null = null;

export function configureSnapshots(next: Partial<SnapshotSettings>): void {
  if (next.directory !== settings.directory) durable = null;
  Object.assign(settings, next);
}

export function snapshotSettings(): Readonly<SnapshotSettings> {
  return settings;
}

function durableStore(): Promise<DurableSnapshots | null> {
  durable ??= (async () => {
    try {
      if (isNode) return (await import("../store/snapshots-folder.ts")).nodeSnapshots(settings.directory);
      if (typeof indexedDB === "undefined") return null;
      return (await import("../store/snapshots-indexeddb.ts")).browserSnapshots();
    } catch {
      return null; // no durable cache: snapshots still help within this process or page
    }
  })();
  return durable;
}

/** Starts opening the durable store (browsers: loading its code and the database) before a key is known. */
export function openSnapshotCache(): void {
  if (settings.enabled && settings.durable) void durableStore();
}

/** The cached snapshot for `key`, from memory or the durable store; undefined when none. */
export async function getSnapshot(key: string): Promise<SnapshotBytes | undefined> {
  if (!settings.enabled) return undefined;
  const inMemory = memory.get(key);
  if (inMemory) return inMemory;
  if (!settings.durable) return undefined;
  const store = await durableStore();
  const bytes = await store?.get(key).catch(() => undefined);
  if (bytes && !memory.has(key)) {
    memory.clear();
    memory.set(key, bytes);
  }
  return bytes;
}

/** Keeps `bytes` in memory at once and writes them durably in the background. */
export function putSnapshot(key: string, bytes: SnapshotBytes): Promise<void> {
  if (!isNode && bytes instanceof Uint8Array) bytes = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  memory.clear(); // one snapshot per process or page
  memory.set(key, bytes);
  if (!settings.durable) return Promise.resolve();
  const written = durableStore().then((store) => store?.put(key, bytes));
  written.catch(() => {});
  return written.catch(() => undefined);
}

/** Forgets `key` everywhere (a snapshot the worker refused). */
export async function dropSnapshot(key: string): Promise<void> {
  memory.delete(key);
  const store = await durableStore();
  await store?.delete(key).catch(() => undefined);
}
