// Verified wheels, kept by sha256 so a package loaded once loads again without a network:
// Cache Storage in browsers, a folder in Node. Only bytes whose hash matched the lock are put
// here; the lock of each source is kept too, so the source can be read offline.
import { onNode } from "../container/spawn.ts";

export interface CachedWheel {
  name: string;
  version: string;
  fileName: string;
  sha256: string;
  /** Bytes. */
  size: number;
}

export interface WheelCache {
  get(sha256: string): Promise<Uint8Array | undefined>;
  put(wheel: CachedWheel, bytes: Uint8Array): Promise<void>;
  /** The last lock read from a source (keyed by its URL), for offline use. */
  getLock(sourceURL: string): Promise<string | undefined>;
  putLock(sourceURL: string, text: string): Promise<void>;
  list(): Promise<CachedWheel[]>;
  /** Removes every cached wheel and lock. */
  clear(): Promise<void>;
}

/** The platform's cache: Cache Storage (browsers) or `dir` (Node; default: the OS temp folder). */
export async function openWheelCache(dir?: string): Promise<WheelCache> {
  if (onNode) return (await import("./cache-node.ts")).folderWheelCache(dir);
  return (await import("./cache-browser.ts")).cacheStorageWheelCache();
}
