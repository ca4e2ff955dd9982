// The container: one workspace at the tool level. It validates calls, runs them one at a time
// in its worker, enforces the time budget, persists what each call changed, and answers every
// call with a result block.
import type { ContainerMeta, ContainerStorage } from "../store/index.ts";
import type { EditorOutcome, FileRecord, RawResult } from "../protocol/worker-api.ts";
import type { PackageDelivery, WorkerEvent } from "../protocol/channel.ts";
import { PackageSource, type PackageProgress, type PackageRequest } from "../packages/source.ts";
import { openWorkerChannel } from "./worker-channel.ts";
import { type AnySubTool, errorFor, failedFor, subTool, toolNamesList } from "../tools/registry.ts";
import type { ProcessOutcome } from "../tools/sub-tool.ts";
import { ContainerFiles } from "./persistence.ts";
import { defaultStore } from "./default-store.ts";
import { newFileId } from "../ids.ts";
import { describeFsError } from "../fs-errors.ts";
import { enforceOutputLimit, resolveLimits } from "../shared/limits.ts";
import type { WorkerHandle } from "./worker-handle.ts";
import { type BootInfo, type SupervisorConfig, WorkerSupervisor } from "./worker-supervisor.ts";
import { rejectOnExit } from "./worker-exit.ts";
import type {
  Container,
  ContainerOptions,
  ExecuteOptions,
  FileMetadata,
  Limits,
  SkillMount,
  ToolCall,
  ToolHandler,
  ToolResultBlock,
} from "./types.ts";
import { explainShellGuards, TIMEOUT_MESSAGES } from "./messages.ts";

const UPLOAD_DIR = "/workspace/inputs";
/** After a deadline or a Stop, how long an interrupted call may take to unwind before the worker is replaced. */
const INTERRUPT_GRACE_MS = 500;
/**
 * Once Python has taken the interrupt it is unwinding (a traceback, the result, the file changes),
 * which on cold code or a busy machine can outlast the grace: it gets this much longer before the
 * worker is given up. A C loop never takes the interrupt, so it is still replaced after the grace.
 */
const UNWIND_WAIT_MS = 3000;
/** How long a free worker may take to confirm it cancelled a waiting cell; a busy one cannot. */
const CANCEL_WAIT_MS = 250;
/** How long a streamed call's result waits for the worker's end-of-output message (it was sent first). */
const OUTPUT_END_WAIT_MS = 1000;
/** wasm memory never shrinks: past this share of the memory budget the worker is replaced
 * before the next call, so one memory-hungry call does not starve all the later ones. */
const HEAP_RECYCLE_SHARE = 0.75;
/** How many error sentences are kept for errorMessage() (the blocks of bash and Python carry only a code). */
const ERROR_MESSAGES_KEPT = 100;

/** A skill's name and paths, checked so that its files land inside /skills/<name>/; only what the worker needs is kept. */
function skillMount(skill: SkillMount): SkillMount {
  if (typeof skill?.name !== "string" || !/^[a-z0-9-]{1,64}$/.test(skill.name)) {
    throw new TypeError(`skill name ${JSON.stringify(skill?.name)} must be 1 to 64 lowercase letters, digits and hyphens`);
  }
  for (const [path, data] of Object.entries(skill.files ?? {})) {
    if (path.split("/").some((part) => part === "" || part === "." || part === ".."))
      throw new TypeError(`skill ${skill.name}: bad file path ${JSON.stringify(path)}`);
    if (!(data instanceof Uint8Array)) throw new TypeError(`skill ${skill.name}: ${path} is not a Uint8Array`);
  }
  return { name: skill.name, files: skill.files };
}

export type { BootInfo } from "./worker-supervisor.ts";

