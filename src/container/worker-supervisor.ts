// The container's worker: starts it (a warm spare if one suits) and boots it with the container's
// files, replaces it after a kill, a death or a failed boot, and recycles it before the next call
// when a call left Python's heap high. The container asks it for a live worker before each call.
import * as Comlink from "comlink";
import type { BootOptions, FileRecord, InterpreterInfo } from "../protocol/worker-api.ts";
import { markBoot } from "../boot-marks.ts";
import { acquireWorker } from "./warm-pool.ts";
import { rejectOnExit } from "./worker-exit.ts";
import type { WorkerHandle } from "./worker-handle.ts";

/** How the container's current worker started (for tests and benchmarks). */
export interface BootInfo extends InterpreterInfo {
  /** The worker was the warm spare, loaded before this container asked for it. */
  fromSpare: boolean;
  /** The spare ran its warm-up before it was taken, so its first calls run on optimised code. */
  warmedUp: boolean;
  /** Milliseconds from asking for a worker to the container being ready (files restored). */
  readyMs: number;
  /** How many workers this container has had (1 + restarts). */
  workers: number;
  /** Milliseconds of each step of the worker's start (a spare's happened before it was taken). */
  phases: { spawnMs: number; snapshotReadMs: number; prepareMs: number; bootMs: number };
}

export interface SupervisorConfig {
  /** What every worker of the container is booted with, besides its files. */
  bootOptions: Omit<BootOptions, "indexURL" | "files"> & { indexURL?: string };
  /** A new typed channel to the page, for each new worker (src/protocol/channel.ts). */
  openChannel(): MessagePort;
  /** The container's files as they are now, for a replacement worker. */
  storedFiles(): Promise<FileRecord[]>;
  /** A stored file the worker could not write back. */
  onSkipped(path: string, reason: string): void;
}

interface LiveWorker {
  handle: WorkerHandle | null;
  ready: Promise<WorkerHandle>;
  /** It died on its own (while idle too): the next call starts a new one first. */
  dead: boolean;
}

export class WorkerSupervisor {
  private worker: LiveWorker;
  /** Set when a call left Python's heap high: the next call starts in a fresh worker. */
  private recycle = false;
  private workersStarted = 0;
  /** How the current worker started. */
  bootInfo: BootInfo | null = null;

  /** `files`: the container's stored files, which the first worker boots with. */
  constructor(
    private readonly config: SupervisorConfig,
    files: FileRecord[],
  ) {
    this.worker = this.start(files);
  }

  /** The current worker as started so far (null until its spawn is done): tests crash it through this. */
  get handle(): WorkerHandle | null {
    return this.worker.handle;
  }

  /** The current worker once booted; rejects if it could not start. */
  get ready(): Promise<WorkerHandle> {
    return this.worker.ready;
  }

  /** The current worker, started anew first if it died or must be recycled. */
  async live(): Promise<WorkerHandle> {
    if (this.recycle || this.worker.dead) {
      this.recycle = false;
      await this.replace();
    }
    return this.worker.ready;
  }

  /** The next call starts in a fresh worker. */
  recycleBeforeNextCall(): void {
    this.recycle = true;
  }

  private start(files: FileRecord[]): LiveWorker {
    const { bootOptions } = this.config;
    const live: LiveWorker = { handle: null, ready: null as unknown as Promise<WorkerHandle>, dead: false };
    live.ready = (async () => {
      const started = performance.now();
      // Workers do not differ by package source (the page loads packages): any spare will do.
      const { handle, info, fromSpare, warmedUp, phases } = await acquireWorker({
        indexURL: bootOptions.indexURL,
        packageIndexURL: null,
        memoryBytes: bootOptions.limits.memoryBytes,
      });
      const booting = performance.now();
      live.handle = handle;
      void handle.exited.then(() => (live.dead = true));
      const hostPort = this.config.openChannel();
      const options: BootOptions = { ...bootOptions, indexURL: handle.workerIndexURL, files };
      const transfers = files.map((f) => f.data.buffer as ArrayBuffer as Transferable);
      transfers.push(hostPort);
      const booted = handle.api.boot(Comlink.transfer({ ...options, hostPort }, transfers));
      // Booting is work in progress: in Node it must keep the process alive, as a call does.
      handle.setBusy(true);
      try {
        const { skipped } = await Promise.race([booted, rejectOnExit(handle.exited)]);
        for (const { path, reason } of skipped) this.config.onSkipped(path, reason);
      } finally {
        handle.setBusy(false);
      }
      const bootMs = performance.now() - booting;
      markBoot("container ready");
      this.bootInfo = {
        ...info,
        fromSpare,
        warmedUp,
        readyMs: performance.now() - started,
        workers: ++this.workersStarted,
        phases: { ...phases, bootMs },
      };
      return handle;
    })();
    live.ready.catch(() => {}); // observed by the next call, which answers `unavailable`
    return live;
  }

  /** A fresh worker with the stored files (and those not stored yet): after a kill, a death, or a failed boot. */
  async replace(): Promise<void> {
    const old = this.worker;
    this.worker = {
      handle: null,
      dead: false,
      ready: this.config.storedFiles().then((files) => {
        const next = this.start(files);
        this.worker = next;
        return next.ready;
      }),
    };
    this.worker.ready.catch(() => {});
    await old.handle?.terminate().catch(() => undefined);
  }
}
