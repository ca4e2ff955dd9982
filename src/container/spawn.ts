// Picks the worker flavour for the current platform: worker_threads in Node, a module worker
// in browsers. Both speak the same comlink API.
import type { WorkerHandle } from "./worker-handle.ts";

import { onNode as isNode } from "../platform.ts";

/** `indexURL`: where Pyodide's runtime files are served; each platform has a default. */
export async function spawnWorker(indexURL?: string): Promise<WorkerHandle> {
  if (isNode) return (await import("./spawn-node.ts")).spawnNodeWorker(indexURL);
  return (await import("./spawn-browser.ts")).spawnBrowserWorker(indexURL);
}

/** The key this platform's worker code caches interpreter snapshots under (see snapshot.ts). */
export async function platformSnapshotKey(): Promise<string> {
  if (isNode) return (await import("./spawn-node.ts")).nodeSnapshotKey();
  return (await import("./spawn-browser.ts")).browserSnapshotKey();
}

/** Browsers: the snapshot shipped with the build next to Pyodide's files (Node: none). */
export async function shippedSnapshot(indexURL?: string): Promise<Uint8Array | Blob | undefined> {
  if (isNode) return undefined;
  return (await import("./spawn-browser.ts")).fetchShippedSnapshot(indexURL);
}

/** Starts fetching what a worker needs (browsers: the runtime files), without starting one. */
export async function preloadWorkerAssets(indexURL?: string): Promise<void> {
  if (!isNode) await (await import("./spawn-browser.ts")).preloadAssets(indexURL);
}
