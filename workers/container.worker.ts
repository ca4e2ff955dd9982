// Browser worker entry. It runs inside the sandbox frame (src/container/sandbox-frame.ts),
// which sends one message: the MessagePort to the container, Pyodide's files, and the interrupt
// byte. The API is exposed on that port only, never on the worker's own postMessage.
import * as Comlink from "comlink";
import { createWorkerApi } from "../src/worker/api.ts";
import type { FrameToWorker } from "../src/protocol/frame.ts";
import { markBoot } from "../src/boot-marks.ts";
import { idleGatedEndpoint } from "../src/worker/idle-gate.ts";

self.addEventListener(
  "message",
  (event: MessageEvent<FrameToWorker>) => {
    markBoot("worker running");
    const { port, runtime, interruptBuffer, gate } = event.data;
    Comlink.expose(
      createWorkerApi({ interruptBuffer, runtimeFiles: runtime, lockdown: true }),
      gate ? idleGatedEndpoint(port, gate) : port,
    );
  },
  { once: true },
);
