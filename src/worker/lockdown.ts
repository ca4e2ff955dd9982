// After Pyodide has loaded, the browser worker's ways out are removed from its global scope:
// user code reaches globalThis through `import js` and `pyodide_js.constructor.constructor`,
// so hiding names from Python is not enough. Each name is deleted from the global object and
// from every prototype on its chain (so a saved descriptor getter cannot bring it back), then
// pinned to undefined. This is defence in depth: the frame's opaque origin and its CSP
// (connect-src 'none') are the boundary; see SECURITY.md.

const REMOVED = [
  // network
  "fetch",
  "Request",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "RTCPeerConnection",
  "importScripts",
  // new realms or message buses that could carry code or data elsewhere
  "Worker",
  "SharedWorker",
  "BroadcastChannel",
  // storage (the frame's origin is opaque, so these would fail anyway)
  "indexedDB",
  "caches",
  "cookieStore",
  "localStorage",
  "sessionStorage",
] as const;

export function lockDownGlobals(scope: typeof globalThis = globalThis): string[] {
  const removed: string[] = [];
  for (const name of REMOVED) {
    let found = false;
    for (let target: object | null = scope; target !== null; target = Object.getPrototypeOf(target)) {
      if (Object.hasOwn(target, name)) {
        found = true;
        try {
          delete (target as Record<string, unknown>)[name];
        } catch {
          // non-configurable: pinned below
        }
      }
    }
    try {
      Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false, enumerable: false });
    } catch {
      // already pinned
    }
    if (found) removed.push(name);
  }
  // navigator.sendBeacon and friends: replace the whole navigator with a plain, inert object.
  try {
    const userAgent = scope.navigator?.userAgent ?? "";
    for (let target: object | null = scope; target !== null; target = Object.getPrototypeOf(target)) {
      if (Object.hasOwn(target, "navigator")) delete (target as Record<string, unknown>).navigator;
    }
    Object.defineProperty(scope, "navigator", {
      value: Object.freeze({ userAgent, hardwareConcurrency: 1, onLine: false }),
      writable: false,
      configurable: false,
    });
    removed.push("navigator");
  } catch {
    // keep going: the CSP still blocks beacons
  }
  return removed;
}
