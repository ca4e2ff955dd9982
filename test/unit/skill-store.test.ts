// The skills record kind: kept next to the containers' records in the one object store, without
// touching them.
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { ContainerStore, SkillStore } from "../../src/store/index.ts";

const utf8 = new TextEncoder();
let n = 0;

describe("SkillStore", () => {
  it("puts, lists (without bytes), gets, replaces and deletes skills", async () => {
    const dbName = `skill-store-${++n}`;
    const skills = new SkillStore(new ContainerStore({ dbName }), () => new Date("2026-03-01T10:00:00Z"));
    expect(await skills.list()).toEqual([]);
    const files = { "SKILL.md": utf8.encode("---\nname: a\ndescription: A.\n---\n"), "scripts/run.py": utf8.encode("print(1)\n") };
    const summary = {
      name: "alpha",
      description: "A.",
      files: [
        { path: "SKILL.md", size_bytes: files["SKILL.md"].byteLength },
        { path: "scripts/run.py", size_bytes: 9 },
      ],
      size_bytes: files["SKILL.md"].byteLength + 9,
      added_at: "2026-03-01T10:00:00.000Z",
    };
    expect(await skills.put({ name: "alpha", description: "A.", files })).toEqual(summary);
    await skills.put({ name: "beta", description: "B.", files: { "SKILL.md": utf8.encode("b") } });
    expect((await skills.list()).map((s) => s.name)).toEqual(["alpha", "beta"]);
    expect(await skills.list().then((all) => all[0])).toEqual(summary);
    expect(await skills.get("alpha")).toEqual({ ...summary, data: files });
    expect(await skills.get("nope")).toBeUndefined();

    await skills.put({ name: "alpha", description: "A2.", files: { "SKILL.md": utf8.encode("x") } });
    expect(await skills.get("alpha")).toMatchObject({
      description: "A2.",
      data: { "SKILL.md": utf8.encode("x") },
      files: [{ path: "SKILL.md", size_bytes: 1 }],
    });
    await skills.delete("alpha");
    expect((await skills.list()).map((s) => s.name)).toEqual(["beta"]);
    // A reopened store (another tab, a reload) sees the same records.
    expect((await new SkillStore(new ContainerStore({ dbName })).list()).map((s) => s.name)).toEqual(["beta"]);
  });

  it("lives beside containers without touching their records", async () => {
    const dbName = `skill-store-${++n}`;
    const containers = new ContainerStore({ dbName });
    const meta = await containers.createContainer();
    await containers.applyChanges(meta.id, {
      put: new Map([["/workspace/a.txt", { data: utf8.encode("a"), mode: 0o100644, mtime: 1 }]]),
      delete: [],
    });
    const skills = new SkillStore(containers);
    await skills.put({ name: "alpha", description: "A.", files: { "SKILL.md": utf8.encode("s") } });
    expect((await containers.listContainers()).map((c) => c.id)).toEqual([meta.id]);
    expect([...(await containers.loadFiles(meta.id)).keys()]).toEqual(["/workspace/a.txt"]);
    await containers.deleteContainer(meta.id);
    expect((await skills.list()).map((s) => s.name)).toEqual(["alpha"]);
  });
});
