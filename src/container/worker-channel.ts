// The page's end of the typed channel to a worker (see src/protocol/channel.ts). Each request
// type has one handler; events go to whoever listens for them now (the running call).
import {
  transferablesOf,
  type HostRequests,
  type HostRequestType,
  type PageMessage,
  type WorkerEvent,
  type WorkerMessage,
} from "../protocol/channel.ts";

export type RequestHandlers = { [K in HostRequestType]: (args: HostRequests[K]["args"]) => Promise<HostRequests[K]["reply"]> };

/**
 * Opens a channel and returns the port to hand to the worker. Our end is unref'd in Node: an
 * idle container must not keep the process alive (a running call does, through its worker).
 */
export function openWorkerChannel(handlers: RequestHandlers, onEvent: (event: WorkerEvent) => void): MessagePort {
  const { port1, port2 } = new MessageChannel();
  port1.addEventListener("message", (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message?.type !== "request") {
      if (message?.type === "output" || message?.type === "output-end") onEvent(message);
      return;
    }
    const handler = handlers[message.request] as ((args: unknown) => Promise<unknown>) | undefined;
    const answer = handler ? handler(message.args) : Promise.reject(new Error(`unknown request ${String(message.request)}`));
    answer.then(
      (value) => port1.postMessage({ type: "reply", id: message.id, value } satisfies PageMessage, transferablesOf(value)),
      (error: unknown) =>
        port1.postMessage({
          type: "reply",
          id: message.id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies PageMessage),
    );
  });
  port1.start();
  (port1 as MessagePort & { unref?: () => void }).unref?.();
  return port2;
}
