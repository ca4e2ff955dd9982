// The API one container worker exposes across the worker boundary (comlink). Results that
// carry file bytes transfer their buffers instead of copying them.
import * as Comlink from "comlink";
import { SandboxRuntime, type WorkerEnvironment } from "./runtime.ts";
import type { ChangeSet, WorkerApi } from "../protocol/worker-api.ts";
import type { Interpreter } from "./snapshot.ts";
import { markBoot } from "../boot-marks.ts";
import { HostChannel } from "./host-channel.ts";
import { warmUpInterpreter } from "./jit-warm-up.ts";

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
    async warmUp() {
      if (!prepared || runtime) return false;
      return warmUpInterpreter((await prepared).pyodide);
    },
    async boot({ hostPort, ...options }) {
      if (runtime) throw new Error("the container worker has already booted");
      runtime = await SandboxRuntime.boot(options, environment, new HostChannel(hostPort), prepared ? await prepared : undefined);
      markBoot("container set up");
      return { pythonVersion: runtime.pythonVersion, interpreter: runtime.interpreterInfo, skipped: runtime.skippedFiles };
    },
    async bash(command, options) {
      return transferred(await ready().bash(command, options?.stream === true));
    },
    async python(code, options) {
      return transferred(await ready().python(code, options?.stream === true));
    },
    async editor(input) {
      return transferred(ready().editor(input));
    },
    async writeFile(path, data) {
      return transferred(ready().writeFile(path, data));
    },
    async cancelCell() {
      return runtime?.cancelCell() ?? false;
    },
    async cancelShell() {
      return runtime?.cancelShell() ?? false;
    },
  };
}
