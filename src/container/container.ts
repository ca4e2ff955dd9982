// The container: one workspace at the tool level. It validates calls, runs them one at a time
// in its worker, enforces the time budget, and answers every call with a result block.
import * as Comlink from "comlink";
import type { BootOptions, RawResult } from "../worker/api.ts";
import { bashResult, editorResult, errorFor, pythonResult, type CommonErrorCode } from "./blocks.ts";
import { newContainerId, newFileId } from "./ids.ts";
import { resolveLimits } from "./limits.ts";
import { spawnWorker, type WorkerHandle } from "./spawn.ts";
import type { Container, ContainerOptions, Limits, ToolCall, ToolHandler, ToolResultBlock } from "./types.ts";

const UPLOAD_DIR = "/workspace/inputs";
const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;
/** After the deadline, how long an interrupted call may take to unwind before the worker is killed. */
const INTERRUPT_GRACE_MS = 500;

export interface LocalContainerOptions extends ContainerOptions {
  /** Where Pyodide's runtime files are served (default: ./pyodide/ in browsers, node_modules in Node). */
  indexURL?: string;
  /** Base URL of a wheel index for `pip install <name>` (default: none; only local wheels). */
  packageIndexURL?: string | null;
}

/** Why a call is malformed, or null when it can run. */
function invalidReason(call: unknown): string | null {
  if (typeof call !== "object" || call === null) return "The call must be an object {type, id, name, input}.";
  const { name, input } = call as Partial<ToolCall>;
  if (name !== "bash_code_execution" && name !== "text_editor_code_execution" && name !== "code_execution") {
    return `Unknown tool name ${JSON.stringify(name ?? null)}: use bash_code_execution, text_editor_code_execution or code_execution.`;
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) return `"input" must be an object.`;
  if (name === "bash_code_execution" && typeof input.command !== "string") {
    return `bash_code_execution needs {"command": "<shell command>"} with a string command.`;
  }
  if (name === "code_execution" && typeof input.code !== "string") {
    return `code_execution needs {"code": "<python source>"} with a string code.`;
  }
  return null;
}

function timeout(ms: number): { promise: Promise<"timeout">; cancel(): void } {
  let timer: ReturnType<typeof setTimeout>;
  const promise = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Keeps each upload name a single, harmless path segment. */
export function sanitizeUploadName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, "_").trim();
  if (cleaned === "" || cleaned === "." || cleaned === "..") return null;
  return cleaned.slice(0, 255);
}

interface LiveWorker {
  handle: WorkerHandle;
  ready: Promise<void>;
}

