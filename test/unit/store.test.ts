// ContainerStore over fake-indexeddb. Every test uses its own database name, so tests cannot see
// each other's records; "raw" helpers read the database behind the store's back (through
// idb-keyval, with the key layout documented in src/store/keys.ts) to prove what is and is not stored.
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createStore, get as rawGet, keys as rawKeys, setMany as rawSetMany, type UseStore } from "idb-keyval";
import {
  CONTAINER_ID_PATTERN,
  CONTAINER_TTL_MS,
  ContainerExpiredError,
  ContainerNotFoundError,
  ContainerStore,
  DEFAULT_DB_NAME,
  OBJECT_STORE_NAME,
  SCHEMA_VERSION,
  type ContainerMeta,
  type FileChanges,
  type StoredFile,
  type StoredOutput,
} from "../../src/store/index.ts";
import { checksum } from "../../src/store/checksum.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const MODE_FILE = 0o100644;

let dbCounter = 0;
function freshDbName(): string {
  dbCounter += 1;
  return `store-test-${dbCounter}-${Math.random().toString(36).slice(2)}`;
}

/** A clock the test moves by hand. */
class Clock {
  constructor(public t: number = T0) {}
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Ids chosen by the test, handed out in order. */
function idsInOrder(...ids: string[]): () => string {
  let i = 0;
  return () => {
    const id = ids[i];
    i += 1;
    if (id === undefined) throw new Error("test ran out of ids");
    return id;
  };
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (s: string): Uint8Array => enc.encode(s);
const text = (f: StoredFile | StoredOutput | undefined): string => {
  if (f === undefined) throw new Error("missing record");
  return dec.decode(f.data);
};
const file = (content: string, mtime = T0, mode = MODE_FILE): StoredFile => ({ data: bytes(content), mode, mtime });

function changes(put: Record<string, StoredFile> = {}, del: string[] = []): FileChanges {
  return { put: new Map(Object.entries(put)), delete: del };
}

function rawStore(dbName: string): UseStore {
  return createStore(dbName, OBJECT_STORE_NAME);
}

/** Every key in the database, for asserting exactly what is stored. */
async function allKeys(dbName: string): Promise<IDBValidKey[]> {
  return rawKeys(rawStore(dbName));
}

/** Keys that mention `id` as an element (metadata, files, sizes, output index entries). */
async function keysOf(dbName: string, id: string): Promise<IDBValidKey[]> {
  return (await allKeys(dbName)).filter((k) => Array.isArray(k) && k.includes(id));
}

function textsOf(files: Map<string, StoredFile>): Record<string, string> {
  return Object.fromEntries([...files].map(([path, f]) => [path, text(f)]));
}

function output(fileId: string, containerId: string, content: string, name = "out.txt"): StoredOutput {
  return { file_id: fileId, container_id: containerId, name, data: bytes(content), created_at: new Date(T0).toISOString() };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ContainerStore: schema", () => {
  it("records schema version 1 on first use and migrates only once", async () => {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName });
    expect(await store.ready()).toEqual({ from: 0, to: 1 });
    expect(SCHEMA_VERSION).toBe(1);
    expect(await rawGet(["schema"], rawStore(dbName))).toEqual({ version: 1 });
    expect(await allKeys(dbName)).toEqual([["schema"]]);
    // A second instance (another tab, a fresh process) finds the database current.
    expect(await new ContainerStore({ dbName }).ready()).toEqual({ from: 1, to: 1 });
  });

  it("uses the documented defaults", () => {
    const store = new ContainerStore();
    expect(store.dbName).toBe("code-exec-sandbox");
    expect(DEFAULT_DB_NAME).toBe("code-exec-sandbox");
    expect(store.ttlMs).toBe(30 * DAY_MS);
    expect(CONTAINER_TTL_MS).toBe(2_592_000_000);
  });

  it("stores records under the versioned key scheme", async () => {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName, now: new Clock().now, newId: idsInOrder("container_k") });
    await store.createContainer();
    await store.applyChanges("container_k", changes({ "/workspace/a.txt": file("abc") }));
    await store.putOutput(output("file_1", "container_k", "out"));
    expect(await allKeys(dbName)).toEqual([
      ["schema"],
      ["v1", "file", "container_k", "/workspace/a.txt"],
      ["v1", "meta", "container_k"],
      ["v1", "out", "file_1"],
      ["v1", "outidx", "container_k", "file_1"],
      ["v1", "size", "container_k", "/workspace/a.txt"],
    ]);
    expect(await rawGet(["v1", "size", "container_k", "/workspace/a.txt"], rawStore(dbName))).toBe(3);
  });
});

