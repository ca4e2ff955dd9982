// The page's half of the worker's idle gate (src/worker/idle-gate.ts explains the gate): one
// Int32 in shared memory counts the messages the page has sent on the worker's channel, and the
// worker sleeps while nothing more is on its way. So before each message the page adds one and
// wakes the worker.
import type { Endpoint } from "comlink";

export type Listener = EventListenerOrEventListenerObject;

/** Page side: the endpoint comlink calls the worker through, waking the worker before each message. */
export function wakingEndpoint(endpoint: Endpoint, wake: () => void): Endpoint {
  return {
    postMessage(message: unknown, transfer?: Transferable[]) {
      wake();
      endpoint.postMessage(message, transfer);
    },
    addEventListener: (type: string, listener: Listener, options?: object) => endpoint.addEventListener(type, listener, options),
    removeEventListener: (type: string, listener: Listener, options?: object) => endpoint.removeEventListener(type, listener, options),
    ...(endpoint.start ? { start: () => endpoint.start!() } : {}),
  };
}

/** Node and the sandbox frame: one more message is on its way to the worker. */
export function wakeWorker(gate: Int32Array): void {
  Atomics.add(gate, 0, 1);
  Atomics.notify(gate, 0);
}
