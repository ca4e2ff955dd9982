// Hardening of the worker's JavaScript before any user code runs, in browsers and in Node.
// User code reaches JavaScript freely (Python's `js`, proxies, blob scripts), so anything the
// runtime relies on after that point could be changed under it: a hooked
// MessagePort.prototype.postMessage once forged the stdout of a later call. Three layers:
//
// - ES intrinsics (Object, Array, Promise, Function, …) are frozen by Hardened JavaScript's
//   `lockdown()` (the `ses` package). It also makes Function/eval inert, so no string becomes
//   code (the browser frame's CSP forbids that too; in Node it is the only thing that does).
//   It runs after Pyodide has loaded: Emscripten adds properties to built-ins while it
//   instantiates (e.g. `Math.exp.sig`), which a frozen Math refuses.
// - Host objects that ses does not know (MessagePort, events, TextDecoder, WebAssembly, …):
//   their prototype chains are frozen here by hand.
// - The global object: its data properties become read-only, so user code cannot swap a
//   global the runtime looks up later (TextDecoder, setTimeout, …). The runtime's own code is
//   one closure (the worker bundle is an IIFE), so none of it is a global to begin with.
import "ses/lockdown-shim.js";
import type {} from "ses"; // the global `lockdown` declaration

let intrinsicsLocked = false;

/** Freezes the ES intrinsics (once per worker; lockdown() refuses a second call). */
export function lockDownIntrinsics(): void {
  if (intrinsicsLocked) return;
  intrinsicsLocked = true;
  lockdown({
    // Pyodide builds Python tracebacks of JS errors from error.stack: keep stacks as they are.
    errorTaming: "unsafe",
    stackFiltering: "verbose",
    consoleTaming: "unsafe",
    // Pyodide assigns `constructor` on plain objects it builds, which a frozen Object.prototype
    // would refuse ("override mistake"): every Object.prototype property stays overridable.
    overrideTaming: "severe",
    // No code from strings, in the start compartment too (Function, eval, their constructors).
    evalTaming: "no-eval",
    // Node's `domain` module is not ours to police; lockdown would refuse if it were loaded.
    domainTaming: "unsafe",
    // The platform's locale-aware comparisons stay (frozen all the same): `sort` must not change.
    localeTaming: "unsafe",
    // lockdown() lists each non-standard property it strips (Emscripten's .sig on Math).
    reporting: "none",
    // Uncaught errors keep the platform's behaviour (in Node they end the worker thread).
    errorTrapping: "none",
    unhandledRejectionTrapping: "none",
  });
}

/** Host classes on the path of a call and its result: messages in, work, messages out. */
const HOST_CLASSES = [
  "EventTarget",
  "Event",
  "MessageEvent",
  "MessagePort",
  "MessageChannel",
  "TextEncoder",
  "TextDecoder",
  "Blob",
  "Response",
  "Headers",
  "URL",
  "DedicatedWorkerGlobalScope",
  "WorkerGlobalScope",
] as const;

function freezeChain(start: object | null | undefined): void {
  for (let target = start; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
    Object.freeze(target);
  }
}

/**
 * Freezes the host objects the runtime relies on and makes the global object's data
 * properties read-only. Run after the browser's network lockdown (lockdown.ts), which deletes
 * and pins names on the same objects.
 */
export function hardenHostObjects(scope: typeof globalThis = globalThis): void {
  const global = scope as unknown as Record<string, unknown>;
  for (const name of HOST_CLASSES) {
    const ctor = global[name];
    if (typeof ctor !== "function") continue;
    Object.freeze(ctor);
    freezeChain((ctor as { prototype?: object }).prototype);
  }
  // WebAssembly: the memory's prototype once carried a `grow` hook that lifted the heap cap.
  Object.freeze(WebAssembly);
  for (const name of Object.getOwnPropertyNames(WebAssembly)) {
    const value = (WebAssembly as unknown as Record<string, unknown>)[name];
    if (typeof value !== "function") continue;
    Object.freeze(value);
    freezeChain((value as { prototype?: object }).prototype);
  }
  Object.freeze(Atomics);
  // The global object and its prototypes: data properties read-only. Accessors stay (Node
  // defines some lazily and must be able to replace them on first read).
  for (let target: object | null = scope; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (!descriptor?.configurable || !("value" in descriptor)) continue;
      Object.defineProperty(target, key, { value: descriptor.value, writable: false, configurable: false, enumerable: descriptor.enumerable });
    }
  }
}
