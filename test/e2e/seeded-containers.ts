// Containers written straight into a page's IndexedDB (the store's own layout), and the keys
// that name them afterwards: for the tests that check expired containers are deleted.
import type { Page } from "@playwright/test";

export const EXPIRED = `container_${"E".repeat(24)}`;
export const LIVE = `container_${"L".repeat(24)}`;

/** The three keys one seeded container has: its file, its meta and its size record, as JSON. */
export const keysOf = (id: string): string[] =>
  [
    JSON.stringify(["v1", "file", id, "/workspace/note.txt"]),
    JSON.stringify(["v1", "meta", id]),
    JSON.stringify(["v1", "size", id, "/workspace/note.txt"]),
  ].sort();

/** Writes EXPIRED (created 31 days ago) and LIVE (created yesterday) into the page origin's store. */
export async function seedExpiredAndLive(page: Page): Promise<void> {
  await page.evaluate(
    async ({ expired, live }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open("code-exec-sandbox");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction("records", "readwrite");
      const records = tx.objectStore("records");
      const day = 24 * 60 * 60 * 1000;
      const now = Date.now();
      const iso = (ms: number) => new Date(ms).toISOString();
      const file = { data: new TextEncoder().encode("kept?"), mode: 0o100644, mtime: now };
      for (const [id, created] of [
        [expired, now - 31 * day],
        [live, now - day],
      ] as const) {
        records.put({ id, created_at: iso(created), expires_at: iso(created + 30 * day) }, ["v1", "meta", id]);
        records.put(file, ["v1", "file", id, "/workspace/note.txt"]);
        records.put(5, ["v1", "size", id, "/workspace/note.txt"]);
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { expired: EXPIRED, live: LIVE },
  );
}

/** Every key of the page origin's store that names EXPIRED or LIVE, as JSON, sorted. */
export function seededKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    (ids) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open("code-exec-sandbox");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const keys = db.transaction("records", "readonly").objectStore("records").getAllKeys();
          keys.onerror = () => reject(keys.error);
          keys.onsuccess = () => {
            db.close();
            resolve(
              keys.result
                .filter((key) => Array.isArray(key) && ids.some((id) => key.includes(id)))
                .map((key) => JSON.stringify(key))
                .sort(),
            );
          };
        };
      }),
    [EXPIRED, LIVE],
  );
}