export interface LocalContainerOptions extends ContainerOptions {
  /** Where Pyodide's runtime files are served (default: ./pyodide/ in browsers, node_modules in Node). */
  indexURL?: string;
  /**
   * The package source: a folder URL holding a `pyodide-lock.json` in Pyodide's format and the
   * wheels it lists (default: none). Lock packages load when code imports them, and by name with
   * pip; this side fetches them, checks each sha256 and caches them; the sandbox never fetches.
   */
  packageIndexURL?: string | null;
  /** Where the source's lock is read (default: pyodide-lock.json in that folder). The app reads the
   * public source's lock from the copy next to Pyodide's runtime, which is the same file. */
  packageLockURL?: string;
  /** Node: the folder verified wheels are cached in (default: one in the OS temp folder). */
  packageCacheDir?: string;
  /** Progress of package downloads (and cache hits), e.g. for "loading pandas (12 MB)…". */
  onPackageProgress?: (progress: PackageProgress) => void;
  /** Where files and metadata live (default: IndexedDB; in Node an in-memory IndexedDB). */
  store?: ContainerStorage;
}

/** Why a call is malformed, or null when it can run. */
function invalidReason(call: unknown): string | null {
  if (typeof call !== "object" || call === null) return "The call must be an object {type, id, name, input}.";
  const { name, input } = call as Partial<ToolCall>;
  const tool = subTool(name);
  if (!tool) return `Unknown tool name ${JSON.stringify(name ?? null)}: use ${toolNamesList()}.`;
  if (typeof input !== "object" || input === null || Array.isArray(input)) return `"input" must be an object.`;
  const invalid = tool.invalidInput(input);
  if (invalid) return invalid;
  return null;
}

/**
 * The call as plain data, read once: a getter that throws, or one that answers differently on a
 * second read, cannot reach the worker or break execute(). Or why it cannot be read.
 */
function readCall(call: unknown): { call: ToolCall } | { name: unknown; id: string; reason: string } {
  let name: unknown;
  let id = "";
  try {
    if (typeof call !== "object" || call === null) return { name, id, reason: "The call must be an object {type, id, name, input}." };
    const raw = call as Record<string, unknown>;
    name = raw.name;
    id = typeof raw.id === "string" ? raw.id : "";
    const input = raw.input;
    const copy =
      typeof input === "object" && input !== null && !Array.isArray(input)
        ? Object.fromEntries(Object.keys(input).map((key) => [key, (input as Record<string, unknown>)[key]]))
        : input;
    const plain = { type: "server_tool_use", id, name, input: copy } as ToolCall;
    const reason = invalidReason(plain);
    return reason ? { name, id, reason } : { call: plain };
  } catch (error) {
    return { name, id, reason: `The call could not be read: ${describeFsError(error)}. Send plain JSON data {type, id, name, input}.` };
  }
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const sleep = (ms: number) => new Promise<"late">((resolve) => setTimeout(() => resolve("late"), ms));

/** Keeps each upload name a single, harmless path segment. */
function sanitizeUploadName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it replaces
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, "_").trim();
  if (cleaned === "" || cleaned === "." || cleaned === "..") return null;
  return cleaned.slice(0, 255);
}

/** What one worker call came back with: its answer, or that the worker died first. */
type WorkerAnswer<T> = { answer: T } | { died: Error } | "stopped";

/** How a running call is being stopped, if it is. */
type StopReason = "timeout" | "user";

export class LocalContainer implements Container {
  readonly id: string;
  readonly expiresAt: string;
  private readonly workers: WorkerSupervisor;
  /** Calls run strictly one after another: one interpreter, one shell. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Stops the running call; null when idle. */
  private stopCurrent: ((reason: StopReason) => void) | null = null;
  /** Where the running call's streamed output goes; null when nobody listens. */
  private outputListener: ExecuteOptions["onOutput"] | null = null;
  /** Called when the worker says a streamed call's output is all sent. */
  private outputEnded: (() => void) | null = null;
  /** The sentence behind each recent error block, by tool_use_id. */
  private readonly errorMessages = new Map<string, string>();
  /**
   * What went wrong outside any one result: stored files that could not be restored, and what a
   * timed-out call could not save. Each is also added to the stderr of the next bash or Python result.
   */
  readonly warnings: string[] = [];
  /** Warnings the model has not been shown yet. */
  private unshown: string[] = [];

