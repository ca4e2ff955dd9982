// One open container and what the UI shows about it: loading progress, ready, busy, failed.
// Panels share one Session, so a call from the file panel and one from the console queue up on
// the same container, and every panel sees the same busy state.
import {
  ContainerNotFoundError,
  ContainerStore,
  createContainer,
  defaultStore,
  preloadRuntime,
  Workbench,
  type Container,
  type ContainerOptions,
  type IndexedDBImpl,
  type Limits,
  type PackageProgress,
  type ToolCall,
  type ToolResultBlock,
} from "./package-api.ts";
import { packageLockURLFor } from "./package-source.ts";
import { cacheRuntimeFiles, type DownloadProgress } from "./runtime-cache.ts";

export type SessionPhase = "idle" | "downloading" | "starting" | "ready" | "failed";

export interface SessionOptions {
  /** Where Pyodide's runtime files are (default: ./pyodide/ next to the page). */
  indexURL?: string;
  /** Keep a loaded worker ready (the library's preloadRuntime), so a killed one is replaced at once. */
  warmSpare?: boolean;
  /** The IndexedDB containers are kept in (default: the page's); an in-memory one keeps nothing. */
  indexedDB?: IndexedDBImpl;
  /** Put Pyodide's files in the page's Cache Storage first, with a progress bar (default true). */
  cacheRuntime?: boolean;
  /** The package source for the next container opened (read at each open; null: none). */
  packageIndexURL?: () => string | null;
}

/** Packages coming in for the running call: "loading pandas, numpy (35 MB)…". */
export interface PackageLoad {
  names: string[];
  loadedBytes: number;
  /** 0 while some server sent no length. */
  totalBytes: number;
}

/** A chunk of a running call's output. */
export interface OutputChunk {
  stream: "stdout" | "stderr";
  text: string;
}

export interface RunOptions {
  /** Refresh the file panel afterwards (default true). */
  changesFiles?: boolean;
  /** Output as it is printed, before the result block. */
  onOutput?: (chunk: OutputChunk) => void;
}

export class Session extends EventTarget {
  container: Container | null = null;
  phase: SessionPhase = "idle";
  download: DownloadProgress = { loaded: 0, total: 0 };
  /** How long the last open took, in milliseconds. */
  readyMs = 0;
  error = "";
  /** Skills every container this session opens mounts at /skills/ (set by the Skills panel's library). */
  skills: NonNullable<ContainerOptions["skills"]> = [];
  /** Calls in flight (any panel). */
  busy = 0;
  /** Package downloads in progress, or null. */
  packageLoad: PackageLoad | null = null;
  private readonly downloads = new Map<string, PackageProgress>();
  private uiCalls = 0;
  private opening: Promise<Container> | null = null;
  private workbenchOf: Promise<Workbench> | null = null;
  private storeOf: Promise<ContainerStore> | null = null;
  /** What the last open() asked for: a retry after a failed start asks for the same. */
  private lastOpen: { id?: string; limits?: Partial<Limits>; createMissing?: boolean } = {};

  constructor(private readonly options: SessionOptions = {}) {
    super();
  }

  get indexURL(): string {
    return this.options.indexURL ?? new URL("pyodide/", document.baseURI).href;
  }

  private changed(): void {
    this.dispatchEvent(new Event("change"));
  }

  /** The store containers are kept in. */
  store(): Promise<ContainerStore> {
    const indexedDB = this.options.indexedDB;
    this.storeOf ??= indexedDB ? Promise.resolve(new ContainerStore({ indexedDB })) : defaultStore();
    return this.storeOf;
  }

  /** Deletes containers past their 30 days, with their files and outputs; answers how many. */
  async purgeExpired(): Promise<number> {
    return (await this.store()).purgeExpired();
  }

  /** Console runs, drafts, names and last use of this session's containers. */
  workbench(): Promise<Workbench> {
    this.workbenchOf ??= this.store().then((store) => new Workbench(store));
    return this.workbenchOf;
  }

  /**
   * Opens (or reopens, by id) a container, closing the current one first. `createMissing`: an id
   * that is not stored yet becomes a new container of that id (the widget's container-id).
   */
  open(options: { id?: string; limits?: Partial<Limits>; createMissing?: boolean } = {}): Promise<Container> {
    this.lastOpen = options;
    const run = async (): Promise<Container> => {
      const started = performance.now();
      const old = this.container;
      this.container = null;
      this.error = "";
      this.phase = "downloading";
      this.changed();
      await old?.close().catch(() => undefined);
      try {
        // A failed preload is not fatal: the worker fetches the files itself.
        if (this.options.cacheRuntime !== false) {
          await cacheRuntimeFiles(this.indexURL, (p) => {
            this.download = p;
            this.changed();
          }).catch(() => false);
        }
        this.phase = "starting";
        this.changed();
        // The container takes the spare (loading already on a returning visit) and a new one follows.
        if (this.options.warmSpare) void preloadRuntime({ indexURL: this.indexURL }).catch(() => undefined);
        const store = await this.store();
        const { createMissing, ...chosen } = options;
        const packages = this.packageOptions();
        const container = await createContainer({ skills: this.skills, ...chosen, ...packages, store, indexURL: this.indexURL }).catch(
          async (error: unknown) => {
            if (!(createMissing && chosen.id && error instanceof ContainerNotFoundError)) throw error;
            const indexedDB = this.options.indexedDB;
            const named = new ContainerStore({ dbName: store.dbName, newId: () => chosen.id!, ...(indexedDB ? { indexedDB } : {}) });
            return createContainer({ skills: this.skills, limits: chosen.limits, ...packages, store: named, indexURL: this.indexURL });
          },
        );
        this.container = container;
        this.readyMs = Math.round(performance.now() - started);
        this.phase = "ready";
        this.changed();
        this.dispatchEvent(new Event("files-changed"));
        return container;
      } catch (error) {
        this.phase = "failed";
        this.error = error instanceof Error ? error.message : String(error);
        this.changed();
        throw error;
      }
    };
    this.opening = (this.opening ?? Promise.resolve()).catch(() => undefined).then(run) as Promise<Container>;
    return this.opening;
  }

