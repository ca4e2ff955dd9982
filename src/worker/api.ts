// The API one container worker exposes across the worker boundary (comlink). Results that
// carry file bytes transfer their buffers instead of copying them.
import * as Comlink from "comlink";
import { SandboxRuntime, type BootOptions, type ChangeSet, type EditorOutcome, type InterpreterInfo, type PrepareOptions, type RawResult, type ToolCaller, type WorkerEnvironment } from "./runtime.ts";
import type { Interpreter } from "./snapshot.ts";
import { markBoot } from "../boot-marks.ts";

export type { BootOptions, ChangeSet, EditorOutcome, FileRecord, InterpreterInfo, OutputFile, PrepareOptions, RawResult, WorkerEnvironment } from "./runtime.ts";

export interface PrepareResult {
  info: InterpreterInfo;
  /** A new sealed snapshot for the host to cache (its buffer is transferred). */
  snapshot?: Uint8Array;
}

/** What the container exposes to its worker on the tool port: host tools called from Python. */
export interface ToolPortApi {
  call(name: string, inputJson: string): Promise<string>;
}

export interface WorkerApi {
  /** Loads the interpreter before the container is known (a warm spare); boot() follows. */
  prepare(options: PrepareOptions): Promise<PrepareResult>;
  /** Sets the container up (files, tools, budgets), loading the interpreter first unless prepared. */
  /** `toolPort`: where host tools are called (see ToolPortApi); absent when there are none. */
  boot(options: BootOptions & { toolPort?: MessagePort }): Promise<{ pythonVersion: string; interpreter: InterpreterInfo }>;
  bash(command: string): Promise<RawResult>;
  python(code: string): Promise<RawResult>;
  editor(input: Record<string, unknown>): Promise<EditorOutcome>;
  writeFile(path: string, data: Uint8Array): Promise<ChangeSet>;
  /** Cancels a cell waiting in an await (the worker only hears this while it is not busy). */
  cancelCell(): Promise<boolean>;
  readFile(path: string): Promise<Uint8Array>;
}

// Buffers of outputs and changed files move to the other side instead of being copied. Only
// buffers with bytes: an empty array may be a shared constant of some library.
function buffersOf(changes: ChangeSet, outputs: Array<{ data: Uint8Array }> = []): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const { data } of [...outputs, ...changes.put]) if (data.byteLength > 0) buffers.add(data.buffer as ArrayBuffer);
  return [...buffers];
}

function transferred<T extends { changes: ChangeSet; outputs?: Array<{ data: Uint8Array }> }>(result: T): T {
  return Comlink.transfer(result, buffersOf(result.changes, result.outputs));
}

/** `environment`: what the worker's host (the Node thread, or the browser's sandbox frame) gives it. */
export function createWorkerApi(environment: WorkerEnvironment): WorkerApi {
  let runtime: SandboxRuntime | null = null;
  let prepared: Promise<Interpreter> | null = null;
  SandboxRuntime.warmUp(environment);
  const ready = (): SandboxRuntime => {
    if (!runtime) throw new Error("the container worker has not booted");
    return runtime;
  };
  return {
    async prepare(options) {
      if (prepared) throw new Error("the container worker is already prepared");
      prepared = SandboxRuntime.prepare(options, environment);
      const { info, made } = await prepared;
      return made ? Comlink.transfer({ info, snapshot: made }, [made.buffer as ArrayBuffer]) : { info };
    },
    async boot({ toolPort, ...options }) {
      if (runtime) throw new Error("the container worker has already booted");
      const host = toolPort ? Comlink.wrap<ToolPortApi>(toolPort) : null;
      const callTool = host ? (name: string, inputJson: string) => host.call(name, inputJson) : undefined;
      runtime = await SandboxRuntime.boot(options, environment, callTool, prepared ? await prepared : undefined);
      markBoot("container set up");
      return { pythonVersion: runtime.pythonVersion, interpreter: runtime.interpreterInfo };
    },
    async bash(command) {
      return transferred(await ready().bash(command));
    },
    async python(code) {
      return transferred(await ready().python(code));
    },
    async editor(input) {
      return transferred(ready().editor(input));
    },
    async writeFile(path, data) {
      const changes = ready().writeFile(path, data);
      return Comlink.transfer(changes, buffersOf(changes));
    },
    async cancelCell() {
      return runtime?.cancelCell() ?? false;
    },
    async readFile(path) {
      const data = ready().readFile(path);
      return Comlink.transfer(data, [data.buffer as ArrayBuffer]);
    },
  };
}
