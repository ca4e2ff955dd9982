// The messages between the page and the sandbox frame that hosts a container's worker in
// browsers (src/container/sandbox-frame.ts), and the one hand-over from the frame to the worker.
// The frame's own script is a string with a CSP hash, so it cannot import these types: the
// union is the contract, and test/unit/frame-protocol.test.ts checks the script handles exactly
// these message types and sends exactly those.
import type { RuntimeFiles } from "../shared/runtime-files.ts";

/** Page → frame. */
export type PageToFrame =
  /** The worker's script; the container's MessagePort travels in the transfer list. */
  | { type: "start"; workerSource: Blob }
  /** Pyodide's files, handed on to the worker with the port. */
  | { type: "runtime"; runtime: RuntimeFiles }
  /** Sets the interrupt byte (SIGINT for Python). */
  | { type: "interrupt" }
  /** Asks whether Python has taken the last interrupt (the frame answers "interrupt-state"). */
  | { type: "interrupt-state" }
  /** Wakes the worker from its idle gate before a message (src/worker/idle-gate.ts). */
  | { type: "wake" };

/** Frame → page. */
export type FrameToPage =
  /** The worker exists; `interruptible`: the frame could make shared memory for interrupts. */
  | { type: "frame-ready"; interruptible: boolean }
  | { type: "worker-error"; message: string }
  /** `taken`: the interrupt byte is clear again, so Python has raised KeyboardInterrupt (or never got a Stop). */
  | { type: "interrupt-state"; taken: boolean };

/** Frame → worker: its one message. */
export interface FrameToWorker {
  port: MessagePort;
  runtime: RuntimeFiles;
  interruptBuffer: Uint8Array | null;
  /** The idle gate's message counter (null when the page is not cross-origin isolated). */
  gate: Int32Array | null;
}

export const PAGE_TO_FRAME_TYPES = ["start", "runtime", "interrupt", "interrupt-state", "wake"] as const satisfies ReadonlyArray<
  PageToFrame["type"]
>;
export const FRAME_TO_PAGE_TYPES = ["frame-ready", "worker-error", "interrupt-state"] as const satisfies ReadonlyArray<FrameToPage["type"]>;

/** Sends to the frame. Its origin is opaque and has no name to address, hence "*"; no message holds a secret. */
export function postToFrame(frame: Window, message: PageToFrame, transfer: Transferable[] = []): void {
  frame.postMessage(message, "*", transfer);
}

/** The frame's message, or null for anything else that arrives on the window. */
export function readFrameMessage(data: unknown): FrameToPage | null {
  const message = data as Partial<{ type: unknown; interruptible: unknown; message: unknown; taken: unknown }> | null;
  if (message?.type === "frame-ready") return { type: "frame-ready", interruptible: message.interruptible === true };
  if (message?.type === "worker-error") return { type: "worker-error", message: String(message.message) };
  if (message?.type === "interrupt-state") return { type: "interrupt-state", taken: message.taken === true };
  return null;
}
