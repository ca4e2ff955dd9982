// Browser worker entry. It runs inside the sandbox frame (src/container/sandbox-frame.ts),
// which sends one message: the MessagePort to the container, Pyodide's files, and the interrupt
// byte. The API is exposed on that port only, never on the worker's own postMessage.
import * as Comlink from "comlink";
import { createWorkerApi } from "../src/worker/api.ts";
import type { RuntimeFiles } from "../src/worker/runtime-files.ts";
import { markBoot } from "../src/boot-marks.ts";
import { idleGatedEndpoint } from "../src/worker/idle-gate.ts";

interface FrameInit {
  port: MessagePort;
  runtime: RuntimeFiles;
  interruptBuffer: Uint8Array | null;
  /** The idle gate's message counter (null when the page is not cross-origin isolated). */
  gate: Int32Array | null;
}

self.addEventListener(
  "message",
  (event: MessageEvent<FrameInit>) => {
    markBoot("worker running");
    const { port, runtime, interruptBuffer, gate } = event.data;
    Comlink.expose(
      createWorkerApi({ interruptBuffer, runtimeFiles: runtime, lockdown: true }),
      gate ? idleGatedEndpoint(port, gate) : port,
    );
  },
  { once: true },
);
