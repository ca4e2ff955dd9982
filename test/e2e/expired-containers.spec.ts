// Containers past their 30 days are deleted, files and all, when the app starts.
import { expect, test } from "@playwright/test";
import { collectErrors, waitReady } from "./app.helpers.ts";
import { EXPIRED, keysOf, LIVE, seededKeys, seedExpiredAndLive } from "./seeded-containers.ts";

test("the app deletes expired containers when it starts; a live one stays", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  // Two containers written straight into the app's IndexedDB: one expired yesterday, one live.
  await seedExpiredAndLive(page);
  expect(await seededKeys(page)).toEqual([...keysOf(EXPIRED), ...keysOf(LIVE)].sort());

  await page.reload();
  await waitReady(page);
  await expect.poll(() => seededKeys(page)).toEqual(keysOf(LIVE));
  expect(errors).toEqual([]);
});
