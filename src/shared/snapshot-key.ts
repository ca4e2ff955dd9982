// The key a memory snapshot is sealed with, and the file name the shipped one has. Both sides
// need it: the page caches and fetches snapshots under it, the worker seals and checks them
// (src/worker/snapshot.ts, scripts/make-snapshot.mjs). It must stay byte-for-byte the same for
// the same Pyodide build and Python code, or every cached and shipped snapshot is refused.
import { SANDBOX_MODULE_NAME, SANDBOX_PY } from "./sandbox-py.ts";

/** The exact Pyodide build the snapshot code was written and tested against. */
export const PINNED_PYODIDE_VERSION = "314.0.7";
/** Bumped whenever the envelope or what goes into a snapshot changes. */
const SNAPSHOT_FORMAT = 2;
export const SANDBOX_MODULE_DIR = "/opt/sandbox";

/**
 * Pure-Python set-up that goes into the snapshot. It must not touch JS objects. Running it again
 * on a restored interpreter is harmless (the path is added once, imports are cached).
 */
export const SNAPSHOT_PRELUDE = `
import sys
if ${JSON.stringify(SANDBOX_MODULE_DIR)} not in sys.path:
    sys.path.append(${JSON.stringify(SANDBOX_MODULE_DIR)})
sys.setrecursionlimit(800)
sys.dont_write_bytecode = True
import ast, asyncio, builtins, io, json, linecache, os, random, sysconfig, traceback, types, zipfile
import importlib, importlib.metadata
import ${SANDBOX_MODULE_NAME}
sysconfig.get_paths()  # computes and caches the config vars the runtime asks for at boot
`;

/** 32-bit FNV-1a of a string: a cache key component, not a security measure. */
export function hashText(text: string, seed = 0x811c9dc5): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * What a snapshot depends on: the Pyodide build and our own Python that it holds. The host may
 * append a hash of the worker's code (browsers do).
 */
export function snapshotKey(extra = ""): string {
  const ours = hashText(`${SNAPSHOT_FORMAT}\n${SNAPSHOT_PRELUDE}\n${SANDBOX_PY}`) + hashText(SANDBOX_PY, 0x12345678);
  return `pyodide-${PINNED_PYODIDE_VERSION}-f${SNAPSHOT_FORMAT}-${ours}${extra ? `-${hashText(extra)}` : ""}`;
}

/**
 * The key of the snapshot made at build time (scripts/make-snapshot.mjs, in Node) and shipped next
 * to Pyodide's files: it depends only on the Pyodide build and our Python, which is all it holds.
 */
export function shippedSnapshotKey(): string {
  return snapshotKey("shipped");
}

/** The file name the build gives the shipped snapshot, next to pyodide.asm.wasm. */
export function shippedSnapshotFile(): string {
  return `${shippedSnapshotKey()}.snapshot`;
}
