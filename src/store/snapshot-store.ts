// Where memory snapshots of the interpreter are kept durably: IndexedDB of the page's origin
// (snapshots-indexeddb.ts) or a folder in Node (snapshots-folder.ts). The in-memory cache in front
// of them, and which one a platform uses, is src/container/snapshot-cache.ts.

/** Browsers keep snapshots as Blobs: they reach the worker by reference, read there, not here. */
export type SnapshotBytes = Uint8Array | Blob;

export interface DurableSnapshots {
  get(key: string): Promise<SnapshotBytes | undefined>;
  /** Stores `bytes` under `key` and drops snapshots of other keys. */
  put(key: string, bytes: SnapshotBytes): Promise<void>;
  delete(key: string): Promise<void>;
}