  /** Opens again what the last open() asked for (after a failed start). */
  retry(): Promise<Container> {
    return this.open(this.lastOpen);
  }

  /** The package options of the next container: its source, and downloads shown as "loading …". */
  private packageOptions() {
    const packageIndexURL = this.options.packageIndexURL?.() ?? null;
    return {
      packageIndexURL,
      packageLockURL: packageLockURLFor(packageIndexURL, this.indexURL),
      onPackageProgress: (progress: PackageProgress) => this.packageProgress(progress),
    };
  }

  private packageProgress(progress: PackageProgress): void {
    if (progress.fromCache) return; // instant: nothing to show
    if (progress.done) this.downloads.delete(progress.fileName);
    else this.downloads.set(progress.fileName, progress);
    const loading = [...this.downloads.values()];
    this.packageLoad =
      loading.length === 0
        ? null
        : {
            names: loading.map((p) => p.name),
            loadedBytes: loading.reduce((n, p) => n + p.loadedBytes, 0),
            totalBytes: loading.every((p) => p.totalBytes !== null) ? loading.reduce((n, p) => n + (p.totalBytes ?? 0), 0) : 0,
          };
    this.changed();
  }

  /** The open container, waiting for one that is opening; after a failed open, tries again. */
  async ready(): Promise<Container> {
    if (this.container) return this.container;
    if (this.opening && this.phase !== "failed") return this.opening;
    return this.open(this.lastOpen);
  }

  /** Runs one call; the block comes back exactly as the container built it. */
  async run(call: ToolCall, options: RunOptions = {}): Promise<ToolResultBlock> {
    const container = await this.ready();
    const work = options.onOutput ? container.execute(call, { onOutput: options.onOutput }) : container.execute(call);
    return this.track(work, options.changesFiles ?? true);
  }

  /** The engine's sentence behind an error block of the open container, if it has one. */
  errorMessage(toolUseId: string): string | undefined {
    return this.container?.errorMessage?.(toolUseId);
  }

  /**
   * Shows `work` as busy while it runs. `changesFiles` refreshes the file panel afterwards; the
   * file panel's own listing calls pass false, or each listing would trigger the next.
   */
  private async track<T>(work: Promise<T>, changesFiles: boolean, id = this.container?.id): Promise<T> {
    this.busy += 1;
    this.changed();
    try {
      return await work;
    } finally {
      this.busy -= 1;
      // A download that broke off never reports its end: no call running, nothing loading.
      if (this.busy === 0) {
        this.downloads.clear();
        this.packageLoad = null;
      }
      this.changed();
      if (changesFiles) {
        // The containers panel shows when each container was last used.
        if (id)
          await this.workbench()
            .then((workbench) => workbench.touch(id))
            .catch(() => undefined);
        this.dispatchEvent(new Event("files-changed"));
      }
    }
  }

  /**
   * `container` as the agent and replay should use it: the same calls, but shown as busy (so Stop
   * applies) and followed by a file panel refresh, as the console's own calls are.
   */
  observed(container: Container, onOutput?: (toolUseId: string, chunk: OutputChunk) => void): Container {
    // The same container reopened (new skills mounted, budgets changed) is a new object: calls
    // go to the open one, so a conversation in progress carries on in it.
    const open = (): Container => (this.container?.id === container.id ? this.container : container);
    return {
      get id() {
        return container.id;
      },
      get expiresAt() {
        return container.expiresAt;
      },
      execute: (call, options) => {
        // Streaming costs the worker a message per write: asked for only when someone listens.
        const listener =
          onOutput || options?.onOutput
            ? {
                onOutput: (chunk: OutputChunk) => {
                  options?.onOutput?.(chunk);
                  onOutput?.(call.id, chunk);
                },
              }
            : undefined;
        return this.track(listener ? open().execute(call, listener) : open().execute(call), true, container.id);
      },
      interrupt: () => open().interrupt(),
      uploadFile: (name, data) => this.track(open().uploadFile(name, data), true, container.id),
      downloadFile: (fileId) => open().downloadFile(fileId),
      fileMetadata: container.fileMetadata ? (fileId) => open().fileMetadata!(fileId) : undefined,
      errorMessage: container.errorMessage ? (toolUseId) => open().errorMessage!(toolUseId) : undefined,
      availablePackages: container.availablePackages ? () => open().availablePackages!() : undefined,
      close: () => container.close(),
    };
  }

  /** A call the UI makes for itself (file listing, download); its ids never clash with the console's. */
  runBash(command: string, changesFiles = false): Promise<ToolResultBlock> {
    const call: ToolCall = { type: "server_tool_use", id: `srvtoolu_ui${++this.uiCalls}`, name: "bash_code_execution", input: { command } };
    return this.run(call, { changesFiles });
  }

  get canInterrupt(): boolean {
    return this.container !== null;
  }

  interrupt(): void {
    this.container?.interrupt();
  }

  async close(): Promise<void> {
    const container = this.container;
    this.container = null;
    this.phase = "idle";
    await container?.close();
  }
}
