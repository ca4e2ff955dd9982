// Workers with a loaded interpreter, ready before a container asks for one. There is at most ONE
// spare per process or page, shared by every container: a kill, a heap recycle or a new container
// takes it (then only its files, tools and budgets are set up) and a new spare is started behind
// it. The spare costs a worker's memory, so a page or process has one once it asks for it with
// preloadRuntime() (or configureWarmSpare(true)); without one a restart still restores from the
// snapshot. A spare is loaded from the cached memory snapshot when there is one; the first worker of a
// process or page without one makes it.
import type { InterpreterInfo } from "../protocol/worker-api.ts";
import { dropSnapshot, getSnapshot, openSnapshotCache, putSnapshot, snapshotSettings } from "./snapshot-cache.ts";
import { platformSnapshotKey, preloadWorkerAssets, shippedSnapshot, spawnWorker } from "./spawn.ts";
import type { WorkerHandle } from "./worker-handle.ts";
import { rejectOnExit } from "./worker-exit.ts";
import { markBoot } from "../boot-marks.ts";
import { DEFAULT_LIMITS } from "../shared/limits.ts";
import { pageBaseURI } from "../platform.ts";

export interface PreparedWorker {
  handle: WorkerHandle;
  info: InterpreterInfo;
  /** Whether this worker was the warm spare (loaded before it was asked for). */
  fromSpare: boolean;
  /** Whether it ran the spare's warm-up (jit-warm-up.ts) before it was taken. */
  warmedUp: boolean;
  /** Milliseconds: starting the worker, reading the cached snapshot (in parallel), loading the interpreter (round trip). */
  phases: { spawnMs: number; snapshotReadMs: number; prepareMs: number };
}

interface Spare {
  key: string;
  worker: Promise<PreparedWorker>;
  dead: boolean;
  /** A container is waiting for it: it skips the warm-up. */
  claimed: boolean;
}

/** "auto": a spare is kept once preloadRuntime() has been called. */
const settings: { mode: "auto" | "on" | "off"; requested: boolean } = { mode: "auto", requested: false };
let spare: Spare | null = null;
const spareWanted = () => settings.mode === "on" || (settings.mode === "auto" && settings.requested);

/** Keeps a warm spare from now on (true), or never and ends the current one (false). */
export function configureWarmSpare(enabled: boolean): void {
  settings.mode = enabled ? "on" : "off";
  if (!enabled) void discardSpare();
}

async function discardSpare(): Promise<void> {
  const old = spare;
  spare = null;
  const worker = await old?.worker.catch(() => null);
  await worker?.handle.terminate().catch(() => undefined);
}

/** What a worker is loaded for. The memory budget is fixed when its interpreter loads. */
export interface WorkerSpec {
  indexURL: string | undefined;
  packageIndexURL: string | null;
  memoryBytes: number;
}

/** Spares are interchangeable when they load the same files under the same memory budget;
 * browsers resolve relative URLs. */
function poolKey({ indexURL, packageIndexURL, memoryBytes }: WorkerSpec): string {
  const page = pageBaseURI();
  const base = page !== undefined ? new URL(indexURL ?? "pyodide/", page).href : (indexURL ?? null);
  return JSON.stringify([base, packageIndexURL, memoryBytes]);
}

/** A new worker with its interpreter loaded (from the cached snapshot if sound). */
async function prepareWorker(spec: WorkerSpec): Promise<PreparedWorker> {
  const { indexURL, packageIndexURL, memoryBytes } = spec;
  const useSnapshots = snapshotSettings().enabled;
  const started = performance.now();
  const phases = { spawnMs: 0, snapshotReadMs: 0, prepareMs: 0 };
  // The worker starts while the snapshot is read: ours from the cache, else the build's.
  markBoot("worker requested");
  if (useSnapshots) openSnapshotCache();
  const spawning = spawnWorker(indexURL);
  const keying = platformSnapshotKey();
  let shipped = false;
  const reading = keying.then(async (key) => {
    let bytes = useSnapshots ? await getSnapshot(key) : undefined;
    if (!bytes && useSnapshots) {
      bytes = await shippedSnapshot(indexURL);
      shipped = bytes !== undefined;
    }
    phases.snapshotReadMs = performance.now() - started;
    return bytes;
  });
  reading.catch(() => {}); // seen below, once the worker exists to be ended
  const handle = await spawning;
  phases.spawnMs = performance.now() - started;
  try {
    const [key, cached] = await Promise.all([keying, reading]);
    const preparing = performance.now();
    const result = await Promise.race([
      // Cached snapshots were checked before they were cached; the shipped one crossed a network.
      handle.api.prepare({
        indexURL: handle.workerIndexURL,
        packageIndexURL,
        memoryBytes,
        snapshot: cached,
        snapshotVerified: cached !== undefined && !shipped,
        makeSnapshot: useSnapshots,
        snapshotKey: key,
      }),
      rejectOnExit(handle.exited),
    ]);
    phases.prepareMs = performance.now() - preparing;
    markBoot("interpreter ready");
    // Node: comlink's listener re-referenced the thread; an idle worker must not keep the process alive.
    handle.setBusy(false);
    if (result.snapshot) void putSnapshot(key, result.snapshot);
    else if (shipped && cached && result.info.snapshot === "restored")
      void putSnapshot(key, cached); // next visit: no download
    else if (cached && !shipped && result.info.snapshot !== "restored") void dropSnapshot(key); // refused, and no new one to replace it
    return { handle, info: result.info, fromSpare: false, warmedUp: false, phases };
  } catch (error) {
    await handle.terminate().catch(() => undefined);
    throw error;
  }
}

