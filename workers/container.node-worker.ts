// Node worker_threads entry: the same API as the browser worker, over comlink's node adapter.
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { parentPort } from "node:worker_threads";
import { createWorkerApi } from "../src/worker/api.ts";

if (!parentPort) throw new Error("container.node-worker must run in a worker thread");
Comlink.expose(createWorkerApi(), nodeEndpoint(parentPort));
