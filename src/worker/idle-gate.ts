// No user code runs between calls. A cell can leave work behind that would otherwise keep
// running while the container is idle: js.setInterval(create_proxy(f), 100), timers, a
// queueMicrotask or MessageChannel loop, asyncio tasks, promises that settle later. Cancelling
// each kind when a call ends would mean knowing every kind. Instead the worker's thread sleeps
// in Atomics.wait from the moment it has answered its last request until the page sends the
// next message: nothing at all runs on a sleeping thread, whatever user code scheduled. What was
// due runs once the next call has started, inside that call's time budget.
//
// The gate is one Int32 in shared memory: how many messages the page has sent on the worker's
// channel. The page adds one (and wakes the worker) before each message; the worker counts
// what it has received and sleeps while nothing more is on its way. Requests still being
// answered keep it awake (a Stop's cancelCell arrives while a cell is running). Only the
// worker's entry code and the page hold the counter; user code cannot reach it or Atomics.wait
// (captured here, and frozen before user code runs). The page's half is src/shared/waking-endpoint.ts.
import type { Endpoint } from "comlink";
import type { Listener } from "../shared/waking-endpoint.ts";

/** Worker side: the endpoint comlink exposes the API on, sleeping whenever the worker is idle. */
export function idleGatedEndpoint(endpoint: Endpoint, gate: Int32Array): Endpoint {
  const { wait, load } = Atomics;
  let received = 0;
  let unanswered = 0;
  const sleepUntilNextMessage = () => {
    for (let sent = load(gate, 0); sent <= received; sent = load(gate, 0)) wait(gate, 0, sent);
  };
  const counted = new WeakMap<Listener, EventListener>();
  return {
    postMessage(message: unknown, transfer?: Transferable[]) {
      endpoint.postMessage(message, transfer);
      // comlink answers each request exactly once; a failed post is retried as an error answer.
      if (--unanswered <= 0) {
        unanswered = 0;
        sleepUntilNextMessage();
      }
    },
    addEventListener(type: string, listener: Listener, options?: object) {
      const wrapped: EventListener = (event) => {
        received++;
        if ((event as MessageEvent).data) unanswered++;
        if (typeof listener === "function") listener(event);
        else listener.handleEvent(event);
      };
      counted.set(listener, wrapped);
      endpoint.addEventListener(type, wrapped, options);
    },
    removeEventListener(type: string, listener: Listener, options?: object) {
      endpoint.removeEventListener(type, counted.get(listener) ?? listener, options);
    },
    ...(endpoint.start ? { start: () => endpoint.start!() } : {}),
  };
}
