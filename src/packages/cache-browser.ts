// The wheel cache in Cache Storage of the app's origin (which user code, in its opaque-origin
// frame, cannot reach). Keys are made-up URLs under the reserved .invalid domain.
import type { CachedWheel, WheelCache } from "./wheel-cache.ts";

const CACHE_NAME = "code-exec-sandbox-packages-v1";
const WHEEL_KEY = "https://wheels.cache.invalid/";
const LOCK_KEY = "https://locks.cache.invalid/?source=";

export function cacheStorageWheelCache(): WheelCache {
  const open = () => caches.open(CACHE_NAME);
  return {
    async get(sha256) {
      const response = await (await open()).match(WHEEL_KEY + sha256);
      return response ? new Uint8Array(await response.arrayBuffer()) : undefined;
    },
    async put(wheel, bytes) {
      const headers = { "Content-Type": "application/octet-stream", "X-Wheel": JSON.stringify(wheel) };
      await (await open()).put(WHEEL_KEY + wheel.sha256, new Response(bytes as Uint8Array<ArrayBuffer>, { headers }));
    },
    async getLock(sourceURL) {
      const response = await (await open()).match(LOCK_KEY + encodeURIComponent(sourceURL));
      return response ? await response.text() : undefined;
    },
    async putLock(sourceURL, text) {
      await (await open()).put(
        LOCK_KEY + encodeURIComponent(sourceURL),
        new Response(text, { headers: { "Content-Type": "application/json" } }),
      );
    },
    async list() {
      const cache = await open();
      const wheels: CachedWheel[] = [];
      for (const request of await cache.keys()) {
        if (!request.url.startsWith(WHEEL_KEY)) continue;
        const meta = (await cache.match(request))?.headers.get("X-Wheel");
        if (meta) wheels.push(JSON.parse(meta) as CachedWheel);
      }
      return wheels.sort((a, b) => a.name.localeCompare(b.name));
    },
    async clear() {
      await caches.delete(CACHE_NAME);
    },
  };
}
