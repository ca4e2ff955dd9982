// In browsers the worker lives in an opaque-origin frame that may fetch nothing, so Pyodide's
// runtime files arrive as bytes. Pyodide fetches its wasm, stdlib and lock file through the
// global `fetch`, and takes its module factory through `createPyodideModule`; both are served
// here from memory under a virtual base URL that never reaches a network.

import { type RuntimeFiles, VIRTUAL_INDEX_URL } from "../shared/runtime-files.ts";

const CONTENT_TYPES: Record<string, string> = {
  "pyodide.asm.wasm": "application/wasm",
  "pyodide-lock.json": "application/json",
  "pyodide.asm.mjs": "text/javascript",
};

/**
 * Serves the runtime files to Pyodide's loader and returns its module factory. The shim is
 * installed on globalThis.fetch only until the caller's lockdown removes fetch altogether.
 */
export async function serveRuntimeFiles(files: RuntimeFiles): Promise<unknown> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(VIRTUAL_INDEX_URL)) {
      const name = url.slice(VIRTUAL_INDEX_URL.length);
      const bytes = files[name];
      if (!bytes) return new Response(null, { status: 404, statusText: `${name} is not a runtime file` });
      return new Response(bytes, { headers: { "Content-Type": CONTENT_TYPES[name] ?? "application/octet-stream" } });
    }
    return realFetch(input, init);
  };
  const source = files["pyodide.asm.mjs"];
  if (!source) throw new Error("pyodide.asm.mjs was not provided");
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    return ((await import(/* @vite-ignore */ url)) as { default: unknown }).default;
  } finally {
    URL.revokeObjectURL(url);
  }
}
