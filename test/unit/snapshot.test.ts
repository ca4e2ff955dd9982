// Memory snapshots of the ready interpreter: the private Pyodide API they rest on (pinned), a
// round trip, the fallback to a normal load when a snapshot is corrupt or foreign, a reseeded
// `random` after each restore, and a container that boots from a bad cached snapshot.
import "fake-indexeddb/auto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadPyodide, type PyodideAPI } from "pyodide";
import { beforeAll, describe, expect, it } from "vitest";
import { configureSnapshots, configureWarmSpare, createContainer } from "code-exec-sandbox";
import { loadInterpreter, type Interpreter } from "../../src/worker/snapshot.ts";
import { PINNED_PYODIDE_VERSION, snapshotKey } from "../../src/shared/snapshot-key.ts";
import { openSnapshot, sealSnapshot } from "../../src/worker/snapshot-envelope.ts";

const pyodideDir = `${dirname(createRequire(import.meta.url).resolve("pyodide/package.json"))}/`;
const config = { indexURL: pyodideDir, packageIndexURL: null, snapshotKey: snapshotKey("unit") };
const PROBE =
  "import sys, os; repr((sorted(k for k in ('_sandbox', 'asyncio', 'zipfile', 'importlib.metadata') if k in sys.modules), sys.path, sys.getrecursionlimit(), sys.dont_write_bytecode))";

describe("the private Pyodide snapshot API (pinned: this fails when Pyodide changes it)", () => {
  it("is the pinned Pyodide build", () => {
    const installed = JSON.parse(readFileSync(`${pyodideDir}package.json`, "utf8")) as { version: string };
    expect(installed.version).toBe(PINNED_PYODIDE_VERSION);
  });

  it("_makeSnapshot + makeMemorySnapshot() + _loadSnapshot keep Python's heap", async () => {
    const maker = (await loadPyodide({ indexURL: pyodideDir, _makeSnapshot: true } as Parameters<typeof loadPyodide>[0])) as PyodideAPI & {
      makeMemorySnapshot: () => Uint8Array;
    };
    expect(typeof maker.makeMemorySnapshot).toBe("function");
    maker.runPython("import json\nkept = json.dumps({'a': 1})");
    const bytes = maker.makeMemorySnapshot();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.byteLength).toBeGreaterThan(1024 * 1024);
    const restored = await loadPyodide({ indexURL: pyodideDir, _loadSnapshot: bytes } as Parameters<typeof loadPyodide>[0]);
    expect(restored.runPython("kept")).toBe('{"a": 1}');
  });

  it("refuses to snapshot an interpreter that references a JS object", async () => {
    const maker = (await loadPyodide({ indexURL: pyodideDir, _makeSnapshot: true } as Parameters<typeof loadPyodide>[0])) as PyodideAPI & {
      makeMemorySnapshot: () => Uint8Array;
    };
    maker.runPython("import js\nheld = js.Object.new()");
    expect(() => maker.makeMemorySnapshot()).toThrow(/Can't serialize object/);
  });
});

