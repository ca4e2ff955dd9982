// Verified wheels, kept by sha256 so a package loaded once loads again without a network:
// Cache Storage in browsers, a folder in Node. Only bytes whose hash matched the lock are put
// here; the lock of each source is kept too, so the source can be read offline.
import { onNode } from "../platform.ts";
import type { WheelCache } from "./wheel-cache.ts";

/** The platform's cache: Cache Storage (browsers) or `dir` (Node; default: the OS temp folder). */
export async function openWheelCache(dir?: string): Promise<WheelCache> {
  if (onNode) return (await import("./cache-node.ts")).folderWheelCache(dir);
  return (await import("./cache-browser.ts")).cacheStorageWheelCache();
}
