// Picks the worker flavour for the current platform: worker_threads in Node, a module worker
// in browsers. Both speak the same comlink API.
import type { Remote } from "comlink";
import type { WorkerApi } from "../worker/api.ts";

export interface WorkerHandle {
  api: Remote<WorkerApi>;
  /** Where this platform finds Pyodide's runtime files unless the caller says otherwise. */
  defaultIndexURL: string;
  /** Node: keep the process alive while a call runs; idle containers let it exit. */
  setBusy(busy: boolean): void;
  /** Called once if the worker dies on its own (a crash, not terminate()). */
  onExit(listener: () => void): void;
  terminate(): Promise<void>;
}

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string" && typeof window === "undefined";

export async function spawnWorker(): Promise<WorkerHandle> {
  if (isNode) return (await import("./spawn-node.ts")).spawnNodeWorker();
  return (await import("./spawn-browser.ts")).spawnBrowserWorker();
}