  private constructor(
    meta: ContainerMeta,
    private readonly store: ContainerStorage,
    private readonly files: ContainerFiles,
    private readonly limits: Limits,
    bootOptions: SupervisorConfig["bootOptions"],
    private readonly tools: Record<string, ToolHandler>,
    private readonly packages: { source: PackageSource | null; onProgress?: (progress: PackageProgress) => void },
    records: FileRecord[],
  ) {
    this.id = meta.id;
    this.expiresAt = meta.expires_at;
    this.workers = new WorkerSupervisor(
      {
        bootOptions,
        openChannel: () => this.workerChannel(),
        storedFiles: () => this.files.records(),
        onSkipped: (path, reason) => this.warn(`${path} could not be restored: ${reason}. It was left out; the other files are restored.`),
      },
      records,
    );
  }

  /** Creates a new container, or reopens `options.id` with all its files (never creates one silently). */
  static async create(options: LocalContainerOptions = {}): Promise<LocalContainer> {
    const limits = resolveLimits(options.limits);
    if (typeof limits === "string") throw new TypeError(limits);
    const tools = options.tools ?? {};
    for (const [name, handler] of Object.entries(tools)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`tool name ${JSON.stringify(name)} is not a Python identifier`);
      if (typeof handler !== "function") throw new TypeError(`tool ${name} needs a handler function`);
    }
    const skills = (options.skills ?? []).map(skillMount);
    const store = options.store ?? (await defaultStore());
    const meta = options.id === undefined ? await store.createContainer() : await store.openContainer(options.id);
    const opened =
      options.id === undefined
        ? { files: ContainerFiles.empty(store, meta.id, limits.diskBytes), records: [], damaged: [] }
        : await ContainerFiles.open(store, meta.id, limits.diskBytes);
    const container = new LocalContainer(
      meta,
      store,
      opened.files,
      limits,
      {
        indexURL: options.indexURL,
        packageIndexURL: options.packageIndexURL ?? null,
        limits,
        toolNames: Object.keys(tools),
        skills,
      },
      tools,
      {
        source: options.packageIndexURL
          ? PackageSource.for(options.packageIndexURL, { cacheDir: options.packageCacheDir, lockURL: options.packageLockURL })
          : null,
        onProgress: options.onPackageProgress,
      },
      opened.records,
    );
    for (const { path, reason } of opened.damaged)
      container.warn(`${path} could not be restored: ${reason}. It was left out; the other files are restored.`);
    await container.workers.ready;
    return container;
  }

  /** How the current worker started: from the snapshot or not, the warm spare or not. */
  get bootInfo(): BootInfo | null {
    return this.workers.bootInfo;
  }

  /** Keeps a problem for `warnings` and for the stderr of the next bash or Python result. */
  private warn(text: string): void {
    this.warnings.push(text);
    this.unshown.push(text);
  }

  /** The typed channel to a new worker (src/protocol/channel.ts): what the worker asks of this side. */
  private workerChannel(): MessagePort {
    return openWorkerChannel(
      {
        tool: ({ name, inputJson }) => this.callTool(name, inputJson),
        packages: (request) => this.deliverPackages(request),
      },
      (event: WorkerEvent) => {
        if (event.type === "output-end") this.outputEnded?.();
        else this.outputListener?.({ stream: event.stream, text: event.text });
      },
    );
  }

  /** The distribution names the package source lists; none without a source or when it is unreachable. */
  async availablePackages(): Promise<string[]> {
    return (await this.packages.source?.available().catch(() => [])) ?? [];
  }

  private async deliverPackages(request: PackageRequest): Promise<PackageDelivery> {
    const { source, onProgress } = this.packages;
    if (!source) return { wheels: [], unknown: [], error: "no package source is configured", source: null };
    return source.deliver(request, onProgress);
  }

  private async callTool(name: string, inputJson: string): Promise<string> {
    const handler = this.tools[name];
    if (!handler) throw new Error(`no tool named ${name}`);
    return String(await handler(JSON.parse(inputJson) as Record<string, unknown>));
  }

  execute(call: ToolCall, options: ExecuteOptions = {}): Promise<ToolResultBlock> {
    const read = readCall(call);
    if (!("call" in read)) {
      this.rememberError(read.id, read.reason);
      return Promise.resolve(errorFor(read.name, read.id, "invalid_tool_input", read.reason));
    }
    const plain = read.call;
    if (this.closed) return Promise.resolve(failedFor(plain.name, plain.id, "This container is closed; create or reopen one."));
    let onOutput: ExecuteOptions["onOutput"] | null = null;
    try {
      onOutput = typeof options?.onOutput === "function" ? options.onOutput : null;
    } catch {
      // a hostile options object: run without streaming
    }
    return this.enqueue(async () => {
      this.outputListener = onOutput;
      try {
        return await this.run(plain, plain.id);
      } finally {
        this.outputListener = null;
      }
    });
  }

  /**
   * Stops the running call, as Ctrl-C would: Python gets KeyboardInterrupt and keeps its state;
   * code that cannot be interrupted loses its worker (files are kept). No-op when idle.
   */
  interrupt(): void {
    this.stopCurrent?.("user");
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = async () => {
      const handle = await this.workers.ready.catch(() => null);
      handle?.setBusy(true);
      try {
        return await task();
      } finally {
        handle?.setBusy(false);
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async run(call: ToolCall, toolUseId: string): Promise<ToolResultBlock> {
    const tool = subTool(call.name)!; // checked by readCall()
    let handle: WorkerHandle;
    try {
      handle = await this.workers.live();
    } catch (error) {
      await this.workers.replace(); // the next call tries a fresh worker
      return failedFor(
        call.name,
        toolUseId,
        `The Python runtime could not start: ${describeFsError(error)}. The files are kept; the next call starts it again.`,
      );
    }

    const work = this.callWorker(handle, tool, call).then((answer) => ({ answer }));
    const death = handle.exited.then((error) => ({ died: error }));
    let stopReason: StopReason | null = null;
    const stopped = new Promise<"stopped">((resolve) => {
      this.stopCurrent = (reason) => {
        stopReason ??= reason;
        resolve("stopped");
      };
    });
    const deadline = setTimeout(() => this.stopCurrent?.("timeout"), this.limits.timeoutMs);
    const lostThisCall =
      "The files are as the previous calls saved them; what this call changed before it was stopped, and Python's variables, are lost";
    let first: WorkerAnswer<RawResult | EditorOutcome>;
    try {
      first = await Promise.race([work, stopped, death]);
      if (first === "stopped") {
        // A cell waiting in an await, or a shell command in a sleep, is cancelled: the worker is
        // free, so it answers at once. Busy Python cannot answer; it gets the interrupt byte,
        // checked between bytecodes. Either way REPL state survives.
        const cancelled = tool.cancel ? await Promise.race([tool.cancel(handle.api).catch(() => false), sleep(CANCEL_WAIT_MS)]) : false;
        if (cancelled !== true && handle.interruptible) handle.interrupt();
        let settled = await Promise.race([work, death, sleep(cancelled === true || handle.interruptible ? INTERRUPT_GRACE_MS : 0)]);
        if (settled === "late" && (await handle.interruptTaken())) settled = await Promise.race([work, death, sleep(UNWIND_WAIT_MS)]);
        if (settled === "late" || "died" in settled) {
          // C loops and blocking sleeps never check the interrupt: replace the worker, keep the files.
          await this.workers.replace();
          if (stopReason === "timeout") return this.timedOut(call, toolUseId, TIMEOUT_MESSAGES.restarted(this.limits.timeoutMs));
          return tool.stopped(toolUseId, `KeyboardInterrupt: stopped by the user; the runtime was restarted. ${lostThisCall}.\n`);
        }
        first = settled;
      }
    } catch (error) {
      // The worker is alive, but the operation failed in it: answer, keep the worker (and REPL).
      return failedFor(
        call.name,
        toolUseId,
        `The call failed inside the runtime: ${describeFsError(error)}. The runtime and the files are kept.`,
      );
    } finally {
      clearTimeout(deadline);
      this.stopCurrent = null;
    }
    if ("died" in first) {
      await this.workers.replace(); // the next call gets a fresh one with the files
      return failedFor(
        call.name,
        toolUseId,
        `The runtime stopped during this call (${describeFsError(first.died)}) and a new one was started. ${lostThisCall.replace(" before it was stopped", "")}.`,
        137,
      );
    }
    // The call's answer is in: saving it is not raced with anything, so it is never dropped.
    const { block, notes } = await this.finish(tool, toolUseId, first.answer);
    if (stopReason === "timeout") {
      // The contract's timeout block carries no text for bash and Python: what went wrong
      // saving reaches the model with the next result.
      if (tool.answers === "process") for (const line of notes) this.warn(`${toolUseId}: ${line}`);
      return this.timedOut(call, toolUseId, TIMEOUT_MESSAGES.interrupted(this.limits.timeoutMs));
    }
    return block;
  }

  /** The contract's timeout block; its sentence is kept for errorMessage() (bash and Python blocks carry none). */
  private timedOut(call: ToolCall, toolUseId: string, message: string): ToolResultBlock {
    this.rememberError(toolUseId, message);
    return errorFor(call.name, toolUseId, "execution_time_exceeded", message);
  }

  private rememberError(toolUseId: string, message: string): void {
    if (!toolUseId) return;
    this.errorMessages.set(toolUseId, message);
    if (this.errorMessages.size > ERROR_MESSAGES_KEPT) this.errorMessages.delete(this.errorMessages.keys().next().value!);
  }

  /** The sentence behind a recent error block (bash and Python error blocks carry only a code). */
  errorMessage(toolUseId: string): string | undefined {
    return this.errorMessages.get(toolUseId);
  }

  private async callWorker(handle: WorkerHandle, tool: AnySubTool, call: ToolCall): Promise<RawResult | EditorOutcome> {
    if (tool.answers === "content") return tool.run(handle.api, call.input);
    const stream = tool.streams && this.outputListener !== null;
    const allSent = stream ? new Promise<void>((resolve) => (this.outputEnded = resolve)) : null;
    const raw = await tool.run(handle.api, call.input, stream);
    // The last chunks may still be on their way on the channel: the listener gets all before the block.
    if (allSent) await Promise.race([allSent, sleep(OUTPUT_END_WAIT_MS)]);
    this.outputEnded = null;
    return raw;
  }

  /** Saves what the call changed and builds its block; `notes` are the "[sandbox: …]" lines it carries. */
  private async finish(
    tool: AnySubTool,
    toolUseId: string,
    answer: RawResult | EditorOutcome,
  ): Promise<{ block: ToolResultBlock; notes: string[] }> {
    if (tool.answers === "content") {
      const { content, changes } = answer as EditorOutcome;
      const saved = await this.files.save(changes);
      // The editor's blocks have no stderr: a change that did not reach the store is an error.
      if (!saved.saved || saved.refused)
        return {
          block: tool.error(toolUseId, "unavailable", `The edit was made in the container, but: ${saved.notes.join("; ")}`),
          notes: saved.notes,
        };
      return { block: tool.result(toolUseId, content), notes: saved.notes };
    }
    const raw = answer as RawResult;
    const notes = [...this.unshown.splice(0), ...raw.notes];
    const saved = await this.files.save(raw.changes, raw.outputs);
    notes.push(...saved.notes);
    if (raw.heapBytes > HEAP_RECYCLE_SHARE * this.limits.memoryBytes) {
      this.workers.recycleBeforeNextCall();
      notes.push(
        `Python's heap grew to ${mib(raw.heapBytes)} of its ${mib(this.limits.memoryBytes)} budget; the runtime restarts before the next call (files kept, Python variables lost)`,
      );
    }
    if (raw.outputsTooLarge > 0) {
      if (tool.outputsTooLarge) {
        this.rememberError(
          toolUseId,
          `The files left in $OUTPUT_DIR (${raw.outputsTooLarge} bytes) do not fit in what is left of the disk budget, so none was returned; the command's other file changes are saved.`,
        );
        return { block: tool.outputsTooLarge(toolUseId), notes };
      }
      notes.push(`the files in $OUTPUT_DIR (${raw.outputsTooLarge} bytes) do not fit in the disk budget and were not returned`);
    }
    // Cut here too: the worker's own cut runs where user code can switch it off.
    const outputBytes = this.limits.outputBytes;
    let stderr = explainShellGuards(enforceOutputLimit(raw.stderr, outputBytes, "stderr"));
    for (const text of notes) stderr += `${stderr && !stderr.endsWith("\n") ? "\n" : ""}[sandbox: ${text}]\n`;
    const outcome: ProcessOutcome = {
      stdout: enforceOutputLimit(raw.stdout, outputBytes, "stdout"),
      stderr,
      exitCode: raw.exitCode,
      fileIds: saved.fileIds,
    };
    return { block: tool.result(toolUseId, outcome), notes };
  }

  /**
   * Puts a file into /workspace/inputs. The budget is checked before anything is written, so a
   * refused upload leaves an existing file as it was. Rejects, saying so, if the store refuses it:
   * the file then stays in the container and saving it is retried with the next call and on close().
   */
  async uploadFile(name: string, data: Uint8Array): Promise<{ file_id: string; path: string }> {
    const safe = sanitizeUploadName(String(name));
    if (safe === null) throw new TypeError(`invalid upload name ${JSON.stringify(name)}: give a plain file name such as data.csv`);
    if (!(data instanceof Uint8Array)) throw new TypeError("upload data must be a Uint8Array");
    if (this.closed) throw new Error("This container is closed; create or reopen one.");
    const path = `${UPLOAD_DIR}/${safe}`;
    const fileId = newFileId();
    await this.enqueue(async () => {
      const room = this.files.roomFor(path, data.length);
      if (!room.fits) {
        throw new Error(
          `No space left on device: the disk budget is ${this.limits.diskBytes} bytes and ${room.free} are free, so ${safe} (${data.length} bytes) was not uploaded.`,
        );
      }
      const handle = await this.workers.live();
      const written = await Promise.race([handle.api.writeFile(path, data.slice()), rejectOnExit(handle.exited)]);
      const saved = await this.files.save(written.changes, written.error ? [] : [{ name: safe, data }], [fileId]);
      if (written.error) throw new Error(`Could not upload ${safe} to ${path}: ${written.error}. Nothing was changed.`);
      if (!saved.saved || saved.refused) throw new Error(`${path} was uploaded into the container, but ${saved.notes.join("; ")}`);
    });
    return { file_id: fileId, path };
  }

  async downloadFile(fileId: string): Promise<Uint8Array> {
    return (await this.storedFile(fileId)).data;
  }

  async fileMetadata(fileId: string): Promise<FileMetadata> {
    const { file_id, name, data, created_at } = await this.storedFile(fileId);
    return { file_id, filename: name, size_bytes: data.length, created_at };
  }

  private async storedFile(fileId: string) {
    const output = typeof fileId === "string" ? (this.files.unsavedOutput(fileId) ?? (await this.store.getOutput(fileId))) : undefined;
    if (!output || output.container_id !== this.id) throw new Error(`unknown file id ${JSON.stringify(fileId)} in container ${this.id}`);
    return output;
  }

  /**
   * Waits for the running call (every call is persisted as it ends), ends the worker and writes
   * whatever the store refused before. Rejects, saying so, if it still refuses; calling close()
   * again retries.
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.queue;
      const handle = await this.workers.ready.catch(() => null);
      await handle?.terminate();
    }
    await this.files.flush();
  }
}

export async function createContainer(options?: LocalContainerOptions): Promise<LocalContainer> {
  return LocalContainer.create(options);
}