describe("ContainerStore: checksums and damaged records", () => {
  async function withFiles() {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName, now: new Clock().now, newId: idsInOrder("container_c") });
    await store.createContainer();
    await store.applyChanges("container_c", changes({ "/workspace/a.txt": file("alpha"), "/workspace/b.txt": file("beta") }));
    return { dbName, store, raw: rawStore(dbName), key: (path: string) => ["v1", "file", "container_c", path] };
  }

  it("writes the xxHash32 of the bytes with every file record", async () => {
    const { store, raw, key } = await withFiles();
    await store.applyChanges(
      "container_c",
      changes({ "/workspace/abc": file("abc"), "/workspace/long": file("Nobody inspects the spammish repetition") }),
    );
    // Published xxHash32 test vectors (seed 0): the short path and the 16-byte stripe path.
    expect(await rawGet(key("/workspace/abc"), raw)).toEqual({ ...file("abc"), checksum: 0x32d153ff });
    expect(await rawGet(key("/workspace/long"), raw)).toEqual({ ...file("Nobody inspects the spammish repetition"), checksum: 0xe2293b2f });
    expect(checksum(new Uint8Array(0))).toBe(0x02cc5d05);
    // Views that do not start on a 4-byte boundary hash the same bytes the same way.
    expect(checksum(bytes("xyNobody inspects the spammish repetition").subarray(2))).toBe(0xe2293b2f);
  });

  it("opens records stored before checksums existed (no checksum field) as they are", async () => {
    const { store, raw, key } = await withFiles();
    await rawSetMany([[key("/workspace/old.txt"), file("from an older build")]], raw);
    const damaged: unknown[] = [];
    const files = await store.loadFiles("container_c", (d) => damaged.push(d));
    expect(textsOf(files)).toEqual({
      "/workspace/a.txt": "alpha",
      "/workspace/b.txt": "beta",
      "/workspace/old.txt": "from an older build",
    });
    expect(damaged).toEqual([]);
  });

  it("leaves out damaged records, names each with its reason, and loads the rest", async () => {
    const { store, raw, key } = await withFiles();
    const good = (await rawGet(key("/workspace/b.txt"), raw)) as StoredFile & { checksum: number };
    await rawSetMany(
      [
        [key("/workspace/a.txt"), { ...good, data: bytes("alph") }],
        [key("/workspace/nodata"), { mode: MODE_FILE, mtime: T0 }],
        [key("/workspace/nomode"), { data: bytes("x"), mtime: T0 }],
        [key("/workspace/null"), null],
      ],
      raw,
    );
    const damaged: unknown[] = [];
    const files = await store.loadFiles("container_c", (d) => damaged.push(d));
    expect(textsOf(files)).toEqual({ "/workspace/b.txt": "beta" });
    expect(damaged).toEqual([
      { path: "/workspace/a.txt", reason: "its 4 stored bytes do not match the record's checksum (truncated or altered)" },
      { path: "/workspace/nodata", reason: "the record has no file contents" },
      { path: "/workspace/nomode", reason: "the record has no valid mode or modification time" },
      { path: "/workspace/null", reason: "the record is not a file record" },
    ]);
    // Without a listener the damaged ones are still left out, never thrown.
    expect([...(await store.loadFiles("container_c")).keys()]).toEqual(["/workspace/b.txt"]);
  });
});

describe("ContainerStore: migration from the legacy v0 layout", () => {
  // v0 (hypothetical, see src/store/migrate.ts): no ["schema"] record and no "v1" prefix.
  async function seedV0(dbName: string): Promise<{ meta: ContainerMeta; big: Uint8Array }> {
    const meta: ContainerMeta = {
      id: "container_legacy",
      created_at: new Date(T0).toISOString(),
      expires_at: new Date(T0 + 30 * DAY_MS).toISOString(),
    };
    const big = new Uint8Array(256 * 1024).map((_, i) => (i * 7) & 0xff);
    await rawSetMany(
      [
        [["meta", meta.id], meta],
        [["file", meta.id, "/workspace/a.txt"], file("alpha", T0 + 1, 0o100600)],
        [["file", meta.id, "/workspace/a/b"], file("beta", T0 + 2)],
        [["file", meta.id, "/workspace/big.bin"], { data: big, mode: MODE_FILE, mtime: T0 + 3 }],
        [["out", "file_legacy"], output("file_legacy", meta.id, "legacy output", "report.csv")],
      ],
      rawStore(dbName),
    );
    return { meta, big };
  }

  it("moves every v0 record to v1 without loss and removes the v0 keys", async () => {
    const dbName = freshDbName();
    const { meta, big } = await seedV0(dbName);
    const store = new ContainerStore({ dbName, now: new Clock(T0 + DAY_MS).now });

    expect(await store.ready()).toEqual({ from: 0, to: 1 });
    expect(await store.openContainer(meta.id)).toEqual(meta);
    expect(await store.listContainers()).toEqual([meta]);
    const files = await store.loadFiles(meta.id);
    expect([...files.keys()].sort()).toEqual(["/workspace/a.txt", "/workspace/a/b", "/workspace/big.bin"]);
    expect(files.get("/workspace/a.txt")).toEqual(file("alpha", T0 + 1, 0o100600));
    expect(files.get("/workspace/a/b")).toEqual(file("beta", T0 + 2));
    expect(files.get("/workspace/big.bin")).toEqual({ data: big, mode: MODE_FILE, mtime: T0 + 3 });
    expect(await store.getOutput("file_legacy")).toEqual(output("file_legacy", meta.id, "legacy output", "report.csv"));
    expect(await store.diskUsage(meta.id)).toBe(5 + 4 + big.byteLength);

    expect(await allKeys(dbName)).toEqual([
      ["schema"],
      ["v1", "file", meta.id, "/workspace/a.txt"],
      ["v1", "file", meta.id, "/workspace/a/b"],
      ["v1", "file", meta.id, "/workspace/big.bin"],
      ["v1", "meta", meta.id],
      ["v1", "out", "file_legacy"],
      ["v1", "outidx", meta.id, "file_legacy"],
      ["v1", "size", meta.id, "/workspace/a.txt"],
      ["v1", "size", meta.id, "/workspace/a/b"],
      ["v1", "size", meta.id, "/workspace/big.bin"],
    ]);
    expect(await rawGet(["schema"], rawStore(dbName))).toEqual({ version: 1 });

    // The migrated output index is complete: deleting the container removes its output too.
    await store.deleteContainer(meta.id);
    expect(await store.getOutput("file_legacy")).toBeUndefined();
    expect(await allKeys(dbName)).toEqual([["schema"]]);
  });

  it("is all or nothing: a migration that fails halfway leaves the v0 data untouched", async () => {
    const dbName = freshDbName();
    await seedV0(dbName);
    // A corrupt v0 file key (no path element) makes the v1 put throw partway through the move.
    await rawSetMany([[["file", "container_legacy"], file("broken")]], rawStore(dbName));
    const before = await allKeys(dbName);

    const store = new ContainerStore({ dbName });
    await expect(store.ready()).rejects.toThrow();
    await expect(store.listContainers()).rejects.toThrow();
    expect(await allKeys(dbName)).toEqual(before);
    expect(before.some((k) => Array.isArray(k) && k[0] === "v1")).toBe(false);
  });

  it("refuses a database written by a newer schema and changes nothing", async () => {
    const dbName = freshDbName();
    await rawSetMany(
      [
        [["schema"], { version: 2 }],
        [["v2", "whatever"], 1],
      ],
      rawStore(dbName),
    );
    const store = new ContainerStore({ dbName });
    await expect(store.ready()).rejects.toThrow(
      "The sandbox's IndexedDB data uses schema version 2, written by a newer version of this app; " +
        "this version understands up to 1. Nothing was changed; use the newer app to open these containers.",
    );
    await expect(store.createContainer()).rejects.toThrow("schema version 2");
    expect(await allKeys(dbName)).toEqual([["schema"], ["v2", "whatever"]]);
  });
});

