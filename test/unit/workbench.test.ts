// What the app keeps per container beside its files (runs, draft, name, last use) and the
// container zip: kept runs are capped, stats count regular files only, deleting a container
// removes all of it, and an in-memory IndexedDB leaves the global one untouched.
import "fake-indexeddb/auto";
import { IDBFactory, IDBKeyRange as FakeKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { ContainerStore, RUNS_KEPT, Workbench, type ConsoleRun } from "../../src/store/index.ts";
import { exportContainer, importContainer } from "../../src/ui/state/container-zip.ts";
import { strToU8, unzipSync, zipSync } from "fflate";

let n = 0;
const fresh = () => new ContainerStore({ dbName: `workbench-test-${++n}` });
const run = (i: number): Omit<ConsoleRun, "seq"> => ({
  call: { type: "server_tool_use", id: `srvtoolu_console${i}`, name: "bash_code_execution", input: { command: `echo ${i}` } },
  result: {
    type: "bash_code_execution_tool_result",
    tool_use_id: `srvtoolu_console${i}`,
    content: { type: "bash_code_execution_result", stdout: `${i}\n`, stderr: "", return_code: 0, content: [] },
  },
  ran_at: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
});
const file = (text: string, mode = 0o100644) => ({ data: new TextEncoder().encode(text), mode, mtime: Date.UTC(2026, 0, 1) });

describe("Workbench", () => {
  it("keeps the last RUNS_KEPT runs in order, the draft and the name; deleting the container removes them", async () => {
    const store = fresh();
    const bench = new Workbench(store);
    const { id } = await store.createContainer();
    for (let i = 1; i <= RUNS_KEPT + 3; i++) await bench.addRun(id, run(i));
    const runs = await bench.runs(id);
    expect(runs).toHaveLength(RUNS_KEPT);
    expect(runs[0]!.call.id).toBe("srvtoolu_console4");
    expect(runs.at(-1)).toEqual({ ...run(RUNS_KEPT + 3), seq: RUNS_KEPT + 3 });
    await bench.saveDraft(id, { source: "print('draft')", language: "python" });
    await bench.rename(id, "  Quarterly numbers  ");
    await bench.touch(id, "2026-11-02T00:00:00.000Z");
    expect(await bench.draft(id)).toEqual({ source: "print('draft')", language: "python" });
    expect(await bench.label(id)).toEqual({ name: "Quarterly numbers", used_at: "2026-11-02T00:00:00.000Z" });

    await store.deleteContainer(id);
    expect(await bench.runs(id)).toEqual([]);
    expect(await bench.draft(id)).toBeUndefined();
    expect(await bench.label(id)).toEqual({});
    // A deleted container keeps nothing new either.
    await expect(bench.addRun(id, run(1))).rejects.toThrow(`container ${id} no longer exists; the run was not kept`);
    await bench.saveDraft(id, { source: "x", language: "bash" });
    expect(await bench.draft(id)).toBeUndefined();
  });

  it("counts regular files (empty ones too) and their bytes, not folders", async () => {
    const store = fresh();
    const bench = new Workbench(store);
    const { id } = await store.createContainer();
    await store.applyChanges(id, {
      put: new Map([
        ["/workspace", { data: new Uint8Array(), mode: 0o40755, mtime: 0 }],
        ["/workspace/empty-dir", { data: new Uint8Array(), mode: 0o40755, mtime: 0 }],
        ["/workspace/a.txt", file("hello")],
        ["/workspace/empty.txt", file("")],
      ]),
      delete: [],
    });
    expect(await bench.stats(id)).toEqual({ files: 2, bytes: 5 });
  });

  it("an in-memory IndexedDB leaves the global one untouched", async () => {
    const before = (await indexedDB.databases()).map((d) => d.name);
    const store = new ContainerStore({
      dbName: "memory-only",
      indexedDB: { factory: new IDBFactory(), keyRange: FakeKeyRange as unknown as typeof IDBKeyRange },
    });
    const { id } = await store.createContainer();
    await store.applyChanges(id, { put: new Map([["/workspace/a.txt", file("x")]]), delete: [] });
    await new Workbench(store).addRun(id, run(1));
    expect((await store.loadFiles(id)).size).toBe(1);
    expect((await indexedDB.databases()).map((d) => d.name)).toEqual(before);
  });
});

describe("container zip", () => {
  it("exports files, folders, modes and the name, and imports them as a new container", async () => {
    const store = fresh();
    const bench = new Workbench(store);
    const { id } = await store.createContainer();
    await store.applyChanges(id, {
      put: new Map([
        ["/workspace", { data: new Uint8Array(), mode: 0o40755, mtime: 0 }],
        ["/workspace/empty", { data: new Uint8Array(), mode: 0o40700, mtime: 0 }],
        ["/workspace/run.sh", file("echo hi\n", 0o100755)],
      ]),
      delete: [],
    });
    await bench.rename(id, "My work");
    const zip = await exportContainer(store, bench, id);
    expect(zip.name).toBe("My-work.zip");
    expect(Object.keys(unzipSync(zip.data)).sort()).toEqual(["container.json", "workspace/", "workspace/empty/", "workspace/run.sh"]);

    const done = await importContainer(store, bench, zip.data, zip.name);
    expect(done).toMatchObject({ name: "My work", files: 1, bytes: 8 });
    expect(done.id).not.toBe(id);
    const files = await store.loadFiles(done.id);
    expect([...files.keys()].sort()).toEqual(["/workspace", "/workspace/empty", "/workspace/run.sh"]);
    expect(files.get("/workspace/run.sh")!.mode).toBe(0o100755);
    expect(files.get("/workspace/empty")!.mode).toBe(0o40700);
  });

  it("refuses a zip bigger than the disk budget, or with an unsafe path, creating nothing", async () => {
    const store = fresh();
    const bench = new Workbench(store);
    const big = zipSync({ "workspace/big.bin": new Uint8Array(2048) });
    await expect(importContainer(store, bench, big, "big.zip", 1024)).rejects.toThrow(
      "big.zip was not imported: its files add up to more than the disk budget of 1.0 KB.",
    );
    const evil = zipSync({ "workspace/../../etc/passwd": strToU8("x") });
    await expect(importContainer(store, bench, evil, "evil.zip")).rejects.toThrow(
      'the entry "workspace/../../etc/passwd" cannot be a file path',
    );
    expect(await store.listContainers()).toEqual([]);
  });
});
