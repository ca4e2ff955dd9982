// The document of the sandboxed iframe that hosts a container's worker in browsers.
//
// The iframe is `sandbox="allow-scripts"` without `allow-same-origin`, so its origin is opaque:
// code inside it has no access to the app's storage, cookies, service worker or DOM. Its CSP
// allows only its own bootstrap script (by hash), blob: workers and wasm, and no connections.
// Everything the worker needs (its script, Pyodide's files) is handed over by the parent as
// bytes, so nothing is fetched from inside the frame.

/**
 * The frame's whole script (its messages are typed in src/protocol/frame.ts). "start" brings the worker's script and the container's port: the
 * worker starts at once and evaluates its script while the page is still fetching Pyodide's
 * files; "runtime" brings those, and the worker gets them with the port. Then it relays
 * interrupts, says whether Python has taken the last one (the byte is clear again), and wakes
 * the worker before each message the page sends it (src/worker/idle-gate.ts).
 */
export const FRAME_BOOTSTRAP = `
"use strict";
let worker = null;
let interrupt = null;
let gate = null;
let port = null;
addEventListener("message", (event) => {
  if (event.source !== parent) return;
  const data = event.data;
  if (data && data.type === "start" && !worker) {
    const shared = self.crossOriginIsolated && typeof SharedArrayBuffer === "function";
    interrupt = shared ? new Uint8Array(new SharedArrayBuffer(1)) : null;
    gate = shared ? new Int32Array(new SharedArrayBuffer(4)) : null;
    port = event.ports[0];
    const url = URL.createObjectURL(new Blob([data.workerSource], { type: "text/javascript" }));
    // Classic, not module: Chromium refuses module workers from blob URLs of an opaque origin.
    // The bundle has no import/export statements, so it runs as a classic script.
    worker = new Worker(url, { name: "container" });
    worker.addEventListener("error", (e) => parent.postMessage({ type: "worker-error", message: String(e.message || "worker failed") }, "*"));
    parent.postMessage({ type: "frame-ready", interruptible: shared }, "*");
  } else if (data && data.type === "runtime" && port) {
    worker.postMessage({ port, runtime: data.runtime, interruptBuffer: interrupt, gate }, [port]);
    port = null;
  } else if (data && data.type === "interrupt" && interrupt) {
    Atomics.store(interrupt, 0, 2);
  } else if (data && data.type === "interrupt-state" && interrupt) {
    parent.postMessage({ type: "interrupt-state", taken: Atomics.load(interrupt, 0) === 0 }, "*");
  } else if (data && data.type === "wake" && gate) {
    Atomics.add(gate, 0, 1);
    Atomics.notify(gate, 0);
  }
});
`;

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** The policy user code runs under: no network of any kind, no scripts but ours and blob workers. */
export function frameCsp(scriptHash: string): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}' blob: 'wasm-unsafe-eval'`,
    "worker-src blob:",
    "connect-src 'none'",
    "img-src 'none'",
    "style-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join("; ");
}

let documentPromise: Promise<string> | null = null;

export function frameDocument(): Promise<string> {
  documentPromise ??= sha256Base64(FRAME_BOOTSTRAP).then(
    (hash) =>
      `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${frameCsp(hash)}"><script>${FRAME_BOOTSTRAP}</script>`,
  );
  return documentPromise;
}