describe("ContainerStore: containers", () => {
  it("creates containers with hosted-style ids and a 30-day expiry", async () => {
    const clock = new Clock(Date.parse("2026-03-04T05:06:07.089Z"));
    const store = new ContainerStore({ dbName: freshDbName(), now: clock.now });
    const meta = await store.createContainer();
    expect(Object.keys(meta).sort()).toEqual(["created_at", "expires_at", "id"]);
    expect(meta.id).toMatch(/^container_[0-9A-Za-z]{24}$/);
    expect(meta.id).toMatch(CONTAINER_ID_PATTERN);
    expect(meta.created_at).toBe("2026-03-04T05:06:07.089Z");
    expect(meta.expires_at).toBe("2026-04-03T05:06:07.089Z");
    expect(Date.parse(meta.expires_at) - Date.parse(meta.created_at)).toBe(store.ttlMs);
  });

  it("generates distinct random ids", async () => {
    const store = new ContainerStore({ dbName: freshDbName() });
    const ids = new Set<string>();
    for (let i = 0; i < 50; i += 1) ids.add((await store.createContainer()).id);
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(CONTAINER_ID_PATTERN);
  });

  it("reopens a container by id, also from a new instance on the same database", async () => {
    const dbName = freshDbName();
    const clock = new Clock();
    const meta = await new ContainerStore({ dbName, now: clock.now }).createContainer();
    clock.advance(DAY_MS);
    const reopened = new ContainerStore({ dbName, now: clock.now });
    expect(await reopened.openContainer(meta.id)).toEqual(meta);
  });

  it("throws ContainerNotFoundError for an unknown id and does not create it", async () => {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName });
    const id = "container_doesNotExist000000000";
    const error = await store.openContainer(id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContainerNotFoundError);
    expect(error).toBeInstanceOf(Error);
    const err = error as ContainerNotFoundError;
    expect(err.name).toBe("ContainerNotFoundError");
    expect(err.containerId).toBe(id);
    expect(err.message).toBe(
      `Unknown container id "${id}": no container with this id exists in this browser's store ` +
        `(it was never created here, or it was deleted or purged). ` +
        `Call listContainers() to see the containers that can be reopened, or create a new container.`,
    );
    expect(await store.listContainers()).toEqual([]);
    expect(await allKeys(dbName)).toEqual([["schema"]]);
  });

  it("expires a container 30 days after creation, hides it from the list and purges it with its files and outputs", async () => {
    const dbName = freshDbName();
    const clock = new Clock();
    const store = new ContainerStore({ dbName, now: clock.now, newId: idsInOrder("container_old", "container_new") });
    const old = await store.createContainer();
    await store.applyChanges(old.id, changes({ "/workspace/a.txt": file("a"), "/workspace/d/b": file("b") }));
    await store.putOutput(output("file_old", old.id, "old output"));
    clock.advance(DAY_MS);
    const young = await store.createContainer();
    await store.applyChanges(young.id, changes({ "/workspace/a.txt": file("young") }));
    await store.putOutput(output("file_new", young.id, "new output"));

    clock.t = T0 + 30 * DAY_MS - 1;
    expect(await store.openContainer(old.id)).toEqual(old);
    expect(await store.purgeExpired()).toBe(0);

    clock.t = T0 + 30 * DAY_MS; // the expires_at instant itself is already expired
    await expect(store.openContainer(old.id)).rejects.toBeInstanceOf(ContainerExpiredError);

    clock.t = T0 + 30 * DAY_MS + 1;
    const error = (await store.openContainer(old.id).catch((e: unknown) => e)) as ContainerExpiredError;
    expect(error).toBeInstanceOf(ContainerExpiredError);
    expect(error.name).toBe("ContainerExpiredError");
    expect(error.containerId).toBe("container_old");
    expect(error.expiresAt).toBe("2026-01-31T00:00:00.000Z");
    expect(error.message).toBe(
      'Container "container_old" expired at 2026-01-31T00:00:00.000Z (containers last 30 days after creation) ' +
        "and can no longer be reopened. Create a new container instead.",
    );
    expect(await store.listContainers()).toEqual([young]);
    // Expired but not yet purged: the data is still there.
    expect((await keysOf(dbName, old.id)).length).toBe(6);

    expect(await store.purgeExpired()).toBe(1);
    expect(await keysOf(dbName, old.id)).toEqual([]);
    expect(await store.getOutput("file_old")).toBeUndefined();
    await expect(store.openContainer(old.id)).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(store.loadFiles(old.id)).rejects.toBeInstanceOf(ContainerNotFoundError);
    // The unexpired container is untouched.
    expect(await store.openContainer(young.id)).toEqual(young);
    expect(textsOf(await store.loadFiles(young.id))).toEqual({ "/workspace/a.txt": "young" });
    expect(text(await store.getOutput("file_new"))).toBe("new output");
    expect(await store.purgeExpired()).toBe(0);

    clock.t = T0 + 31 * DAY_MS;
    expect(await store.listContainers()).toEqual([]);
    expect(await store.purgeExpired()).toBe(1);
    expect(await allKeys(dbName)).toEqual([["schema"]]);
  });

  it("lists unexpired containers newest first", async () => {
    const clock = new Clock();
    const store = new ContainerStore({
      dbName: freshDbName(),
      now: clock.now,
      newId: idsInOrder("container_m", "container_z", "container_a", "container_b"),
    });
    const m = await store.createContainer();
    clock.advance(1000);
    const z = await store.createContainer();
    clock.advance(1);
    const a = await store.createContainer();
    const b = await store.createContainer(); // same instant as a: ties ordered by id
    expect(await store.listContainers()).toEqual([a, b, z, m]);
    await store.deleteContainer(z.id);
    expect(await store.listContainers()).toEqual([a, b, m]);
  });

  it("deleteContainer removes metadata, files and outputs; an unknown id is a no-op", async () => {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName, newId: idsInOrder("container_x", "container_y") });
    const x = await store.createContainer();
    const y = await store.createContainer();
    await store.applyChanges(x.id, changes({ "/workspace/1": file("1"), "/workspace/2": file("22") }));
    await store.applyChanges(y.id, changes({ "/workspace/1": file("y1") }));
    await store.putOutput(output("file_x1", x.id, "x1"));
    await store.putOutput(output("file_x2", x.id, "x2"));
    await store.putOutput(output("file_y1", y.id, "y1"));

    await store.deleteContainer(x.id);
    expect(await keysOf(dbName, x.id)).toEqual([]);
    expect(await store.getOutput("file_x1")).toBeUndefined();
    expect(await store.getOutput("file_x2")).toBeUndefined();
    await expect(store.openContainer(x.id)).rejects.toBeInstanceOf(ContainerNotFoundError);
    expect(await store.listContainers()).toEqual([y]);
    expect(textsOf(await store.loadFiles(y.id))).toEqual({ "/workspace/1": "y1" });
    expect(text(await store.getOutput("file_y1"))).toBe("y1");

    const before = await allKeys(dbName);
    await expect(store.deleteContainer("container_nope")).resolves.toBeUndefined();
    await expect(store.deleteContainer(x.id)).resolves.toBeUndefined();
    expect(await allKeys(dbName)).toEqual(before);
  });
});

