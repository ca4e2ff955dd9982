// The worker's end of the typed channel to the page (see src/protocol/channel.ts): requests
// that await the page's answer, and events that do not.
import type { HostRequests, HostRequestType, PageMessage, WorkerEvent, WorkerMessage } from "../protocol/channel.ts";

export class HostChannel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(private readonly port: MessagePort) {
    port.addEventListener("message", (event: MessageEvent<PageMessage>) => this.settle(event.data));
    port.start();
  }

  private settle(message: PageMessage): void {
    if (message?.type !== "reply") return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if ("error" in message) waiter.reject(new Error(message.error));
    else waiter.resolve(message.value);
  }

  request<K extends HostRequestType>(request: K, args: HostRequests[K]["args"]): Promise<HostRequests[K]["reply"]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.port.postMessage({ type: "request", id, request, args } as WorkerMessage);
    });
  }

  emit(event: WorkerEvent): void {
    this.port.postMessage(event satisfies WorkerMessage);
  }
}