export class LocalContainer implements Container {
  readonly id: string;
  readonly expiresAt: string;
  private readonly limits: Limits;
  private readonly outputs = new Map<string, Uint8Array>();
  private readonly interrupt: Uint8Array | undefined;
  private worker: LiveWorker;
  /** Calls run strictly one after another: one interpreter, one shell. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    id: string,
    createdAt: Date,
    limits: Limits,
    private readonly bootOptions: Omit<BootOptions, "indexURL"> & { indexURL?: string },
    private readonly tools: Record<string, ToolHandler>,
  ) {
    this.id = id;
    this.expiresAt = new Date(createdAt.getTime() + THIRTY_DAYS_MS).toISOString();
    this.limits = limits;
    this.interrupt = bootOptions.interruptBuffer;
    this.worker = this.startWorker();
  }

  static async create(options: LocalContainerOptions = {}): Promise<LocalContainer> {
    const limits = resolveLimits(options.limits);
    if (typeof limits === "string") throw new TypeError(limits);
    const tools = options.tools ?? {};
    for (const [name, handler] of Object.entries(tools)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`tool name ${JSON.stringify(name)} is not a Python identifier`);
      if (typeof handler !== "function") throw new TypeError(`tool ${name} needs a handler function`);
    }
    // Python can only be interrupted through shared memory; without it the worker is killed.
    const canShare = typeof SharedArrayBuffer !== "undefined" && (globalThis.crossOriginIsolated ?? true);
    const container = new LocalContainer(
      options.id ?? newContainerId(),
      new Date(),
      limits,
      {
        indexURL: options.indexURL,
        packageIndexURL: options.packageIndexURL ?? null,
        limits,
        interruptBuffer: canShare ? new Uint8Array(new SharedArrayBuffer(1)) : undefined,
        toolNames: Object.keys(tools),
      },
      tools,
    );
    await container.worker.ready;
    return container;
  }

  private startWorker(): LiveWorker {
    const pending = spawnWorker();
    const live: LiveWorker = {
      handle: undefined as unknown as WorkerHandle,
      ready: pending.then(async (handle) => {
        live.handle = handle;
        const callTool = Comlink.proxy((name: string, inputJson: string) => this.callTool(name, inputJson));
        await handle.api.boot({ ...this.bootOptions, indexURL: this.bootOptions.indexURL ?? handle.defaultIndexURL }, callTool);
      }),
    };
    return live;
  }

  private async callTool(name: string, inputJson: string): Promise<string> {
    const handler = this.tools[name];
    if (!handler) throw new Error(`no tool named ${name}`);
    return String(await handler(JSON.parse(inputJson) as Record<string, unknown>));
  }

  execute(call: ToolCall): Promise<ToolResultBlock> {
    const toolUseId = typeof call?.id === "string" ? call.id : "";
    const reason = invalidReason(call);
    if (reason) return Promise.resolve(errorFor(call?.name, toolUseId, "invalid_tool_input", reason));
    if (this.closed) return Promise.resolve(errorFor(call.name, toolUseId, "unavailable", "This container is closed; create or reopen one."));
    return this.enqueue(() => this.run(call, toolUseId));
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const busy = async () => {
      const live = this.worker;
      live.ready.then(() => live.handle.setBusy(true), () => {});
      try {
        return await task();
      } finally {
        live.handle?.setBusy(false);
      }
    };
    const result = this.queue.then(busy, busy);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async run(call: ToolCall, toolUseId: string): Promise<ToolResultBlock> {
    const fail = (code: CommonErrorCode, message: string) => errorFor(call.name, toolUseId, code, message);
    try {
      await this.worker.ready;
    } catch (error) {
      this.worker = this.startWorker(); // the next call tries a fresh worker
      return fail("unavailable", `The Python runtime could not start: ${(error as Error).message}`);
    }
    if (this.interrupt) this.interrupt[0] = 0;
    const { api } = this.worker.handle;
    const work: Promise<ToolResultBlock> = (async () => {
      switch (call.name) {
        case "bash_code_execution":
          return bashResult(toolUseId, this.keepOutputs(await api.bash(call.input.command as string)));
        case "code_execution":
          return pythonResult(toolUseId, this.keepOutputs(await api.python(call.input.code as string)));
        default:
          return editorResult(toolUseId, await api.editor(call.input));
      }
    })();

    const deadline = timeout(this.limits.timeoutMs);
    const first = await Promise.race([work, deadline.promise]).catch((error: unknown) => error as Error);
    deadline.cancel();
    if (first !== "timeout") {
      if (first instanceof Error) return fail("unavailable", `The call failed inside the runtime: ${first.message}`);
      return first;
    }
    const timedOut = fail("execution_time_exceeded", `The call ran longer than its ${this.limits.timeoutMs} ms budget and was stopped.`);
    if (this.interrupt) {
      // Python checks this byte between bytecodes: loops stop and REPL state survives.
      this.interrupt[0] = 2;
      const grace = timeout(INTERRUPT_GRACE_MS);
      const settled = await Promise.race([work.then(() => "done" as const, () => "done" as const), grace.promise]);
      grace.cancel();
      if (settled === "done") return timedOut;
    }
    // C loops and blocking sleeps never check the interrupt: replace the worker.
    await this.replaceWorker();
    return timedOut;
  }

  private async replaceWorker(): Promise<void> {
    const old = this.worker;
    this.worker = this.startWorker();
    await old.handle.terminate().catch(() => undefined);
  }

  private keepOutputs(raw: RawResult) {
    const fileIds = raw.outputs.map((output) => {
      const fileId = newFileId();
      this.outputs.set(fileId, output.data);
      return fileId;
    });
    return { stdout: raw.stdout, stderr: raw.stderr, exitCode: raw.exitCode, fileIds };
  }

  async uploadFile(name: string, data: Uint8Array): Promise<{ file_id: string; path: string }> {
    const safe = sanitizeUploadName(String(name));
    if (safe === null) throw new TypeError(`invalid upload name ${JSON.stringify(name)}: give a plain file name such as data.csv`);
    if (!(data instanceof Uint8Array)) throw new TypeError("upload data must be a Uint8Array");
    const path = `${UPLOAD_DIR}/${safe}`;
    await this.enqueue(async () => {
      await this.worker.ready;
      await this.worker.handle.api.writeFile(path, data.slice());
    });
    const fileId = newFileId();
    this.outputs.set(fileId, data.slice());
    return { file_id: fileId, path };
  }

  async downloadFile(fileId: string): Promise<Uint8Array> {
    const data = this.outputs.get(fileId);
    if (!data) throw new Error(`unknown file id ${JSON.stringify(fileId)} in container ${this.id}`);
    return data.slice();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.worker.ready.catch(() => undefined);
    await this.worker.handle?.terminate();
  }
}

export async function createContainer(options?: LocalContainerOptions): Promise<Container> {
  return LocalContainer.create(options);
}
