// The trusted package loader. User code can only name a module or a distribution; this side,
// outside the sandbox, looks the name up in the source's lock, fetches that file only (or takes
// it from the cache), checks its sha256 against the lock, and hands the bytes to the worker.
import type { PackageDelivery, PackageWheel } from "../protocol/channel.ts";
import { pageBaseURI } from "../platform.ts";
import { openWheelCache } from "./cache.ts";
import type { WheelCache } from "./wheel-cache.ts";
import { closure, entryNamed, keyForImport, normalizeName, parseLock, type LockEntry, type PackageLock } from "./lock.ts";

export const LOCK_FILE = "pyodide-lock.json";

/** One file of a package load, reported while it comes in. */
export interface PackageProgress {
  /** The package's name in the lock. */
  name: string;
  fileName: string;
  loadedBytes: number;
  /** From the response's Content-Length; null when the server sends none. */
  totalBytes: number | null;
  fromCache: boolean;
  done: boolean;
}

export type PackageRequest = { imports: string[]; names: string[]; installed: string[] };

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The folder URL, absolute and with its trailing slash (browsers resolve it against the page). */
export function sourceFolder(url: string): string {
  const href = new URL(url, pageBaseURI()).href;
  return href.endsWith("/") ? href : `${href}/`;
}

/** Reads a whole response, reporting bytes as they arrive. */
async function readBody(response: Response, report: (loaded: number, total: number | null) => void): Promise<Uint8Array> {
  const length = Number(response.headers.get("Content-Length"));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    report(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

export class PackageSource {
  private lockLoad: Promise<PackageLock> | null = null;
  /** Downloads in flight by sha256, so two containers never fetch one file twice at once. */
  private readonly inFlight = new Map<string, Promise<Uint8Array>>();

  private constructor(
    /** The folder, absolute, ending in "/". */
    readonly url: string,
    /** Where its lock is read. */
    private readonly lockURL: string,
    private readonly cache: Promise<WheelCache>,
  ) {}

  private static readonly sources = new Map<string, PackageSource>();

  /**
   * One source per folder, lock and cache per page or process: its lock is read once.
   * `lockURL`: where the lock is (default: pyodide-lock.json in the folder).
   */
  static for(url: string, options: { cacheDir?: string; lockURL?: string } = {}): PackageSource {
    const folder = sourceFolder(url);
    const lockURL = options.lockURL ? new URL(options.lockURL, folder).href : folder + LOCK_FILE;
    const key = JSON.stringify([folder, lockURL, options.cacheDir ?? null]);
    let source = PackageSource.sources.get(key);
    if (!source) {
      source = new PackageSource(folder, lockURL, openWheelCache(options.cacheDir));
      PackageSource.sources.set(key, source);
    }
    return source;
  }

  /** The source's lock: fetched once, or the cached copy when the source cannot be reached. */
  lock(): Promise<PackageLock> {
    this.lockLoad ??= this.readLock();
    this.lockLoad.catch(() => (this.lockLoad = null)); // the next request tries again
    return this.lockLoad;
  }

  private async readLock(): Promise<PackageLock> {
    const where = this.lockURL;
    const cache = await this.cache;
    let text: string;
    try {
      const response = await fetch(where, { cache: "no-cache" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
      const lock = parseLock(text, where);
      await cache.putLock(this.url, text).catch(() => undefined);
      return lock;
    } catch (error) {
      const cached = await cache.getLock(this.url).catch(() => undefined);
      if (cached !== undefined) return parseLock(cached, `the cached copy of ${where}`);
      throw new Error(`the package source's lock file ${where} could not be read (${(error as Error).message})`);
    }
  }

  /** The distribution names the source lists, for messages. */
  async available(): Promise<string[]> {
    return Object.values((await this.lock()).packages)
      .filter((entry) => entry.package_type !== "shared_library")
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b));
  }

  /**
   * The wheels for `request`, dependencies first, skipping what the worker has installed. Module
   * names the lock does not provide are left alone (Python reports them as it would anyway).
   */
  async deliver(request: PackageRequest, onProgress?: (progress: PackageProgress) => void): Promise<PackageDelivery> {
    const answer = (fields: Partial<PackageDelivery>): PackageDelivery => ({
      wheels: [],
      unknown: [],
      error: null,
      source: this.url,
      ...fields,
    });
    let lock: PackageLock;
    try {
      lock = await this.lock();
    } catch (error) {
      return answer({ error: (error as Error).message });
    }
    const keys: string[] = [];
    const unknown: string[] = [];
    for (const module of request.imports) {
      const key = keyForImport(lock, module);
      if (key) keys.push(key);
    }
    for (const name of request.names) {
      const entry = entryNamed(lock, name);
      if (entry) keys.push(entry.name);
      else unknown.push(name);
    }
    if (unknown.length > 0) return answer({ unknown, available: await this.available() });
    try {
      const entries = closure(lock, keys, new Set(request.installed.map(normalizeName)));
      const wheels = await Promise.all(
        entries.map(
          async (entry): Promise<PackageWheel> => ({
            name: entry.name,
            version: entry.version,
            fileName: entry.file_name,
            installDir: entry.install_dir,
            bytes: await this.wheelBytes(entry, onProgress),
          }),
        ),
      );
      return answer({ wheels });
    } catch (error) {
      return answer({ error: (error as Error).message });
    }
  }

  /** A fresh copy of the entry's checked bytes (each delivery's buffers move to a worker). */
  private async wheelBytes(entry: LockEntry, onProgress?: (progress: PackageProgress) => void): Promise<Uint8Array> {
    const sha256 = entry.sha256.toLowerCase();
    const cache = await this.cache;
    const cached = await cache.get(sha256).catch(() => undefined);
    if (cached) {
      onProgress?.({
        name: entry.name,
        fileName: entry.file_name,
        loadedBytes: cached.length,
        totalBytes: cached.length,
        fromCache: true,
        done: true,
      });
      return cached;
    }
    let download = this.inFlight.get(sha256);
    if (!download) {
      download = this.download(entry, sha256, cache, onProgress);
      this.inFlight.set(sha256, download);
      void download.then(
        () => this.inFlight.delete(sha256),
        () => this.inFlight.delete(sha256),
      );
    }
    return (await download).slice();
  }

  private async download(
    entry: LockEntry,
    sha256: string,
    cache: WheelCache,
    onProgress?: (progress: PackageProgress) => void,
  ): Promise<Uint8Array> {
    const url = new URL(entry.file_name, this.url);
    // Only files inside the source folder: a lock entry cannot point the page anywhere else.
    if (!url.href.startsWith(this.url) || url.search || url.hash)
      throw new Error(`refused ${entry.file_name}: the lock names a file outside the package source ${this.url}`);
    const report = (loadedBytes: number, totalBytes: number | null, done: boolean) =>
      onProgress?.({ name: entry.name, fileName: entry.file_name, loadedBytes, totalBytes, fromCache: false, done });
    report(0, null, false); // shown while the server has not answered yet
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      report(0, null, true);
      throw new Error(
        `could not download ${entry.file_name} from ${this.url} (${(error as Error).message}); it loads offline once it has been loaded one time`,
      );
    }
    if (!response.ok) {
      report(0, null, true);
      throw new Error(`could not download ${entry.file_name} from ${this.url}: HTTP ${response.status}`);
    }
    const bytes = await readBody(response, (loaded, total) => report(loaded, total, false));
    const actual = await sha256Hex(bytes);
    report(bytes.length, bytes.length, true);
    if (actual !== sha256) {
      throw new Error(
        `refused ${entry.file_name}: its sha256 did not match the lock (expected ${sha256}, got ${actual}); it was not installed`,
      );
    }
    await cache
      .put({ name: entry.name, version: entry.version, fileName: entry.file_name, sha256, size: bytes.length }, bytes)
      .catch(() => undefined);
    return bytes;
  }
}

/** What the cache holds (Settings lists it), and emptying it. */
export async function listCachedPackages(cacheDir?: string) {
  return (await openWheelCache(cacheDir)).list();
}

export async function clearPackageCache(cacheDir?: string): Promise<void> {
  await (await openWheelCache(cacheDir)).clear();
}
