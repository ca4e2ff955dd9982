// Downloads Pyodide's runtime files before the container boots, so the page can show a real
// progress bar (the worker's own fetches report nothing). The bytes go into Cache Storage, where
// the service worker serves them from (to the worker, and offline); the service worker does not
// precache these files itself, so a first visit downloads them once, not twice.

import { RUNTIME_FILE_NAMES } from "../../shared/runtime-files.ts";

/** Shared with public/sw.js: keep the two names equal. */
export const RUNTIME_CACHE = "code-exec-sandbox-runtime";

export interface DownloadProgress {
  loaded: number;
  total: number;
}

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === "undefined" ? null : await caches.open(RUNTIME_CACHE);
  } catch {
    return null; // opaque origins and some private modes have no Cache Storage
  }
}

/** Whether every runtime file under `indexURL` is in Cache Storage (a returning visit). */
export async function runtimeCached(indexURL: string): Promise<boolean> {
  const cache = await openCache();
  if (!cache) return false;
  const hits = await Promise.all(RUNTIME_FILE_NAMES.map((name) => cache.match(new URL(name, indexURL).href)));
  return hits.every((hit) => hit !== undefined);
}

/**
 * Makes sure every runtime file under `indexURL` is in Cache Storage, reporting bytes as they
 * arrive. Resolves false when there is no Cache Storage (the worker then fetches on its own).
 */
export async function cacheRuntimeFiles(indexURL: string, onProgress: (p: DownloadProgress) => void): Promise<boolean> {
  const cache = await openCache();
  if (!cache) return false;
  const loaded = new Map<string, number>();
  const totals = new Map<string, number>();
  const report = () => {
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    onProgress({ loaded: sum(loaded), total: Math.max(sum(totals), sum(loaded)) });
  };
  await Promise.all(
    RUNTIME_FILE_NAMES.map(async (name) => {
      const url = new URL(name, indexURL).href;
      const hit = await cache.match(url);
      if (hit) {
        const size = Number(hit.headers.get("content-length") ?? 0);
        loaded.set(name, size);
        totals.set(name, size);
        report();
        return;
      }
      const response = await fetch(url);
      if (!response.ok || !response.body) throw new Error(`${name}: HTTP ${response.status}`);
      totals.set(name, Number(response.headers.get("content-length") ?? 0));
      const chunks: Uint8Array[] = [];
      const reader = response.body.getReader();
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.byteLength;
        loaded.set(name, size);
        report();
      }
      const headers = new Headers(response.headers);
      headers.set("content-length", String(size));
      await cache.put(url, new Response(new Blob(chunks as BlobPart[]), { status: 200, headers }));
    }),
  );
  return true;
}
