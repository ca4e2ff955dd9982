// Hardening of the worker's JavaScript before any user code runs, in browsers and in Node.
// User code reaches JavaScript freely (Python's `js`, proxies, callbacks), so anything the
// runtime relies on after that point could be changed under it: a hooked
// MessagePort.prototype.postMessage once forged the stdout of a later call. Three layers:
//
// - ES intrinsics (Object, Array, Promise, Function, iterator prototypes, …) are frozen, deeply,
//   and Function, eval and every function's `constructor` become inert, so no string becomes
//   code (the browser frame's CSP forbids that too; in Node this is the only thing that does).
//   It runs after Pyodide has loaded: Emscripten adds properties to built-ins while it
//   instantiates (e.g. `Math.exp.sig`), which a frozen Math refuses.
// - Host objects (MessagePort, events, TextDecoder, WebAssembly, …): their prototype chains are
//   frozen too.
// - The global object: its data properties become read-only, so user code cannot swap a
//   global the runtime looks up later (TextDecoder, setTimeout, …). The runtime's own code is
//   one closure (the worker bundle is an IIFE), so none of it is a global to begin with.
//
// Hardened JavaScript's lockdown() (the `ses` package) was tried first and works with Pyodide and
// comlink, but only with overrideTaming "severe" (Pyodide assigns `constructor` on plain objects
// it builds, which a frozen Object.prototype refuses). Its override taming turns built-in methods
// into accessors (Array.prototype.push, concat, [Symbol.iterator], every Object.prototype
// member), and that took the per-call median of `echo hi` from 2.6-4.4 ms to 13.4-13.7 ms and of
// `python3 -c 'print(1)'` from 14-21 ms to 42 ms. Here only the few properties that code
// commonly assigns on its own objects become accessors, none on Array or Promise.

import { ERROR_CONSTRUCTORS, TYPED_ARRAYS } from "./intrinsic-names.ts";

/** The ES globals whose objects, prototypes and members are frozen. */
const ES_GLOBALS = [
  "Object",
  "Function",
  "Array",
  "Number",
  "Boolean",
  "String",
  "Symbol",
  "BigInt",
  "Date",
  "RegExp",
  "Promise",
  "Proxy",
  "Reflect",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "WeakRef",
  "FinalizationRegistry",
  "JSON",
  "Math",
  "Intl",
  "Atomics",
  "Iterator",
  "ArrayBuffer",
  "SharedArrayBuffer",
  "DataView",
  "DisposableStack",
  "AsyncDisposableStack",
  "parseInt",
  "parseFloat",
  "isNaN",
  "isFinite",
  "encodeURI",
  "encodeURIComponent",
  "decodeURI",
  "decodeURIComponent",
  "escape",
  "unescape",
  ...TYPED_ARRAYS,
  ...ERROR_CONSTRUCTORS,
];

/** Keeps `obj.prop = value` working on objects that inherit `prop` from a frozen prototype. */
function overridable(proto: object, prop: PropertyKey): void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, prop);
  if (!descriptor || !("value" in descriptor) || !descriptor.configurable) return;
  const value: unknown = descriptor.value;
  Object.defineProperty(proto, prop, {
    get: () => value,
    set(this: object, next: unknown) {
      if (this === proto) throw new TypeError(`Cannot assign to read only property '${String(prop)}' of a frozen built-in`);
      Object.defineProperty(this, prop, { value: next, writable: true, enumerable: true, configurable: true });
    },
    enumerable: descriptor.enumerable,
    configurable: false,
  });
}

/** Freezes `roots` and everything reachable from them through properties and prototypes. */
function deepFreeze(roots: unknown[]): void {
  const seen = new Set<object>();
  const stack = [...roots];
  while (stack.length > 0) {
    const value = stack.pop();
    if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value === Error) lockErrorConstructor();
    else Object.freeze(value);
    stack.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor) continue;
      if ("value" in descriptor) stack.push(descriptor.value);
      else stack.push(descriptor.get, descriptor.set);
    }
  }
}

/** Error stays extensible with a writable stackTraceLimit: engines' own code sets it (Node's
 * internal errors do) and reads it as a data property. Its other members are pinned. */
function lockErrorConstructor(): void {
  for (const key of Reflect.ownKeys(Error)) {
    if (key === "stackTraceLimit") continue;
    const descriptor = Object.getOwnPropertyDescriptor(Error, key)!;
    Object.defineProperty(Error, key, "value" in descriptor ? { writable: false, configurable: false } : { configurable: false });
  }
}

let intrinsicsLocked = false;

/** Freezes the ES intrinsics and makes code-from-strings inert (once per worker). */
export function lockDownIntrinsics(scope: typeof globalThis = globalThis): void {
  if (intrinsicsLocked) return;
  intrinsicsLocked = true;
  const global = scope as unknown as Record<string, unknown>;
  const proto = Object.getPrototypeOf as (value: unknown) => object;
  // Function, AsyncFunction, GeneratorFunction, AsyncGeneratorFunction: reachable from any
  // function as `.constructor`; each becomes a function that refuses, with the same prototype.
  const functionPrototypes = [() => {}, function* () {}, async () => {}, async function* () {}].map(proto);
  for (const functionPrototype of functionPrototypes) {
    const original = (functionPrototype as { constructor: { name: string } }).constructor;
    const inert = () => {
      throw new TypeError("code from strings is not allowed in the sandbox");
    };
    Object.defineProperty(inert, "name", { value: original.name });
    Object.defineProperty(inert, "prototype", { value: functionPrototype });
    Object.defineProperty(functionPrototype, "constructor", { value: inert });
    if (original.name === "Function") global.Function = inert;
  }
  global.eval = () => {
    throw new TypeError("code from strings is not allowed in the sandbox");
  };
  overridable(Object.prototype, "constructor");
  overridable(Object.prototype, "toString");
  overridable(Error.prototype, "toString");
  for (const name of ERROR_CONSTRUCTORS) {
    const ctor = global[name] as { prototype?: object } | undefined;
    if (!ctor?.prototype) continue;
    for (const prop of ["name", "message", "constructor"]) overridable(ctor.prototype, prop);
  }
  deepFreeze([
    ...ES_GLOBALS.map((name) => global[name]),
    ...functionPrototypes,
    // Prototypes reachable only through instances: iterators and %TypedArray%.
    proto([][Symbol.iterator]()),
    proto(new Map().entries()),
    proto(new Set().values()),
    proto(""[Symbol.iterator]()),
    proto(/x/[Symbol.matchAll]("")),
    proto(proto((async function* () {})())),
    proto(Uint8Array),
  ]);
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
      Object.defineProperty(target, key, {
        value: descriptor.value,
        writable: false,
        configurable: false,
        enumerable: descriptor.enumerable,
      });
    }
  }
}
