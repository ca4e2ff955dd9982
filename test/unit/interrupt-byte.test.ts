// The interrupt byte is shared by two threads: the page sets it to 2 (SIGINT) and Python, while it
// runs, reads it and clears it. Pyodide's reader does `result = buf[0]; buf[0] = 0` in two steps:
// a store that lands between them is wiped out, the Stop never reaches Python, and its worker is
// replaced (seen in CI as `while True: pass` losing its REPL under load). The reader used here is
// the one in the installed pyodide.asm.mjs, so these tests run the real code.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { raceFreeInterruptBuffer } from "../../src/worker/interrupt-byte.ts";

const SIGINT = 2;

/** Pyodide's `_Py_CheckEmscriptenSignals_Helper`, taken from the runtime the worker loads. */
function pyodideSignalReader(): (module: { Py_EmscriptenSignalBuffer: unknown }) => number {
  const root = dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));
  const source = readFileSync(join(root, "pyodide.asm.mjs"), "utf8");
  const match = /function _Py_CheckEmscriptenSignals_Helper\(\)\{([\s\S]*?)\}_Py_CheckEmscriptenSignals_Helper\.sig/.exec(source);
  if (!match) throw new Error("pyodide.asm.mjs has no _Py_CheckEmscriptenSignals_Helper: check the pinned version");
  return new Function("Module", match[1]!) as (module: { Py_EmscriptenSignalBuffer: unknown }) => number;
}

/** What Python sees as its signal buffer, with the page storing SIGINT right after each read. */
function withStoreAfterRead(seen: object, byte: Uint8Array): object {
  return new Proxy(seen, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === "0") Atomics.store(byte, 0, SIGINT);
      return value;
    },
    set: (target, key, value) => Reflect.set(target, key, value, target),
  });
}

describe("the interrupt byte", () => {
  const read = pyodideSignalReader();

  it("keeps a Stop that lands between Python's read and its clear: the next check takes it", () => {
    const byte = new Uint8Array(new SharedArrayBuffer(1));
    const module = { Py_EmscriptenSignalBuffer: withStoreAfterRead(raceFreeInterruptBuffer(byte), byte) };
    expect(read(module)).toBe(0); // read before the store
    expect(Atomics.load(byte, 0)).toBe(SIGINT); // the clear did not wipe it out
    module.Py_EmscriptenSignalBuffer = raceFreeInterruptBuffer(byte);
    expect(read(module)).toBe(SIGINT);
    expect(Atomics.load(byte, 0)).toBe(0);
    expect(read(module)).toBe(0);
  });

  it("is taken once and cleared when nothing races", () => {
    const byte = new Uint8Array(new SharedArrayBuffer(1));
    const module = { Py_EmscriptenSignalBuffer: raceFreeInterruptBuffer(byte) };
    expect(read(module)).toBe(0);
    Atomics.store(byte, 0, SIGINT);
    expect(read(module)).toBe(SIGINT);
    expect(Atomics.load(byte, 0)).toBe(0);
    expect(read(module)).toBe(0);
  });

  it("shows why it exists: Pyodide's reader on the plain byte loses that Stop", () => {
    const byte = new Uint8Array(new SharedArrayBuffer(1));
    const module = { Py_EmscriptenSignalBuffer: withStoreAfterRead(byte, byte) };
    expect(read(module)).toBe(0);
    expect(Atomics.load(byte, 0)).toBe(0); // lost: if Pyodide fixes this, the wrapper can go
  });
});
