// Pyodide's runtime files: what the page downloads (and caches) for the sandbox frame, and what
// the worker serves from memory to Pyodide. One list for both.
export const RUNTIME_FILE_NAMES = ["pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"] as const;

/** Blobs cross into the sandbox frame's process by reference instead of being copied. */
export type RuntimeFiles = Record<string, ArrayBuffer | Blob>;

/** A base URL under the reserved .invalid TLD: a request that escaped the worker's shim could not resolve. */
export const VIRTUAL_INDEX_URL = "https://pyodide.invalid/";