describe("ContainerStore: files", () => {
  async function withContainer(id = "container_f"): Promise<{ store: ContainerStore; dbName: string; id: string }> {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName, now: new Clock().now, newId: idsInOrder(id) });
    await store.createContainer();
    return { store, dbName, id };
  }

  it("round-trips files with their bytes, mode and mtime", async () => {
    const { store, id } = await withContainer();
    const binary = new Uint8Array(256).map((_, i) => 255 - i);
    await store.applyChanges(
      id,
      changes({
        "/workspace/a.txt": file("hello\n", T0 + 5, 0o100644),
        "/workspace/run.sh": file("#!/bin/sh\n", T0 + 6, 0o100755),
        "/workspace/empty": file("", T0 + 7),
        "/workspace/bin/all-bytes": { data: binary, mode: 0o100600, mtime: T0 + 8 },
        "/workspace/ünïcode name.txt": file("ü", T0 + 9),
      }),
    );
    const files = await store.loadFiles(id);
    expect(files).toBeInstanceOf(Map);
    expect(files).toEqual(
      new Map<string, StoredFile>([
        ["/workspace/a.txt", file("hello\n", T0 + 5, 0o100644)],
        ["/workspace/bin/all-bytes", { data: binary, mode: 0o100600, mtime: T0 + 8 }],
        ["/workspace/empty", file("", T0 + 7)],
        ["/workspace/run.sh", file("#!/bin/sh\n", T0 + 6, 0o100755)],
        ["/workspace/ünïcode name.txt", file("ü", T0 + 9)],
      ]),
    );
    const restored = files.get("/workspace/bin/all-bytes");
    expect(restored?.data).toBeInstanceOf(Uint8Array);
    expect(Object.keys(restored ?? {}).sort()).toEqual(["data", "mode", "mtime"]);
  });

  it("a container with no files loads as an empty Map", async () => {
    const { store, id } = await withContainer();
    expect(await store.loadFiles(id)).toEqual(new Map());
    expect(await store.diskUsage(id)).toBe(0);
  });

  it("overwrites, deletes files, and deletes a directory's whole subtree but not its look-alike siblings", async () => {
    const { store, id } = await withContainer();
    await store.applyChanges(
      id,
      changes({
        "/workspace/a": file("a-file"),
        "/workspace/a.txt": file("a.txt"),
        "/workspace/ab": file("ab"),
        "/workspace/a0": file("a0"),
        "/workspace/d/x": file("dx"),
        "/workspace/d/sub/y": file("dsy"),
        "/workspace/d/sub/deeper/z": file("dsdz"),
        "/workspace/d.bak/x": file("d.bak"),
        "/workspace/d0": file("d0"),
        "/workspace/dd/x": file("ddx"),
        "/workspace/keep": file("keep"),
      }),
    );
    await store.applyChanges(id, changes({ "/workspace/keep": file("kept, v2", T0 + 1) }, ["/workspace/a", "/workspace/d"]));
    expect(textsOf(await store.loadFiles(id))).toEqual({
      "/workspace/a.txt": "a.txt",
      "/workspace/ab": "ab",
      "/workspace/a0": "a0",
      "/workspace/d.bak/x": "d.bak",
      "/workspace/d0": "d0",
      "/workspace/dd/x": "ddx",
      "/workspace/keep": "kept, v2",
    });
    expect((await store.loadFiles(id)).get("/workspace/keep")?.mtime).toBe(T0 + 1);
    // A trailing slash names the same directory.
    await store.applyChanges(id, changes({}, ["/workspace/dd/"]));
    expect(Object.keys(textsOf(await store.loadFiles(id))).sort()).toEqual([
      "/workspace/a.txt",
      "/workspace/a0",
      "/workspace/ab",
      "/workspace/d.bak/x",
      "/workspace/d0",
      "/workspace/keep",
    ]);
    // Deleting a path that holds nothing is fine.
    await store.applyChanges(id, changes({}, ["/workspace/never-existed"]));
    expect((await store.loadFiles(id)).size).toBe(6);
    // Deleting "/" empties the container but keeps it.
    await store.applyChanges(id, changes({}, ["/"]));
    expect(await store.loadFiles(id)).toEqual(new Map());
    expect(await store.diskUsage(id)).toBe(0);
    expect((await store.openContainer(id)).id).toBe(id);
  });

  it("applies deletions before puts, so a re-created directory keeps its new files (a rename too)", async () => {
    const { store, id } = await withContainer();
    await store.applyChanges(id, changes({ "/workspace/d/old": file("old"), "/workspace/src.txt": file("moved") }));
    await store.applyChanges(
      id,
      changes({ "/workspace/d/new": file("new"), "/workspace/dst.txt": file("moved") }, ["/workspace/d", "/workspace/src.txt"]),
    );
    expect(textsOf(await store.loadFiles(id))).toEqual({ "/workspace/d/new": "new", "/workspace/dst.txt": "moved" });
  });

  it("writes all changes of a call in exactly one readwrite transaction", async () => {
    const { store, id } = await withContainer();
    const tx = vi.spyOn(IDBDatabase.prototype, "transaction");
    await store.applyChanges(
      id,
      changes({ "/workspace/1": file("1"), "/workspace/2": file("2"), "/workspace/3": file("3") }, ["/workspace/old"]),
    );
    expect(tx).toHaveBeenCalledTimes(1);
    expect(tx.mock.calls[0]?.[1]).toBe("readwrite");
  });

  it("opens no transaction at all for empty changes, even before first use", async () => {
    const dbName = freshDbName();
    const tx = vi.spyOn(IDBDatabase.prototype, "transaction");
    const open = vi.spyOn(IDBFactory.prototype, "open");
    const store = new ContainerStore({ dbName });
    await expect(store.applyChanges("container_any", changes())).resolves.toBeUndefined();
    expect(tx).not.toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();

    const { store: used, id } = await withContainer();
    tx.mockClear();
    await used.applyChanges(id, { put: new Map(), delete: [] });
    expect(tx).not.toHaveBeenCalled();
  });

  it("loads one container with one readonly transaction and range requests bounded to its own keys", async () => {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName, newId: idsInOrder("container_a", "container_b", "container_c") });
    for (const id of ["container_a", "container_b", "container_c"]) {
      await store.createContainer();
      await store.applyChanges(id, changes({ [`/workspace/${id}`]: file(id), "/workspace/shared": file(id) }));
    }
    const tx = vi.spyOn(IDBDatabase.prototype, "transaction");
    const getAll = vi.spyOn(IDBObjectStore.prototype, "getAll");
    const getAllKeys = vi.spyOn(IDBObjectStore.prototype, "getAllKeys");
    const openCursor = vi.spyOn(IDBObjectStore.prototype, "openCursor");
    const openKeyCursor = vi.spyOn(IDBObjectStore.prototype, "openKeyCursor");

    const files = await store.loadFiles("container_b");
    expect(textsOf(files)).toEqual({ "/workspace/container_b": "container_b", "/workspace/shared": "container_b" });

    expect(tx).toHaveBeenCalledTimes(1);
    expect(tx.mock.calls[0]?.[1]).toBe("readonly");
    expect(openCursor).not.toHaveBeenCalled();
    expect(openKeyCursor).not.toHaveBeenCalled();
    for (const spy of [getAll, getAllKeys]) {
      expect(spy).toHaveBeenCalledTimes(1);
      const range = spy.mock.calls[0]?.[0];
      expect(range).toBeInstanceOf(IDBKeyRange);
      const { lower, upper } = range as IDBKeyRange;
      expect(lower).toEqual(["v1", "file", "container_b"]);
      expect(upper).toEqual(["v1", "file", "container_b", []]);
    }
  });

  it("falls back to a cursor over the same range when the batch read fails (Chromium's IPC size limit)", async () => {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName, newId: idsInOrder("container_a", "container_ab") });
    for (const id of ["container_a", "container_ab"]) {
      await store.createContainer();
      await store.applyChanges(id, changes({ "/workspace/x": file(`${id}:x`), "/workspace/x/y": file(`${id}:y`) }));
    }
    const getAll = vi.spyOn(IDBObjectStore.prototype, "getAll").mockImplementation(() => {
      throw new DOMException("Maximum IPC message size exceeded.", "UnknownError");
    });
    const openCursor = vi.spyOn(IDBObjectStore.prototype, "openCursor");

    const files = await store.loadFiles("container_a");
    expect(files).toEqual(
      new Map([
        ["/workspace/x", file("container_a:x")],
        ["/workspace/x/y", file("container_a:y")],
      ]),
    );
    expect(getAll).toHaveBeenCalledTimes(1);
    expect(openCursor).toHaveBeenCalledTimes(1);
    const { lower, upper } = openCursor.mock.calls[0]![0] as IDBKeyRange;
    expect(lower).toEqual(["v1", "file", "container_a"]);
    expect(upper).toEqual(["v1", "file", "container_a", []]);

    // An unknown container is still reported as such, not hidden by the fallback.
    await expect(store.loadFiles("container_zz")).rejects.toBeInstanceOf(ContainerNotFoundError);
  });

  it("keeps containers apart when ids and paths are prefixes of each other", async () => {
    const dbName = freshDbName();
    const ids = ["container_ab", "container_abc", "container_abcd", "container_a"];
    const store = new ContainerStore({ dbName, newId: idsInOrder(...ids) });
    for (const id of ids) {
      await store.createContainer();
      await store.applyChanges(
        id,
        changes({
          "/workspace/a": file(`${id}:a`),
          "/workspace/a.txt": file(`${id}:a.txt`),
          "/workspace/a/b": file(`${id}:a/b`),
          [`/workspace/only-${id}`]: file(`${id}`),
        }),
      );
      await store.putOutput(output(`file_${id}`, id, `${id}:out`));
    }
    for (const id of ids) {
      expect(textsOf(await store.loadFiles(id))).toEqual({
        "/workspace/a": `${id}:a`,
        "/workspace/a.txt": `${id}:a.txt`,
        "/workspace/a/b": `${id}:a/b`,
        [`/workspace/only-${id}`]: id,
      });
      expect(await store.diskUsage(id)).toBe(4 * id.length + 2 + 6 + 4);
    }

    // Deleting the file "/workspace/a" and the directory "/workspace/a" in one container only.
    await store.applyChanges("container_abc", changes({}, ["/workspace/a"]));
    expect(textsOf(await store.loadFiles("container_abc"))).toEqual({
      "/workspace/a.txt": "container_abc:a.txt",
      "/workspace/only-container_abc": "container_abc",
    });
    for (const id of ["container_ab", "container_abcd", "container_a"]) {
      expect((await store.loadFiles(id)).size).toBe(4);
    }

    await store.deleteContainer("container_ab");
    expect(await keysOf(dbName, "container_ab")).toEqual([]);
    expect(await store.getOutput("file_container_ab")).toBeUndefined();
    for (const id of ["container_abc", "container_abcd", "container_a"]) {
      expect((await store.openContainer(id)).id).toBe(id);
      expect(text(await store.getOutput(`file_${id}`))).toBe(`${id}:out`);
    }
    expect((await store.loadFiles("container_abcd")).size).toBe(4);
    expect((await store.loadFiles("container_a")).size).toBe(4);
    expect((await store.listContainers()).map((m) => m.id).sort()).toEqual(["container_a", "container_abc", "container_abcd"]);
  });

  it("rejects writes to an unknown (or deleted) container and stores nothing", async () => {
    const { store, dbName, id } = await withContainer();
    const error = await store.applyChanges("container_ghost", changes({ "/workspace/a": file("a") })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerNotFoundError);
    expect((error as ContainerNotFoundError).containerId).toBe("container_ghost");
    expect(await keysOf(dbName, "container_ghost")).toEqual([]);
    await expect(store.loadFiles("container_ghost")).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(store.diskUsage("container_ghost")).rejects.toBeInstanceOf(ContainerNotFoundError);
    await store.deleteContainer(id);
    await expect(store.applyChanges(id, changes({ "/workspace/a": file("a") }))).rejects.toBeInstanceOf(ContainerNotFoundError);
    expect(await allKeys(dbName)).toEqual([["schema"]]);
  });

  it("rejects bad paths and bad records before writing anything", async () => {
    const { store, dbName, id } = await withContainer();
    const before = await allKeys(dbName);
    await expect(store.applyChanges(id, changes({ "relative.txt": file("x") }))).rejects.toThrow(
      'put: expected an absolute path such as "/workspace/a.txt", got "relative.txt"',
    );
    await expect(store.applyChanges(id, changes({ "/workspace/a": file("ok") }, ["workspace/x"]))).rejects.toThrow(
      'delete: expected an absolute path such as "/workspace/a.txt", got "workspace/x"',
    );
    await expect(store.applyChanges(id, changes({ "/workspace/dir/": file("x") }))).rejects.toThrow(
      'put: "/workspace/dir/" names a directory, not a file',
    );
    await expect(
      store.applyChanges(id, changes({ "/workspace/s": { data: "text" as unknown as Uint8Array, mode: MODE_FILE, mtime: T0 } })),
    ).rejects.toThrow("Expected file data as a Uint8Array, got string");
    await expect(store.applyChanges(id, changes({ "/workspace/m": { data: bytes("x"), mode: Number.NaN, mtime: T0 } }))).rejects.toThrow(
      'put "/workspace/m": mode and mtime must be finite numbers',
    );
    expect(await allKeys(dbName)).toEqual(before);
  });

  it("stores exactly a view's bytes, not its whole buffer, and accepts SharedArrayBuffer views", async () => {
    const { store, id } = await withContainer();
    const backing = new Uint8Array(1024).map((_, i) => i & 0xff);
    const view = backing.subarray(100, 110);
    const shared = new Uint8Array(new SharedArrayBuffer(4));
    shared.set([9, 8, 7, 6]);
    await store.applyChanges(
      id,
      changes({
        "/workspace/view": { data: view, mode: MODE_FILE, mtime: T0 },
        "/workspace/shared": { data: shared, mode: MODE_FILE, mtime: T0 },
      }),
    );
    const files = await store.loadFiles(id);
    const storedView = files.get("/workspace/view")?.data;
    expect(storedView).toEqual(new Uint8Array([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]));
    expect(storedView?.byteOffset).toBe(0);
    expect(storedView?.buffer.byteLength).toBe(10);
    const storedShared = files.get("/workspace/shared")?.data;
    expect(storedShared).toEqual(new Uint8Array([9, 8, 7, 6]));
    expect(storedShared?.buffer).toBeInstanceOf(ArrayBuffer);
    expect(await store.diskUsage(id)).toBe(14);
    // The caller's buffers were not touched.
    expect(backing.byteLength).toBe(1024);
    expect([...view]).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
  });

  it("diskUsage sums stored file bytes and follows overwrites and deletions without reading file data", async () => {
    const { store, id } = await withContainer();
    await store.applyChanges(id, changes({ "/workspace/a": file("12345"), "/workspace/d/b": file("123"), "/workspace/d/c": file("") }));
    await store.putOutput(output("file_o", id, "outputs are not counted"));
    expect(await store.diskUsage(id)).toBe(8);
    await store.applyChanges(id, changes({ "/workspace/a": file("1") }));
    expect(await store.diskUsage(id)).toBe(4);
    await store.applyChanges(id, changes({}, ["/workspace/d"]));
    expect(await store.diskUsage(id)).toBe(1);

    const getAll = vi.spyOn(IDBObjectStore.prototype, "getAll");
    const get = vi.spyOn(IDBObjectStore.prototype, "get");
    await store.diskUsage(id);
    expect(getAll).toHaveBeenCalledTimes(1);
    const { lower, upper } = getAll.mock.calls[0]![0] as IDBKeyRange;
    expect(lower).toEqual(["v1", "size", id]);
    expect(upper).toEqual(["v1", "size", id, []]);
    expect(get.mock.calls.map((c) => c[0])).toEqual([["v1", "meta", id]]);
  });

  it("round-trips a 100 MB file byte for byte", async () => {
    const { store, id, dbName } = await withContainer();
    const size = 100 * 1024 * 1024;
    const data = new Uint8Array(size);
    const words = new Uint32Array(data.buffer);
    for (let i = 0; i < words.length; i += 1) words[i] = Math.imul(i, 2654435761) ^ (i >>> 9);
    const checksum = (u8: Uint8Array): number => {
      const w = new Uint32Array(u8.buffer, u8.byteOffset, u8.byteLength >>> 2);
      let h = 2166136261;
      for (let i = 0; i < w.length; i += 1) h = Math.imul(h ^ (w[i] as number), 16777619);
      return h >>> 0;
    };
    const expectedSum = checksum(data);
    const samples = [0, 1, 2, 3, 4095, 4096, 1_000_003, size / 2, size / 2 + 1, size - 2, size - 1];
    const expectedSamples = samples.map((i) => data[i]);

    const t0 = performance.now();
    await store.applyChanges(id, changes({ "/workspace/big.bin": { data, mode: MODE_FILE, mtime: T0 } }));
    const t1 = performance.now();
    // A fresh instance, as after a reload.
    const files = await new ContainerStore({ dbName }).loadFiles(id);
    const t2 = performance.now();
    const back = files.get("/workspace/big.bin");
    expect(back?.data).toBeInstanceOf(Uint8Array);
    expect(back?.data.byteLength).toBe(size);
    expect(samples.map((i) => back?.data[i])).toEqual(expectedSamples);
    expect(checksum(back?.data ?? new Uint8Array())).toBe(expectedSum);
    expect(back?.mode).toBe(MODE_FILE);
    expect(back?.mtime).toBe(T0);
    expect(await store.diskUsage(id)).toBe(size);
    console.log(`100 MB round trip (fake-indexeddb): write ${(t1 - t0).toFixed(0)} ms, read ${(t2 - t1).toFixed(0)} ms`);
  }, 30_000);
});

