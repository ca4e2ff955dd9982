// Agent Skills in a real local container (worker thread, Pyodide, just-bash): mounted at
// /skills/<name>/, readable by bash and Python, refusing every change, never stored as the
// container's files and never counted against its disk budget.
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { ContainerStore, createContainer, skillFromFiles, type Container } from "code-exec-sandbox";
import { bash } from "../fixtures/calls.ts";

const utf8 = new TextEncoder();
let n = 0;
const open: Container[] = [];

async function make(options: Parameters<typeof createContainer>[0]) {
  const container = await createContainer(options);
  open.push(container);
  return container;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

const SKILL_MD =
  "---\nname: csv-summary\ndescription: Summarises a CSV file with pandas.\n---\n\nRun `python3 /skills/csv-summary/scripts/summary.py FILE`.\n";
const skill = skillFromFiles({
  "csv-summary/SKILL.md": utf8.encode(SKILL_MD),
  "csv-summary/scripts/summary.py": utf8.encode("import sys\nprint('rows:', sum(1 for _ in open(sys.argv[1])) - 1)\n"),
});

describe("skills mounted read-only at /skills/<name>/", () => {
  it("bash and Python read the skill; its script runs", async () => {
    const container = await make({ store: new ContainerStore({ dbName: `skills-${++n}` }), skills: [skill] });
    expect(await bash(container, "cat /skills/csv-summary/SKILL.md")).toMatchObject({ stdout: SKILL_MD, return_code: 0 });
    expect(await bash(container, "ls -R /skills")).toMatchObject({
      stdout: "/skills:\ncsv-summary\n\n/skills/csv-summary:\nSKILL.md\nscripts\n\n/skills/csv-summary/scripts:\nsummary.py\n",
    });
    expect(await bash(container, "printf 'a\\n1\\n2\\n' > d.csv && python3 /skills/csv-summary/scripts/summary.py d.csv")).toMatchObject({
      stdout: "rows: 2\n",
      return_code: 0,
    });
  });

  it("every kind of change fails with a read-only error, and nothing changes", async () => {
    const container = await make({ store: new ContainerStore({ dbName: `skills-${++n}` }), skills: [skill] });
    const attempts: Array<[string, RegExp]> = [
      ["echo x > /skills/csv-summary/SKILL.md", /read-only file system/],
      ["echo x >> /skills/csv-summary/SKILL.md", /read-only file system/],
      ["echo x > /skills/csv-summary/new.txt", /read-only file system/],
      ["rm /skills/csv-summary/SKILL.md", /read-only file system/],
      ["mkdir /skills/other", /read-only file system/],
      ["mv /skills/csv-summary/SKILL.md /skills/csv-summary/S.md", /read-only file system/],
    ];
    for (const [command, error] of attempts) {
      const result = await bash(container, command);
      expect(result.return_code, command).not.toBe(0);
      expect(result.stderr, command).toMatch(error);
    }
    const py = await bash(
      container,
      `python3 -c "
import errno, os
for attempt in (lambda: open('/skills/csv-summary/SKILL.md', 'w'), lambda: open('/skills/x.txt', 'w'), lambda: os.remove('/skills/csv-summary/SKILL.md'), lambda: os.chmod('/skills/csv-summary/SKILL.md', 0o777), lambda: os.rename('/skills', '/s2'), lambda: os.rename('/skills/csv-summary/SKILL.md', '/workspace/S.md')):
    try:
        attempt()
        print('allowed')
    except OSError as e:
        print(errno.errorcode[e.errno])
"`,
    );
    expect(py.stdout).toBe("EROFS\nEROFS\nEROFS\nEROFS\nEBUSY\nEXDEV\n");
    expect(await bash(container, "cat /skills/csv-summary/SKILL.md && ls /skills/csv-summary")).toMatchObject({
      stdout: `${SKILL_MD}SKILL.md\nscripts\n`,
    });
  });

  it("skill files are not the container's files: not stored, not counted against the disk budget", async () => {
    const store = new ContainerStore({ dbName: `skills-${++n}` });
    const big = skillFromFiles({
      "SKILL.md": utf8.encode("---\nname: big\ndescription: A big data file.\n---\n"),
      "data.bin": new Uint8Array(2 * 1024 * 1024),
    });
    const container = await make({ store, skills: [big], limits: { diskBytes: 1024 * 1024 } });
    expect(await bash(container, "wc -c < /skills/big/data.bin")).toMatchObject({ stdout: "2097152\n" });
    // The whole budget is still there for the user's own files.
    expect(await bash(container, `python3 -c "open('mine.bin', 'wb').write(bytes(900000))" && wc -c < mine.bin`)).toMatchObject({
      stdout: "900000\n",
      return_code: 0,
    });
    const paths = [...(await store.loadFiles(container.id)).keys()];
    expect(paths.filter((path) => path.startsWith("/skills"))).toEqual([]);
    expect(paths).toContain("/workspace/mine.bin");
    await container.close();
    open.splice(open.indexOf(container), 1);

    // Reopened without skills: no /skills; with them, they are back.
    const bare = await make({ store, id: container.id });
    expect(await bash(bare, "test -e /skills; echo $?")).toMatchObject({ stdout: "1\n" });
    await bare.close();
    open.splice(open.indexOf(bare), 1);
    const again = await make({ store, id: container.id, skills: [big] });
    expect(await bash(again, "ls /skills/big && wc -c < mine.bin")).toMatchObject({ stdout: "SKILL.md\ndata.bin\n900000\n" });
  });

  it("a skill whose name or paths would leave its folder is refused by createContainer", async () => {
    await expect(
      createContainer({ store: new ContainerStore({ dbName: `skills-${++n}` }), skills: [{ name: "../etc", files: {} }] }),
    ).rejects.toThrow('skill name "../etc" must be 1 to 64 lowercase letters, digits and hyphens');
    await expect(
      createContainer({
        store: new ContainerStore({ dbName: `skills-${++n}` }),
        skills: [{ name: "ok", files: { "../x": new Uint8Array(1) } }],
      }),
    ).rejects.toThrow('skill ok: bad file path "../x"');
  });
});