describe("loadInterpreter", () => {
  let made: Interpreter;
  let plainProbe: string;
  beforeAll(async () => {
    made = await loadInterpreter({ ...config, makeSnapshot: true });
    plainProbe = made.pyodide.runPython(PROBE) as string;
  });

  it("makes a sealed snapshot after the prelude", () => {
    expect(made.info.snapshot).toBe("made");
    expect(made.info.fallbackReason).toBeUndefined();
    expect(made.made).toBeInstanceOf(Uint8Array);
    // The envelope leaves out the heap's zero pages: it is smaller than the image it opens to,
    // and sealing that image again gives the same bytes.
    const image = openSnapshot(config.snapshotKey, made.made!);
    expect(made.made!.byteLength).toBeLessThan(image.byteLength * 0.75);
    expect(Buffer.from(sealSnapshot(config.snapshotKey, image)).equals(Buffer.from(made.made!))).toBe(true);
    expect(plainProbe).toContain("'_sandbox'");
  });

  it("restores from it to the same Python state, in a usable filesystem", async () => {
    const restored = await loadInterpreter({ ...config, snapshot: made.made });
    expect(restored.info).toMatchObject({ snapshot: "restored" });
    expect(restored.info.fallbackReason).toBeUndefined();
    expect(restored.pyodide.runPython(PROBE)).toBe(plainProbe);
    // MEMFS is not in a snapshot: our module's file is written again.
    expect(restored.pyodide.FS.readFile("/opt/sandbox/_sandbox.py", { encoding: "utf8" })).toContain("def run_cell");
    expect(restored.pyodide.runPython("import _sandbox; _sandbox.REPL_NS['__name__']")).toBe("__main__");
  });

  it("reseeds random after each restore: two restores draw different numbers", async () => {
    const draw = "import random; repr([random.random() for _ in range(4)])";
    const [a, b] = await Promise.all([
      loadInterpreter({ ...config, snapshot: made.made }),
      loadInterpreter({ ...config, snapshot: made.made }),
    ]);
    expect(a.info.snapshot).toBe("restored");
    expect(b.info.snapshot).toBe("restored");
    expect(a.pyodide.runPython(draw)).not.toBe(b.pyodide.runPython(draw));
  });

  const corruptions: Array<[string, (sealed: Uint8Array) => Uint8Array, RegExp]> = [
    [
      "flipped bytes in the heap image",
      (s) => {
        const c = s.slice();
        for (let i = c.length >> 1; i < (c.length >> 1) + 64; i++) c[i] = c[i]! ^ 0xff;
        return c;
      },
      /checksum mismatch/,
    ],
    ["a truncated file", (s) => s.slice(0, s.length - 4096), /truncated/],
    ["a snapshot made for other code", (s) => sealSnapshot(snapshotKey("other code"), openSnapshot(config.snapshotKey, s)), /was made for/],
    ["random bytes", () => crypto.getRandomValues(new Uint8Array(65536)), /magic/],
    // Our envelope is sound, Pyodide's own header is not: Pyodide refuses it and we load normally.
    [
      "a sound envelope around a bad Pyodide image",
      (s) => {
        const inner = openSnapshot(config.snapshotKey, s).slice();
        inner.fill(0, 0, 64);
        return sealSnapshot(config.snapshotKey, inner);
      },
      /snapshot not used/,
    ],
  ];
  it("skips only the checksum for a snapshot from the host's cache of checked ones", () => {
    const flipped = made.made!.slice();
    flipped[flipped.length >> 1] ^= 0xff;
    expect(() => openSnapshot(config.snapshotKey, flipped)).toThrow(/checksum mismatch/);
    const image = openSnapshot(config.snapshotKey, made.made!);
    expect(openSnapshot(config.snapshotKey, flipped, { verifyChecksum: false }).byteLength).toBe(image.byteLength);
    expect(() => openSnapshot(config.snapshotKey, flipped.slice(0, -4096), { verifyChecksum: false })).toThrow(/truncated/);
    expect(() => openSnapshot(snapshotKey("other code"), flipped, { verifyChecksum: false })).toThrow(/was made for/);
  });

  it("restores a cached snapshot without recomputing its checksum", async () => {
    const restored = await loadInterpreter({ ...config, snapshot: made.made, snapshotVerified: true });
    expect(restored.info).toMatchObject({ snapshot: "restored" });
    expect(restored.pyodide.runPython(PROBE)).toBe(plainProbe);
  });

  for (const [name, corrupt, reason] of corruptions) {
    it(`falls back to a normal load on ${name}, and still runs code`, async () => {
      const loaded = await loadInterpreter({ ...config, snapshot: corrupt(made.made!), makeSnapshot: true });
      expect(loaded.info.snapshot).toBe("made");
      expect(loaded.info.fallbackReason).toMatch(reason);
      expect(loaded.pyodide.runPython(PROBE)).toBe(plainProbe);
      expect(loaded.pyodide.runPython("sum(range(10))")).toBe(45);
    });
  }
});

describe("a container", () => {
  it("boots from a corrupt cached snapshot by loading normally, then caches a good one", async () => {
    configureWarmSpare(false);
    const directory = mkdtempSync(join(tmpdir(), "snapshot-test-"));
    configureSnapshots({ directory });
    writeFileSync(join(directory, `${snapshotKey("node")}.snapshot`), crypto.getRandomValues(new Uint8Array(65536)));
    const first = await createContainer();
    expect(first.bootInfo).toMatchObject({ snapshot: "made", fromSpare: false });
    expect(first.bootInfo?.fallbackReason).toMatch(/snapshot not used/);
    const ran = await first.execute({
      type: "server_tool_use",
      id: "srvtoolu_s1",
      name: "bash_code_execution",
      input: { command: "python3 -c 'print(6*7)'" },
    });
    expect(ran.content).toMatchObject({ stdout: "42\n", return_code: 0 });
    await first.close();

    const second = await createContainer();
    expect(second.bootInfo).toMatchObject({ snapshot: "restored", fromSpare: false });
    const again = await second.execute({
      type: "server_tool_use",
      id: "srvtoolu_s2",
      name: "code_execution",
      input: { code: "import os; os.getcwd()" },
    });
    expect(again.content).toMatchObject({ stdout: "'/workspace'\n", return_code: 0 });
    await second.close();
    rmSync(directory, { recursive: true, force: true });
  });
});
