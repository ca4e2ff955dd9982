// What the container holds of one started worker, whichever platform started it (spawn-node.ts,
// spawn-browser.ts). Its own module, so the spawners need not import the file that picks them.
import type { Remote } from "comlink";
import type { WorkerApi } from "../protocol/worker-api.ts";

export interface WorkerHandle {
  api: Remote<WorkerApi>;
  /** The indexURL the worker itself boots Pyodide from. */
  workerIndexURL: string;
  /** Whether interrupt() reaches Python through shared memory (else stopping means replacing). */
  interruptible: boolean;
  /** Sets the worker's interrupt byte: Python raises KeyboardInterrupt at its next check. */
  interrupt(): void;
  /**
   * Whether Python has taken the last interrupt (Pyodide clears the byte when it raises
   * KeyboardInterrupt). Node reads the byte; browsers ask the sandbox frame, which holds it.
   */
  interruptTaken(): Promise<boolean>;
  /** Node: keep the process alive while a call runs; idle containers let it exit. */
  setBusy(busy: boolean): void;
  /** Settles with the reason if the worker dies on its own (a crash, not terminate()). */
  exited: Promise<Error>;
  terminate(): Promise<void>;
  /** Ends the worker as a crash would, so `exited` settles (fault-injection tests; Node only). */
  crash?(): void;
}
