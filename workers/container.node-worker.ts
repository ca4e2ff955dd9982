// Node worker_threads entry: the same API as the browser worker, over comlink's node adapter.
// Node is not a security boundary (see SECURITY.md): the network stays (pip can reach an index),
// but the worker is hardened like the browser's and Python does not get the host's globals.
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { createWorkerApi } from "../src/worker/api.ts";
import { idleGatedEndpoint } from "../src/worker/idle-gate.ts";

if (!parentPort) throw new Error("container.node-worker must run in a worker thread");
const { interruptBuffer, gate } = workerData as { interruptBuffer: Uint8Array; gate: Int32Array };
// Pyodide would otherwise derive its wheel cache folder from the index URL, relative to the cwd.
const packageCacheDir = join(tmpdir(), "code-exec-sandbox-packages");
Comlink.expose(createWorkerApi({ interruptBuffer, lockdown: false, packageCacheDir }), idleGatedEndpoint(nodeEndpoint(parentPort), gate));
