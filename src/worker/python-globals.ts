// What Python sees of JavaScript. Pyodide would hand `import js` the worker's whole global
// scope and `import pyodide_js` its own internals (the Emscripten module, its file system with
// NODEFS, mountNodeFS, loadPackage). In Node that scope is the host's: `process`, the file
// system, the network. Python gets instead:
// - `js`: the language's built-ins and the web APIs a program computes with (timers, text
//   codecs, URL, Blob, crypto.getRandomValues, WebAssembly), never the runtime's or the host's;
// - `pyodide_js`: only the few fields Pyodide's own Python code imports from it.
// Neither object is the global object, so changing them changes nothing the runtime uses.
import type { PyodideAPI } from "pyodide";
import { TYPED_ARRAYS } from "./intrinsic-names.ts";

const LANGUAGE = [
  "Object",
  "Array",
  "ArrayBuffer",
  "DataView",
  "BigInt",
  "Boolean",
  "Number",
  "String",
  "Symbol",
  "Date",
  "Math",
  "JSON",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "WeakRef",
  "FinalizationRegistry",
  "Promise",
  "Proxy",
  "Reflect",
  "RegExp",
  "Intl",
  "Iterator",
  "Error",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
  "AggregateError",
  "encodeURIComponent",
  "decodeURIComponent",
  "encodeURI",
  "decodeURI",
  "parseInt",
  "parseFloat",
  "isNaN",
  "isFinite",
  "NaN",
  "Infinity",
  "WebAssembly",
  ...TYPED_ARRAYS,
];
const WEB = [
  "setTimeout",
  "clearTimeout",
  "setInterval",
  "clearInterval",
  "queueMicrotask",
  "structuredClone",
  "TextEncoder",
  "TextDecoder",
  "Blob",
  "File",
  "FileReader",
  "URL",
  "URLSearchParams",
  "atob",
  "btoa",
  "performance",
  "crypto",
  "AbortController",
  "AbortSignal",
  "Event",
  "EventTarget",
  "DOMException",
  "ReadableStream",
  "WritableStream",
  "TransformStream",
  "CompressionStream",
  "DecompressionStream",
];

/** The object Python imports as `js` (Pyodide's `jsglobals` option). */
export function pythonJsGlobals(scope: typeof globalThis = globalThis): Record<string, unknown> {
  const source = scope as unknown as Record<string, unknown>;
  const globals: Record<string, unknown> = {};
  for (const name of [...LANGUAGE, ...WEB]) {
    const value = source[name];
    if (value === undefined) continue;
    // Operations of the global scope (setTimeout, atob, …) refuse any other `this`; bound,
    // they work from `js` without handing Python the scope itself.
    const operation = typeof value === "function" && WEB.includes(name) && /^[a-z]/.test(name);
    globals[name] = operation ? (value as (...args: unknown[]) => unknown).bind(scope) : value;
  }
  return globals;
}

interface PyodideInternals {
  _api: { scheduleCallback: unknown; config: { enableRunUntilComplete?: unknown } };
}

/**
 * Replaces the `pyodide_js` module with the fields Pyodide's Python code imports from it
 * (pyodide.webloop: `_api.scheduleCallback`, `_api.config.enableRunUntilComplete`;
 * pyodide._package_loader: `loadedPackages`). Everything else (`_module`, `FS`, `mountNodeFS`,
 * `loadPackage`, `runPython`, `_api._nodeSock`) stays out of reach.
 */
export function restrictPyodideModule(pyodide: PyodideAPI): void {
  const api = (pyodide as unknown as PyodideInternals)._api;
  const facade = {
    version: pyodide.version,
    loadedPackages: { ...pyodide.loadedPackages },
    _api: { scheduleCallback: api.scheduleCallback, config: { enableRunUntilComplete: api.config.enableRunUntilComplete } },
  };
  pyodide.registerJsModule("pyodide_js", facade);
  // Pyodide imported the real one while it started: drop it (and its submodules) from the cache.
  const sys = pyodide.pyimport("sys") as unknown as {
    modules: { keys(): Iterable<string>; pop(name: string): unknown; destroy(): void };
    destroy(): void;
  };
  const modules = sys.modules;
  for (const name of [...modules.keys()]) if (name === "pyodide_js" || name.startsWith("pyodide_js.")) modules.pop(name);
  modules.destroy();
  sys.destroy();
}
