// The shape of a durable snapshot store (snapshot-cache-node.ts, snapshot-cache-browser.ts), in
// its own module so the stores need not import the cache that picks one of them.

/** Browsers keep snapshots as Blobs: they reach the worker by reference, read there, not here. */
export type SnapshotBytes = Uint8Array | Blob;

export interface DurableSnapshots {
  get(key: string): Promise<SnapshotBytes | undefined>;
  /** Stores `bytes` under `key` and drops snapshots of other keys. */
  put(key: string, bytes: SnapshotBytes): Promise<void>;
  delete(key: string): Promise<void>;
}
