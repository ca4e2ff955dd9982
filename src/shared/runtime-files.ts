// Pyodide's runtime files: what the page downloads (and caches) for the sandbox frame, and what
// the worker serves from memory to Pyodide. One list for both.
export const RUNTIME_FILE_NAMES = ["pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"] as const;
