// Starts a container worker as a Node worker_thread (compiled entry next to this module in dist).
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import type { WorkerApi } from "../protocol/worker-api.ts";
import { snapshotKey } from "../shared/snapshot-key.ts";
import { wakeWorker, wakingEndpoint } from "../shared/waking-endpoint.ts";
import type { WorkerHandle } from "./worker-handle.ts";

export function nodeSnapshotKey(): string {
  return snapshotKey("node");
}

export function spawnNodeWorker(indexURL?: string): WorkerHandle {
  // Built from parts so browser bundlers do not mistake this for a web worker to bundle.
  const entry = new URL(["..", "..", "workers", "container.node-worker.js"].join("/"), import.meta.url);
  // Node always has SharedArrayBuffer: Python can always be interrupted in place.
  const interruptBuffer = new Uint8Array(new SharedArrayBuffer(1));
  // The worker sleeps between calls until this counter says a message is on its way (idle-gate.ts).
  const gate = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(entry, { workerData: { interruptBuffer, gate } });
  // An idle container must not keep the process alive; a running call keeps its own promise.
  worker.unref();
  // An uncaught error in the worker must not become an uncaught error in the host process;
  // the container notices the dead worker through `exited` and answers with an error block.
  let terminated = false;
  const exited = new Promise<Error>((resolve) => {
    worker.on("error", (error) => resolve(error));
    worker.on("exit", (code) => terminated || resolve(new Error(`the worker exited with code ${code}`)));
  });
  const api = Comlink.wrap<WorkerApi>(wakingEndpoint(nodeEndpoint(worker), () => wakeWorker(gate)));
  const pyodideDir = dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));
  return {
    api,
    // Pyodide reads its files with node:fs in Node: a plain directory path, not a file: URL.
    workerIndexURL: indexURL ?? `${pyodideDir}/`,
    interruptible: true,
    interrupt: () => Atomics.store(interruptBuffer, 0, 2),
    interruptTaken: async () => Atomics.load(interruptBuffer, 0) === 0,
    setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
    exited,
    // No releaseProxy: it waits for an answer, and a worker stuck in a loop never gives one.
    terminate: async () => {
      terminated = true;
      await worker.terminate();
    },
    crash: () => void worker.terminate(),
  };
}
