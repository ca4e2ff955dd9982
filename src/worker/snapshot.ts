// Memory snapshots of a ready interpreter: Pyodide loaded, the stdlib modules our runner needs
// imported, and our `_sandbox` module imported. Restoring one skips Python's start-up and those
// imports. This leans on PRIVATE Pyodide API (`_makeSnapshot`, `makeMemorySnapshot`,
// `_loadSnapshot`), so the Pyodide version is pinned here and test/unit/snapshot.test.ts fails
// loudly when it or the API changes. Anything unexpected means a normal load instead.
//
// A snapshot holds only the wasm heap: no JS object may be referenced from Python when it is
// taken (so it is taken before stdout routing, tools or any JsProxy exist), and no MEMFS file is
// in it (so the filesystem set-up runs again after every restore).
import { loadPyodide, type PyodideAPI } from "pyodide";
import type { PyProxy } from "pyodide/ffi";
import { openSnapshot, sealSnapshot } from "./snapshot-envelope.ts";
import { pythonJsGlobals, restrictPyodideModule } from "./python-globals.ts";
import { loadWithMemoryLimit } from "./wasm-memory-limit.ts";
import { markBoot } from "../boot-marks.ts";
import { EngineTrampoline, restoreEngineStackSwitching } from "./stack-switching.ts";
import type { InterpreterInfo } from "../protocol/worker-api.ts";
import { SANDBOX_MODULE_NAME, SANDBOX_PY } from "../shared/sandbox-py.ts";
import { PINNED_PYODIDE_VERSION, SANDBOX_MODULE_DIR, SNAPSHOT_PRELUDE, shippedSnapshotKey, snapshotKey } from "../shared/snapshot-key.ts";

export interface InterpreterConfig {
  indexURL: string;
  packageIndexURL: string | null;
  /** Pyodide's module factory when its files arrive as bytes (browser sandbox frame). */
  createPyodideModule?: unknown;
  /** Node: where Pyodide keeps wheels it fetched (its default is derived from the index URL). */
  packageCacheDir?: string;
  /** A sealed snapshot to restore from; a normal load when absent or unusable. */
  snapshot?: Uint8Array;
  /**
   * The snapshot comes from the host's own cache, which holds only snapshots a worker made or
   * restored from after checking them: its key and length are checked, its checksum is not.
   */
  snapshotVerified?: boolean;
  /** Make a sealed snapshot when none was restored. */
  makeSnapshot?: boolean;
  /** The key snapshots are sealed with (the host's, which may cover more of our code). */
  snapshotKey?: string;
  /** The wasm heap's maximum in bytes (absent: Pyodide's own 4 GiB, for build scripts and tests). */
  memoryBytes?: number;
}