describe("ContainerStore: two tabs on one container (last write wins per file)", () => {
  async function twoTabs(): Promise<{ a: ContainerStore; b: ContainerStore; id: string; dbName: string }> {
    const dbName = freshDbName();
    const a = new ContainerStore({ dbName });
    const b = new ContainerStore({ dbName });
    const { id } = await a.createContainer();
    await b.openContainer(id);
    return { a, b, id, dbName };
  }

  it("interleaved writes: the last write of each file wins and other files are untouched", async () => {
    const { a, b, id } = await twoTabs();
    await a.applyChanges(id, changes({ "/workspace/f1": file("A1"), "/workspace/f2": file("A2"), "/workspace/f4": file("A4") }));
    await b.applyChanges(id, changes({ "/workspace/f1": file("B1"), "/workspace/f3": file("B3") }));
    await a.applyChanges(id, changes({ "/workspace/f2": file("A2 again") }));
    await b.applyChanges(id, changes({}, ["/workspace/f4"]));
    await a.applyChanges(id, changes({ "/workspace/f3": file("A3") }));
    const expected = { "/workspace/f1": "B1", "/workspace/f2": "A2 again", "/workspace/f3": "A3" };
    expect(textsOf(await a.loadFiles(id))).toEqual(expected);
    expect(textsOf(await b.loadFiles(id))).toEqual(expected);
  });

  it("concurrent writes of the same file: the one that commits last wins; each call is atomic", async () => {
    const { a, b, id } = await twoTabs();
    await a.applyChanges(id, changes({ "/workspace/untouched": file("u") }));
    for (let round = 0; round < 5; round += 1) {
      const committed: string[] = [];
      await Promise.all([
        a
          .applyChanges(id, changes({ "/workspace/same": file(`A${round}`), "/workspace/a-only": file(`A${round}`) }))
          .then(() => committed.push("A")),
        b
          .applyChanges(id, changes({ "/workspace/same": file(`B${round}`), "/workspace/b-only": file(`B${round}`) }))
          .then(() => committed.push("B")),
      ]);
      expect(committed.length).toBe(2);
      const last = committed[1];
      expect(textsOf(await b.loadFiles(id))).toEqual({
        "/workspace/same": `${last}${round}`,
        "/workspace/a-only": `A${round}`,
        "/workspace/b-only": `B${round}`,
        "/workspace/untouched": "u",
      });
    }
  });

  it("a directory deleted in one tab loses the other tab's earlier files in it; a later put brings back only that file", async () => {
    const { a, b, id } = await twoTabs();
    await a.applyChanges(id, changes({ "/workspace/d/a": file("a"), "/workspace/d/shared": file("a") }));
    await b.applyChanges(id, changes({ "/workspace/d/b": file("b") }));
    await a.applyChanges(id, changes({}, ["/workspace/d"]));
    await b.applyChanges(id, changes({ "/workspace/d/b2": file("b2") }));
    expect(textsOf(await a.loadFiles(id))).toEqual({ "/workspace/d/b2": "b2" });
  });

  it("after one tab deletes the container, the other tab's writes fail and leave no orphan files", async () => {
    const { a, b, id, dbName } = await twoTabs();
    await b.applyChanges(id, changes({ "/workspace/x": file("x") }));
    await a.deleteContainer(id);
    await expect(b.applyChanges(id, changes({ "/workspace/y": file("y") }))).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(b.putOutput(output("file_late", id, "late"))).rejects.toBeInstanceOf(ContainerNotFoundError);
    expect(await keysOf(dbName, id)).toEqual([]);
    expect(await allKeys(dbName)).toEqual([["schema"]]);
  });
});

