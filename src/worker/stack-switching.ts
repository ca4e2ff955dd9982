// Whether Python may block on a promise (`pyodide.ffi.run_sync`, which `time.sleep`, `input()` and
// our subprocess use) depends on the JavaScript engine: it needs WebAssembly stack switching
// (JSPI). Pyodide decides it ONCE, in C, when the interpreter starts: `_pyodide_core.run_sync`'s
// method entry points either at `run_sync` or at `run_sync_not_supported`. That entry lives in the
// wasm heap, so a memory snapshot made in Node (no JSPI) carries "not supported" into Chromium
// (which has it) and every `time.sleep` in a cell fails there. After a restore we point the entry
// at the variant that matches the engine we run in now.
//
// PRIVATE Pyodide internals (pinned with the Pyodide version in snapshot.ts): the layout of a
// PyCFunctionObject (m_ml after the 8-byte object header on wasm32) and of a PyMethodDef
// (ml_name, then ml_meth). Every step is checked; anything unexpected leaves memory untouched
// and is reported, so the worst case is the old behaviour, never a corrupted interpreter.
import type { PyodideAPI } from "pyodide";
import type { PyProxy } from "pyodide/ffi";

interface EmscriptenModule {
  jspiSupported: boolean;
  HEAP32: Int32Array;
  __PyRuntime: number;
  __PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET: number;
  wasmTable: WebAssembly.Table;
  HEAPU32: Uint32Array;
  UTF8ToString(ptr: number): string;
  _run_sync: unknown;
  _run_sync_not_supported: unknown;
}

/** Whether this engine can suspend wasm while a promise settles. */
export function engineHasStackSwitching(pyodide: PyodideAPI): boolean {
  return (pyodide as unknown as { _module: EmscriptenModule })._module.jspiSupported === true;
}

/** Makes `run_sync` match this engine. Returns null when it does, or why it could not. */
export function matchRunSyncToEngine(pyodide: PyodideAPI): string | null {
  const module = (pyodide as unknown as { _module: EmscriptenModule })._module;
  const wanted = module.jspiSupported ? module._run_sync : module._run_sync_not_supported;
  const other = module.jspiSupported ? module._run_sync_not_supported : module._run_sync;
  if (typeof wanted !== "function" || typeof other !== "function" || !module.wasmTable) return "this Pyodide does not export run_sync";
  const builtins = pyodide.pyimport("builtins") as PyProxy & { id(x: unknown): number };
  const core = pyodide.pyimport("_pyodide_core") as PyProxy & { run_sync: PyProxy };
  const runSync = core.run_sync;
  let address: number;
  try {
    address = builtins.id(runSync);
  } finally {
    runSync.destroy();
    core.destroy();
    builtins.destroy();
  }
  const heap = module.HEAPU32;
  const methodDef = heap[(address + 8) >>> 2]!;
  if (module.UTF8ToString(heap[methodDef >>> 2]!) !== "run_sync") return "run_sync's method entry is not where it was expected";
  const slot = (methodDef + 4) >>> 2;
  const table = module.wasmTable;
  const current = table.get(heap[slot]!);
  if (current === wanted) return null;
  if (current !== other) return "run_sync's method entry points at an unknown function";
  // The two variants are compiled next to each other: search outward from the current one.
  for (let distance = 1; distance < table.length; distance++) {
    for (const index of [heap[slot]! + distance, heap[slot]! - distance]) {
      if (index >= 0 && index < table.length && table.get(index) === wanted) {
        heap[slot] = index;
        return null;
      }
    }
  }
  return "run_sync is not in the function table";
}

/**
 * CPython calls C functions through a wasm trampoline when the engine can build it, or through a
 * JS function otherwise; the choice is a pointer in `_PyRuntime`, set by Emscripten's pre-run for
 * the engine at hand and then overwritten by the snapshot's heap. A JS frame on the stack makes
 * stack switching fail ("trying to suspend JS frames") and every C call slower, so the pointer the
 * pre-run chose is read before the restore and written back after it.
 */
export class TrampolinePointer {
  private value: number | null = null;

  private static slot(module: EmscriptenModule): number | null {
    if (typeof module.__PyRuntime !== "number" || typeof module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET !== "number") return null;
    return (module.__PyRuntime + module.HEAP32[module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET >>> 2]!) >>> 2;
  }

  /** Wraps Pyodide's module factory so the pointer is read once the pre-run has set it. */
  wrapFactory<F>(factory: F): F {
    if (typeof factory !== "function") return factory;
    return (async (settings: unknown) => {
      const module = (await (factory as (s: unknown) => Promise<EmscriptenModule>)(settings)) as EmscriptenModule;
      const slot = TrampolinePointer.slot(module);
      this.value = slot === null ? null : module.HEAP32[slot]!;
      return module;
    }) as F;
  }

  /** Puts the engine's pointer back after a snapshot restore; false if none was read. */
  restore(pyodide: PyodideAPI): boolean {
    const module = (pyodide as unknown as { _module: EmscriptenModule })._module;
    const slot = TrampolinePointer.slot(module);
    if (this.value === null || slot === null) return false;
    module.HEAP32[slot] = this.value;
    return true;
  }
}
