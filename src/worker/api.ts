// The API one container worker exposes across the worker boundary (comlink). Results that
// carry file bytes transfer their buffers instead of copying them.
import * as Comlink from "comlink";
import type { EditorContent } from "../container/editor.ts";
import { SandboxRuntime, type BootOptions, type RawResult, type ToolCaller } from "./runtime.ts";

export type { BootOptions, RawResult, OutputFile } from "./runtime.ts";

export interface WorkerApi {
  boot(options: BootOptions, callTool?: ToolCaller): Promise<{ pythonVersion: string }>;
  bash(command: string): Promise<RawResult>;
  python(code: string): Promise<RawResult>;
  editor(input: Record<string, unknown>): Promise<EditorContent>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
}

function withTransfer(result: RawResult): RawResult {
  return Comlink.transfer(result, result.outputs.map((o) => o.data.buffer as ArrayBuffer));
}

export function createWorkerApi(): WorkerApi {
  let runtime: SandboxRuntime | null = null;
  const ready = (): SandboxRuntime => {
    if (!runtime) throw new Error("the container worker has not booted");
    return runtime;
  };
  return {
    async boot(options, callTool) {
      runtime = await SandboxRuntime.boot(options, callTool);
      return { pythonVersion: runtime.pythonVersion };
    },
    async bash(command) {
      return withTransfer(await ready().bash(command));
    },
    async python(code) {
      return withTransfer(await ready().python(code));
    },
    async editor(input) {
      return ready().editor(input);
    },
    async writeFile(path, data) {
      ready().writeFile(path, data);
    },
    async readFile(path) {
      const data = ready().readFile(path);
      return Comlink.transfer(data, [data.buffer as ArrayBuffer]);
    },
  };
}
