// Whether Python may block on a promise (`pyodide.ffi.run_sync`, which our subprocess uses)
// depends on the JavaScript engine: it needs WebAssembly stack switching (JSPI). Chromium has it
// in workers, Node 20 does not.
//
// Known limit: Pyodide decides two engine-specific things once, when the interpreter starts, and
// keeps them in the wasm heap: run_sync's method entry (the real one or a stub that refuses) and
// CPython's call trampoline (wasm, or a JS function that stack switching cannot suspend through).
// The snapshot the build makes in Node carries Node's choices into Chromium, so there run_sync
// stays the refusing stub (the runtime asks Python whether run_sync works, see register_shell).
// Putting both back after a restore was tried: it makes time.sleep and subprocess work in
// Chromium cells, but a busy loop (`while True: pass`) then no longer stops on the time budget's
// interrupt, and the worker has to be replaced, so it is not done.
import type { PyodideAPI } from "pyodide";

/** Whether this engine can suspend wasm while a promise settles. */
export function engineHasStackSwitching(pyodide: PyodideAPI): boolean {
  return (pyodide as unknown as { _module: { jspiSupported?: boolean } })._module.jspiSupported === true;
}
