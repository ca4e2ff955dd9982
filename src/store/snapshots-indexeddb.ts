// The browser's durable snapshot cache: IndexedDB of the page's origin (the sandbox frame has an
// opaque origin and no storage; it gets the bytes from the page).
import { clear, createStore, del, get, set } from "idb-keyval";
import type { DurableSnapshots } from "./snapshot-store.ts";

export function browserSnapshots(): DurableSnapshots {
  const store = createStore("code-exec-sandbox-snapshots", "snapshots");
  // idb-keyval opens the database on first use: open it now, while the page waits for the key.
  store("readonly", () => undefined).catch(() => {});
  return {
    async get(key) {
      const value = await get<unknown>(key, store);
      return value instanceof Blob || value instanceof Uint8Array ? value : undefined;
    },
    async put(key, bytes) {
      await clear(store); // one snapshot per origin: older builds' are dead weight
      await set(key, bytes, store);
    },
    async delete(key) {
      await del(key, store);
    },
  };
}