describe("ContainerStore: outputs", () => {
  it("stores an output by file_id and returns exactly what was stored, also from a new instance", async () => {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName });
    const { id } = await store.createContainer();
    const data = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const out: StoredOutput = { file_id: "file_abc", container_id: id, name: "plot.png", data, created_at: "2026-01-02T03:04:05.006Z" };
    await store.putOutput(out);
    const back = await new ContainerStore({ dbName }).getOutput("file_abc");
    expect(back).toEqual(out);
    expect(Object.keys(back ?? {}).sort()).toEqual(["container_id", "created_at", "data", "file_id", "name"]);
    expect(back?.data).toBeInstanceOf(Uint8Array);
    expect(await store.getOutput("file_ab")).toBeUndefined();
    expect(await store.getOutput("file_abcd")).toBeUndefined();
    // Outputs are not files of the container.
    expect(await store.loadFiles(id)).toEqual(new Map());
  });

  it("file_ids are write-once: a second put under the same file_id fails and keeps the first", async () => {
    const store = new ContainerStore({ dbName: freshDbName() });
    const { id } = await store.createContainer();
    await store.putOutput(output("file_once", id, "first"));
    await expect(store.putOutput(output("file_once", id, "second"))).rejects.toThrow(
      'An output with file_id "file_once" is already stored; file_ids are write-once.',
    );
    expect(text(await store.getOutput("file_once"))).toBe("first");
  });

  it("rejects outputs of unknown containers and malformed outputs", async () => {
    const dbName = freshDbName();
    const store = new ContainerStore({ dbName });
    await expect(store.putOutput(output("file_1", "container_ghost", "x"))).rejects.toBeInstanceOf(ContainerNotFoundError);
    const { id } = await store.createContainer();
    await expect(store.putOutput({ ...output("file_2", id, "x"), file_id: "" })).rejects.toThrow(
      "putOutput: file_id must be a non-empty string",
    );
    await expect(store.putOutput({ ...output("file_3", id, "x"), data: [1, 2] as unknown as Uint8Array })).rejects.toThrow(
      "Expected file data as a Uint8Array, got Array",
    );
    expect(await store.getOutput("file_1")).toBeUndefined();
    expect((await allKeys(dbName)).filter((k) => Array.isArray(k) && (k[1] === "out" || k[1] === "outidx"))).toEqual([]);
  });
});