/** Runs the spare's warm-up (jit-warm-up.ts); a spare that cannot is still a spare. */
async function warmedUp(worker: PreparedWorker): Promise<PreparedWorker> {
  // Busy while it runs: in Node, whoever awaits the spare (preloadRuntime) must be kept alive.
  worker.handle.setBusy(true);
  try {
    const warmedUp = await worker.handle.api.warmUp().catch(() => false); // a dead worker is noticed by whoever takes it
    return { ...worker, warmedUp };
  } finally {
    worker.handle.setBusy(false);
  }
}

function startSpare(spec: WorkerSpec): Spare {
  const next: Spare = {
    key: poolKey(spec),
    worker: prepareWorker(spec).then((w) => (next.claimed ? w : warmedUp(w))),
    dead: false,
    claimed: false,
  };
  next.worker.then(
    (w) =>
      w.handle.exited.then(() => {
        next.dead = true;
        if (spare === next) spare = null;
      }),
    () => {
      next.dead = true;
      if (spare === next) spare = null;
    },
  );
  return next;
}

/** A new spare waits this long after one was taken, so it does not slow that worker's first calls. */
const REFILL_DELAY_MS = 1500;
let refillTimer: ReturnType<typeof setTimeout> | null = null;

function refillLater(spec: WorkerSpec): void {
  if (!spareWanted() || refillTimer) return;
  refillTimer = setTimeout(() => {
    refillTimer = null;
    refill(spec);
  }, REFILL_DELAY_MS);
  // Node: a pending refill must not keep the process alive.
  (refillTimer as { unref?: () => void }).unref?.();
}

/** Makes sure a spare for these settings exists or is loading. */
function refill(spec: WorkerSpec): void {
  if (refillTimer) {
    clearTimeout(refillTimer);
    refillTimer = null;
  }
  if (!spareWanted()) return;
  const key = poolKey(spec);
  if (spare && spare.key === key && !spare.dead) return;
  void discardSpare();
  spare = startSpare(spec);
}

/**
 * A worker with its interpreter loaded, for a container to boot: the spare if it suits (even one
 * still loading is further along than a new one), else a new worker. A new spare follows.
 */
export async function acquireWorker(spec: WorkerSpec): Promise<PreparedWorker> {
  const key = poolKey(spec);
  const candidate = spare && spare.key === key && !spare.dead ? spare : null;
  if (candidate) {
    spare = null;
    candidate.claimed = true;
    const worker = await candidate.worker.catch(() => null);
    if (worker && !candidate.dead) {
      refillLater(spec);
      return { ...worker, fromSpare: true };
    }
  }
  const worker = await prepareWorker(spec);
  refillLater(spec);
  return worker;
}

export interface PreloadOptions {
  /** Where Pyodide's runtime files are served (as for createContainer). */
  indexURL?: string;
  /** As for createContainer. */
  packageIndexURL?: string | null;
  /** As limits.memoryBytes for createContainer: a spare serves containers with this memory budget. */
  memoryBytes?: number;
}

/**
 * Starts loading the runtime before the first container is asked for: the runtime files, the
 * cached snapshot and a warm spare worker, which is kept from then on (unless
 * configureWarmSpare(false)). Idempotent; resolves when the spare is ready (or, without a spare,
 * when the files and snapshot are in).
 */
export async function preloadRuntime(options: PreloadOptions = {}): Promise<void> {
  const packageIndexURL = options.packageIndexURL ?? null;
  settings.requested = true;
  if (!spareWanted()) {
    await Promise.all([preloadWorkerAssets(options.indexURL), platformSnapshotKey().then(getSnapshot)]);
    return;
  }
  refill({ indexURL: options.indexURL, packageIndexURL, memoryBytes: options.memoryBytes ?? DEFAULT_LIMITS.memoryBytes });
  await spare?.worker.catch(() => undefined);
}
