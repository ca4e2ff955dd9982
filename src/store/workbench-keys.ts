// Keys of what the app keeps per container beside its files (workbench.ts), in the same object
// store and the same "v1" layout as keys.ts. They are new prefixes, so no migration is needed:
//   ["v1", "run",   containerId, seq] -> ConsoleRun (one console run: its call and result block)
//   ["v1", "draft", containerId]      -> ConsoleDraft (the console editor's unsent code)
//   ["v1", "label", containerId]      -> ContainerLabel (the name people gave it, its last use)
import { prefixRange, type Key } from "./keys.ts";

const V = "v1";

export const runPrefix = (id: string): Key => [V, "run", id];
export const runKey = (id: string, seq: number): Key => [V, "run", id, seq];
export const draftKey = (id: string): Key => [V, "draft", id];
export const labelKey = (id: string): Key => [V, "label", id];

/** Queues the deletion of a container's workbench records (inside the caller's transaction). */
export function deleteWorkbenchRecords(store: IDBObjectStore, id: string): void {
  store.delete(prefixRange(runPrefix(id)));
  store.delete(draftKey(id));
  store.delete(labelKey(id));
}
