// Starts a container worker as a browser module worker (bundled by Vite from the entry file).
import * as Comlink from "comlink";
import type { WorkerApi } from "../worker/api.ts";
import type { WorkerHandle } from "./spawn.ts";

export function spawnBrowserWorker(): WorkerHandle {
  const worker = new Worker(new URL("../../workers/container.worker.ts", import.meta.url), { type: "module", name: "container" });
  const api = Comlink.wrap<WorkerApi>(worker);
  let exited: (() => void) | null = null;
  worker.addEventListener("error", () => exited?.());
  return {
    api,
    // Relative to the page, so the app works from any static host and base path.
    defaultIndexURL: new URL("pyodide/", document.baseURI).href,
    setBusy: () => {},
    onExit: (listener) => {
      exited = listener;
    },
    // No releaseProxy: it waits for an answer, and a worker stuck in a loop never gives one.
    terminate: async () => {
      worker.terminate();
    },
  };
}
