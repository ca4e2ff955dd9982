// One open container and what the UI shows about it: loading progress, ready, busy, failed.
// Panels share one Session, so a call from the file panel and one from the console queue up on
// the same container, and every panel sees the same busy state.
import { createContainer, preloadRuntime as warmUpRuntime, type Container, type Limits, type ToolCall, type ToolResultBlock } from "./package-api.ts";
import { preloadRuntime, type DownloadProgress } from "./runtime-cache.ts";

export type SessionPhase = "idle" | "downloading" | "starting" | "ready" | "failed";

export interface SessionOptions {
  /** Where Pyodide's runtime files are (default: ./pyodide/ next to the page). */
  indexURL?: string;
  /** Keep a loaded worker ready (the library's preloadRuntime), so a killed one is replaced at once. */
  warmSpare?: boolean;
}

export class Session extends EventTarget {
  container: Container | null = null;
  phase: SessionPhase = "idle";
  download: DownloadProgress = { loaded: 0, total: 0 };
  /** How long the last open took, in milliseconds. */
  readyMs = 0;
  error = "";
  /** Calls in flight (any panel). */
  busy = 0;
  private uiCalls = 0;
  private opening: Promise<Container> | null = null;

  constructor(private readonly options: SessionOptions = {}) {
    super();
  }

  get indexURL(): string {
    return this.options.indexURL ?? new URL("pyodide/", document.baseURI).href;
  }

  private changed(): void {
    this.dispatchEvent(new Event("change"));
  }

  /** Opens (or reopens, by id) a container, closing the current one first. */
  open(options: { id?: string; limits?: Partial<Limits> } = {}): Promise<Container> {
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
        await preloadRuntime(this.indexURL, (p) => {
          this.download = p;
          this.changed();
        }).catch(() => false);
        this.phase = "starting";
        this.changed();
        // The container takes the spare (loading already on a returning visit) and a new one follows.
        if (this.options.warmSpare) void warmUpRuntime({ indexURL: this.indexURL }).catch(() => undefined);
        const container = await createContainer({ ...options, indexURL: this.indexURL });
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

  /** The open container, waiting for one that is opening. */
  async ready(): Promise<Container> {
    if (this.container) return this.container;
    if (this.opening) return this.opening;
    return this.open();
  }

  /** Runs one call; the block comes back exactly as the container built it. */
  async run(call: ToolCall, options: { changesFiles?: boolean } = {}): Promise<ToolResultBlock> {
    const container = await this.ready();
    return this.track(container.execute(call), options.changesFiles ?? true);
  }

  /**
   * Shows `work` as busy while it runs. `changesFiles` refreshes the file panel afterwards; the
   * file panel's own listing calls pass false, or each listing would trigger the next.
   */
  private async track<T>(work: Promise<T>, changesFiles: boolean): Promise<T> {
    this.busy += 1;
    this.changed();
    try {
      return await work;
    } finally {
      this.busy -= 1;
      this.changed();
      if (changesFiles) this.dispatchEvent(new Event("files-changed"));
    }
  }

  /**
   * `container` as the agent and replay should use it: the same calls, but shown as busy (so Stop
   * applies) and followed by a file panel refresh, as the console's own calls are.
   */
  observed(container: Container): Container {
    return {
      get id() {
        return container.id;
      },
      get expiresAt() {
        return container.expiresAt;
      },
      execute: (call) => this.track(container.execute(call), true),
      interrupt: () => container.interrupt(),
      uploadFile: (name, data) => this.track(container.uploadFile(name, data), true),
      downloadFile: (fileId) => container.downloadFile(fileId),
      fileMetadata: container.fileMetadata ? (fileId) => container.fileMetadata!(fileId) : undefined,
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
