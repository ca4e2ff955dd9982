// Whether Python may block on a promise (`pyodide.ffi.run_sync`, which our subprocess and
// os.system use to wait for the shell) depends on the JavaScript engine: it needs WebAssembly
// stack switching (JSPI). Chromium has it in workers, Node 20 does not.
//
// Pyodide settles two engine-specific things once, when the interpreter starts, and keeps them in
// the wasm heap, so a memory snapshot carries them to wherever it is restored:
// - `_pyodide_core.run_sync`'s method entry: the real run_sync, or a stub that always refuses
//   (src/core/jsproxy.c, jsproxy_init);
// - CPython's call trampoline (`_PyRuntime.emscripten_trampoline`): a wasm-gc function, or 0 for
//   a JS fallback that stack switching cannot suspend through ("trying to suspend JS frames").
// The build makes its snapshot in Node (no JSPI, no wasm-gc), so a Chromium worker restoring it
// would get the refusing stub and the JS trampoline. After a restore both are set back to what
// this engine chose while it loaded (restoreEngineStackSwitching).
//
// Why not the alternatives: skipping the snapshot where JSPI exists costs every Chromium worker
// ~2.5-4.5 s of interpreter start-up instead of ~0.45 s; making the snapshot in the browser would
// make every first visit pay that once and drop the shipped snapshot for Chromium. The fix-up costs
// nothing measurable and is checked at every step.
//
// Interrupts: with stack switching every webloop step (so every code_execution cell) and every
// python3 run through callPromising runs on a thread state of its own. CPython sends a signal to
// `_PyRuntime.main_tstate` only; Pyodide 314.0.7 keeps that pointed at the running task's state
// and moves pending signal bits across each swap (pystate_threadstate_swap), so the interrupt byte
// still stops `while True: pass` in a cell (test/e2e/python-fidelity.spec.ts checks it, with JSPI on).
//
// PRIVATE Pyodide and CPython internals, pinned with the Pyodide version in snapshot.ts: the wasm32
// layout of a PyCFunctionObject (m_ml after the 8-byte object header) and of a PyMethodDef
// (ml_name, then ml_meth), and the exported trampoline offset. Anything unexpected leaves memory
// untouched and run_sync refusing, so the worst case is a clear error from subprocess, never a
// corrupted interpreter.
import type { PyodideAPI } from "pyodide";
import type { PyProxy } from "pyodide/ffi";

interface EmscriptenModule {
  jspiSupported?: boolean;
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  __PyRuntime?: number;
  __PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET?: number;
  wasmTable?: WebAssembly.Table;
  UTF8ToString(ptr: number): string;
  _run_sync?: unknown;
  _run_sync_not_supported?: unknown;
}

const moduleOf = (pyodide: PyodideAPI) => (pyodide as unknown as { _module: EmscriptenModule })._module;

/** Whether this engine can suspend wasm while a promise settles. */
export function engineHasStackSwitching(pyodide: PyodideAPI): boolean {
  return moduleOf(pyodide).jspiSupported === true;
}

/** Where `_PyRuntime.emscripten_trampoline` is, as an index into HEAP32; null if this build has none. */
function trampolineSlot(module: EmscriptenModule): number | null {
  if (typeof module.__PyRuntime !== "number" || typeof module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET !== "number") return null;
  return (module.__PyRuntime + module.HEAP32[module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET >>> 2]!) >>> 2;
}

/**
 * The trampoline this engine picked while Pyodide's module loaded (its pre-run writes it into the
 * heap), read before a snapshot overwrites the heap.
 */
export class EngineTrampoline {
  private value: number | null = null;

  /** Wraps Pyodide's module factory so the pointer is read once the pre-run has set it. */
  wrapFactory<F>(factory: F): F {
    if (typeof factory !== "function") return factory;
    return (async (settings: unknown) => {
      const module = (await (factory as (s: unknown) => Promise<EmscriptenModule>)(settings)) as EmscriptenModule;
      const slot = trampolineSlot(module);
      this.value = slot === null ? null : module.HEAP32[slot]!;
      return module;
    }) as F;
  }

  /** Writes it back after the restore; false when it was never read. */
  restore(pyodide: PyodideAPI): boolean {
    const module = moduleOf(pyodide);
    const slot = trampolineSlot(module);
    if (this.value === null || slot === null) return false;
    module.HEAP32[slot] = this.value;
    return true;
  }
}

/** Points run_sync's method entry at the real run_sync. Returns null when done, or why not. */
function enableRunSync(pyodide: PyodideAPI): string | null {
  const module = moduleOf(pyodide);
  const { _run_sync: wanted, _run_sync_not_supported: stub, wasmTable: table } = module;
  if (typeof wanted !== "function" || typeof stub !== "function" || !table) return "this Pyodide does not export run_sync";
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
  const current = table.get(heap[slot]!);
  if (current === wanted) return null;
  if (current !== stub) return "run_sync's method entry points at an unknown function";
  // The two are compiled next to each other: search outward from the stub's table index.
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
 * After a snapshot restore: gives the interpreter back this engine's own choices (the trampoline
 * always, as it is faster too; run_sync where the engine has stack switching). Returns null when
 * it has them, else why not. run_sync is only enabled once the trampoline is the engine's:
 * suspending through the JS one would fail.
 */
export function restoreEngineStackSwitching(pyodide: PyodideAPI, trampoline: EngineTrampoline): string | null {
  const trampolineRestored = trampoline.restore(pyodide);
  if (!engineHasStackSwitching(pyodide)) return null;
  if (!trampolineRestored) return "the engine's call trampoline could not be read";
  return enableRunSync(pyodide);
}
