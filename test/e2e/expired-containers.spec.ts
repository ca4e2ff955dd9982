// Containers past their 30 days are deleted, files and all, when the app starts.
import { expect, test } from "@playwright/test";
import { collectErrors, waitReady } from "./app.helpers.ts";

const EXPIRED = `container_${"E".repeat(24)}`;
const LIVE = `container_${"L".repeat(24)}`;

/** Every key of the app's store that names one of the two seeded containers, as JSON. */
function seededKeys(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("code-exec-sandbox");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const keys = db.transaction("records", "readonly").objectStore("records").getAllKeys();
      keys.onerror = () => reject(keys.error);
      keys.onsuccess = () => {
        db.close();
        const ids = [`container_${"E".repeat(24)}`, `container_${"L".repeat(24)}`];
        resolve(
          keys.result
            .filter((key) => Array.isArray(key) && ids.some((id) => key.includes(id)))
            .map((key) => JSON.stringify(key))
            .sort(),
        );
      };
    };
  });
}

test("the app deletes expired containers when it starts; a live one stays", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  // Two containers written straight into the app's IndexedDB: one expired yesterday, one live.
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
  const both = (id: string) => [
    JSON.stringify(["v1", "file", id, "/workspace/note.txt"]),
    JSON.stringify(["v1", "meta", id]),
    JSON.stringify(["v1", "size", id, "/workspace/note.txt"]),
  ];
  expect(await page.evaluate(seededKeys)).toEqual([...both(EXPIRED), ...both(LIVE)].sort());

  await page.reload();
  await waitReady(page);
  await expect.poll(() => page.evaluate(seededKeys)).toEqual(both(LIVE).sort());
  expect(errors).toEqual([]);
});
