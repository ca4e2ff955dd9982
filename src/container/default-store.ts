// The store containers use unless the caller passes one: the browser's IndexedDB, or in Node
// (which has none) fake-indexeddb's in-memory IndexedDB, so the same code runs in both.
import { ContainerStore } from "../store/index.ts";

let shared: Promise<ContainerStore> | null = null;

export function defaultStore(): Promise<ContainerStore> {
  shared ??= (async () => {
    if (typeof indexedDB === "undefined") await import("fake-indexeddb/auto");
    return new ContainerStore();
  })();
  return shared;
}

/** Containers in the default store that have not expired, newest first. */
export async function listContainers(): Promise<Array<{ id: string; created_at: string; expires_at: string }>> {
  return (await defaultStore()).listContainers();
}

/** Deletes a container's files, outputs and metadata from the default store. */
export async function deleteContainer(id: string): Promise<void> {
  await (await defaultStore()).deleteContainer(id);
}
