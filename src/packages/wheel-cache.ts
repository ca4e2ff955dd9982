// The shape of a wheel cache (cache-node.ts, cache-browser.ts), in its own module so the caches
// need not import the file that picks one of them.

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