export interface Interpreter {
  pyodide: PyodideAPI;
  /** The heap maximum it was loaded with. */
  memoryBytes?: number;
  info: InterpreterInfo;
  /** The new sealed snapshot when info.snapshot is "made". */
  made?: Uint8Array;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

function baseConfig(config: InterpreterConfig) {
  return {
    indexURL: config.indexURL,
    createPyodideModule: config.createPyodideModule,
    // Named packages come only from the configured index, never from a CDN.
    packageBaseUrl: config.packageIndexURL ?? config.indexURL,
    cdnUrl: config.packageIndexURL ?? config.indexURL,
    ...(config.packageCacheDir ? { packageCacheDir: config.packageCacheDir } : {}),
    env: { HOME: "/workspace" },
    // What `import js` gives Python: not this worker's global scope (see python-globals.ts).
    jsglobals: pythonJsGlobals(),
  };
}

/** Writes our Python module where the prelude imports it from (MEMFS is not in a snapshot). */
function writeSandboxModule(pyodide: PyodideAPI): void {
  pyodide.FS.mkdirTree(SANDBOX_MODULE_DIR);
  pyodide.FS.writeFile(`${SANDBOX_MODULE_DIR}/${SANDBOX_MODULE_NAME}.py`, SANDBOX_PY);
}

/** loadPyodide, under the memory budget when there is one (a restore too: it grows the same memory). */
function boundedLoad(config: InterpreterConfig, options: object): Promise<PyodideAPI> {
  const load = () => loadPyodide(options as Parameters<typeof loadPyodide>[0]);
  return config.memoryBytes === undefined ? load() : loadWithMemoryLimit(config.memoryBytes, load);
}

async function restore(config: InterpreterConfig, snapshot: Uint8Array): Promise<{ pyodide: PyodideAPI; stackSwitchingProblem?: string }> {
  // Our own key, or the build's (a shipped snapshot holds the same Python, made in Node).
  const payload = openSnapshot([config.snapshotKey ?? snapshotKey(), shippedSnapshotKey()], snapshot, {
    verifyChecksum: config.snapshotVerified !== true,
  });
  // The snapshot's heap holds the choices of the engine that made it (Node's, for the build's).
  const trampoline = new EngineTrampoline();
  const createPyodideModule = trampoline.wrapFactory(config.createPyodideModule);
  const pyodide = await boundedLoad(config, { ...baseConfig(config), createPyodideModule, _loadSnapshot: payload });
  if (pyodide.version !== PINNED_PYODIDE_VERSION) throw new Error(`Pyodide ${pyodide.version} is not the pinned ${PINNED_PYODIDE_VERSION}`);
  const stackSwitchingProblem = restoreEngineStackSwitching(pyodide, trampoline);
  markBoot("pyodide restored");
  writeSandboxModule(pyodide);
  // Our module must come from the snapshot: importing it now would hide a snapshot Pyodide ignored.
  const sys = pyodide.pyimport("sys") as PyProxy & { modules: PyProxy & { has(name: string): boolean } };
  const held = sys.modules.has(SANDBOX_MODULE_NAME);
  sys.modules.destroy();
  sys.destroy();
  if (!held) throw new Error("the restored interpreter does not hold our module: the snapshot was ignored");
  const sandbox = pyodide.pyimport(SANDBOX_MODULE_NAME) as PyProxy & { after_snapshot_restore(): void };
  sandbox.after_snapshot_restore();
  sandbox.destroy();
  restrictPyodideModule(pyodide);
  return stackSwitchingProblem === null ? { pyodide } : { pyodide, stackSwitchingProblem };
}

/**
 * Loads Pyodide ready for the runtime: from `config.snapshot` when it is sound, else normally
 * (taking a snapshot first when asked). Never fails because of a snapshot.
 */
export async function loadInterpreter(config: InterpreterConfig): Promise<Interpreter> {
  const started = now();
  let fallbackReason: string | undefined;
  if (config.snapshot) {
    try {
      const { pyodide, stackSwitchingProblem } = await restore(config, config.snapshot);
      const info: InterpreterInfo = { snapshot: "restored", loadMs: now() - started };
      if (stackSwitchingProblem) info.stackSwitchingProblem = stackSwitchingProblem;
      return { pyodide, memoryBytes: config.memoryBytes, info };
    } catch (error) {
      fallbackReason = `snapshot not used: ${(error as Error).message}`;
    }
  }
  const wantSnapshot = config.makeSnapshot === true;
  const pyodide = await boundedLoad(config, { ...baseConfig(config), ...(wantSnapshot ? { _makeSnapshot: true } : {}) });
  writeSandboxModule(pyodide);
  pyodide.runPython(SNAPSHOT_PRELUDE);
  let made: Uint8Array | undefined;
  if (wantSnapshot) {
    try {
      const make = (pyodide as unknown as { makeMemorySnapshot?: () => Uint8Array }).makeMemorySnapshot;
      if (typeof make !== "function") throw new Error("this Pyodide has no makeMemorySnapshot");
      if (pyodide.version !== PINNED_PYODIDE_VERSION)
        throw new Error(`Pyodide ${pyodide.version} is not the pinned ${PINNED_PYODIDE_VERSION}`);
      made = sealSnapshot(config.snapshotKey ?? snapshotKey(), make.call(pyodide));
    } catch (error) {
      fallbackReason = `${fallbackReason ? `${fallbackReason}; ` : ""}no snapshot made: ${(error as Error).message}`;
    }
  }
  // After the snapshot: it may reference only the objects Pyodide registered itself.
  restrictPyodideModule(pyodide);
  return {
    pyodide,
    made,
    memoryBytes: config.memoryBytes,
    info: { snapshot: made ? "made" : "plain", fallbackReason, loadMs: now() - started },
  };
}
