// Containers that last: every call's changes reach the store before execute answers, and a
// container reopened by id (a new worker, as after a reload) has all its files back.
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ContainerExpiredError,
  ContainerNotFoundError,
  ContainerStore,
  createContainer,
  deleteContainer,
  listContainers,
  type Container,
} from "code-exec-sandbox";
import { pureWheel } from "../fixtures/wheel.ts";
import { bash, call } from "../fixtures/calls.ts";

let n = 0;
const open: Container[] = [];
const newStore = (now?: () => Date) => new ContainerStore({ dbName: `persistence-${++n}`, now });

async function make(options: Parameters<typeof createContainer>[0]) {
  const container = await createContainer(options);
  open.push(container);
  return container;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe("files survive a reopen in a new worker", () => {
  it("restores shell, Python, editor and upload files byte for byte, and outputs still download", async () => {
    const store = newStore();
    const first = await make({ store });
    await bash(
      first,
      "echo data > /workspace/a.txt && mkdir -p deep/er && printf 'x' > deep/er/x.bin && mkdir empty-dir && ln -s a.txt link.txt",
    );
    await first.execute(call("code_execution", { code: "open('py.bin', 'wb').write(bytes(range(256)))" }));
    await first.execute(call("text_editor_code_execution", { command: "create", path: "notes.md", file_text: "# notes\n" }));
    const csv = new TextEncoder().encode("name,score\nada,10\n");
    const upload = await first.uploadFile("scores.csv", csv);
    const out = await bash(first, 'printf "report" > "$OUTPUT_DIR/report.txt"');
    await first.close();

    const second = await make({ id: first.id, store });
    expect(second.id).toBe(first.id);
    expect(second.expiresAt).toBe(first.expiresAt);
    expect(
      await bash(
        second,
        "cat a.txt deep/er/x.bin; echo; cat notes.md; cat inputs/scores.csv; readlink link.txt; test -d empty-dir && echo dir-kept",
      ),
    ).toEqual({
      type: "bash_code_execution_result",
      stdout: "data\nx\n# notes\nname,score\nada,10\na.txt\ndir-kept\n",
      stderr: "",
      return_code: 0,
      content: [],
    });
    const pyBytes = await second.execute(call("code_execution", { code: "open('py.bin', 'rb').read() == bytes(range(256))" }));
    expect(pyBytes.content).toMatchObject({ stdout: "True\n", return_code: 0 });
    expect(await second.downloadFile(upload.file_id)).toEqual(csv);
    expect(new TextDecoder().decode(await second.downloadFile(out.content[0]!.file_id))).toBe("report");
  });

  it("a restored file edited in place (append, overwrite inside, truncate) is stored with exactly its new bytes", async () => {
    // Restored bytes are handed to the FS without a copy; later writes must still see and keep them.
    const store = newStore();
    const first = await make({ store });
    await bash(first, "printf 0123456789 > a.txt && printf abcdef > b.txt && printf keep > c.txt");
    await first.close();
    const second = await make({ id: first.id, store });
    await second.execute(
      call("code_execution", {
        code: "open('a.txt', 'ab').write(b'XY')\nf = open('b.txt', 'r+b'); f.seek(2); f.write(b'ZZ'); f.close()\nopen('c.txt', 'r+b').truncate(2)",
      }),
    );
    expect(await bash(second, "cat a.txt; echo; cat b.txt; echo; cat c.txt")).toMatchObject({ stdout: "0123456789XY\nabZZef\nke" });
    await second.close();
    const third = await make({ id: first.id, store });
    expect(await bash(third, "cat a.txt; echo; cat b.txt; echo; cat c.txt")).toMatchObject({
      stdout: "0123456789XY\nabZZef\nke",
      return_code: 0,
    });
  });

  it("keeps renames and deletions, including whole folders", async () => {
    const store = newStore();
    const first = await make({ store });
    await bash(first, "mkdir -p src/pkg && echo one > src/pkg/one.py && echo two > src/two.py && echo gone > gone.txt");
    await bash(first, "mv src lib && rm gone.txt && mkdir -p tmpdir && echo t > tmpdir/t && rm -r tmpdir");
    await first.close();
    const second = await make({ id: first.id, store });
    expect((await bash(second, "find . -type f | sort")).stdout).toBe("./lib/pkg/one.py\n./lib/two.py\n");
  });

  it("keeps a pip-installed wheel", async () => {
    const store = newStore();
    const first = await make({ store });
    const wheel = pureWheel("keepme", "1.2.3", "VALUE = 'kept'\n");
    await first.uploadFile(wheel.fileName, wheel.bytes);
    expect((await bash(first, `pip install inputs/${wheel.fileName}`)).return_code).toBe(0);
    await first.close();
    const second = await make({ id: first.id, store });
    expect((await bash(second, "python3 -c 'import keepme; print(keepme.VALUE)'")).stdout).toBe("kept\n");
  });

  it("round-trips a 100 MB upload", async () => {
    const store = newStore();
    const first = await make({ store });
    const big = new Uint8Array(100 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) & 0xff;
    big[big.length - 1] = 7;
    const { file_id, path } = await first.uploadFile("big.bin", big);
    expect(path).toBe("/workspace/inputs/big.bin");
    await first.close();
    const second = await make({ id: first.id, store });
    expect(await bash(second, "python3 -c 'import os; print(os.path.getsize(\"inputs/big.bin\"))'")).toMatchObject({
      stdout: "104857600\n",
      return_code: 0,
    });
    const back = await second.downloadFile(file_id);
    expect(back.length).toBe(big.length);
    expect(back[4096 * 77]).toBe(77);
    expect(back[big.length - 1]).toBe(7);
  }, 60_000);
});

describe("incremental persistence", () => {
  it("writes one transaction per changing call and none for a call that changes nothing", async () => {
    const store = newStore();
    const container = await make({ store });
    const apply = vi.spyOn(store, "applyChanges");
    await bash(container, "echo a > a.txt && echo b > b.txt");
    expect(apply).toHaveBeenCalledTimes(1);
    const [, changes] = apply.mock.calls[0]!;
    expect([...changes.put.keys()].sort()).toEqual(["/workspace/a.txt", "/workspace/b.txt"]);
    expect(changes.delete).toEqual([]);
    await bash(container, "cat a.txt b.txt; ls -la; echo nothing changed");
    await container.execute(call("text_editor_code_execution", { command: "view", path: "a.txt" }));
    await container.execute(call("code_execution", { code: "1 + 1" }));
    expect(apply).toHaveBeenCalledTimes(1);
    await bash(container, "echo A > a.txt");
    expect(apply).toHaveBeenCalledTimes(2);
    expect([...apply.mock.calls[1]![1].put.keys()]).toEqual(["/workspace/a.txt"]);
  });
});

describe("opening by id", () => {
  it("refuses an unknown id without creating a container", async () => {
    const store = newStore();
    await expect(createContainer({ id: "container_doesnotexist00000000", store })).rejects.toBeInstanceOf(ContainerNotFoundError);
    expect(await store.listContainers()).toEqual([]);
  });

  it("refuses a container 30 days after creation (injectable clock)", async () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const store = newStore(() => now);
    const first = await make({ store });
    expect(first.expiresAt).toBe("2026-01-31T00:00:00.000Z");
    await first.close();
    now = new Date("2026-01-30T23:59:59Z");
    await (await make({ id: first.id, store })).close();
    now = new Date("2026-01-31T00:00:00Z");
    const error = await createContainer({ id: first.id, store }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerExpiredError);
    expect((error as Error).message).toContain(first.id);
  });

  it("lists and deletes containers of the default store", async () => {
    const container = await make({});
    expect((await listContainers()).map((c) => c.id)).toContain(container.id);
    const listed = (await listContainers()).find((c) => c.id === container.id)!;
    expect(listed).toEqual({ id: container.id, created_at: expect.any(String), expires_at: container.expiresAt });
    await container.close();
    await deleteContainer(container.id);
    expect((await listContainers()).map((c) => c.id)).not.toContain(container.id);
    await expect(createContainer({ id: container.id })).rejects.toBeInstanceOf(ContainerNotFoundError);
  });
});

describe("disk budget", () => {
  it("fails writes past limits.diskBytes inside the code and damages nothing stored", async () => {
    const store = newStore();
    const container = await make({ store, limits: { diskBytes: 1024 * 1024 } });
    await bash(container, "echo precious > keep.txt");
    const py = await container.execute(call("code_execution", { code: "open('big.bin', 'wb').write(b'x' * 2_000_000)" }));
    expect(py.content).toMatchObject({ return_code: 1, stderr: expect.stringMatching(/OSError: \[Errno \d+\] No space left on device/) });
    // just-bash ends the whole script when a redirect fails (bash would go on to the next
    // command); either way the command fails with ENOSPC and the file is not written.
    const sh = await bash(container, "python3 -c \"import sys; sys.stdout.write('y' * 1500000)\" > big2.bin; echo status=$?");
    expect(sh).toEqual({
      type: "bash_code_execution_result",
      stdout: "",
      stderr: "bash: ENOSPC: no space left on device, open '/workspace/big2.bin'\n",
      return_code: 1,
      content: [],
    });
    // As in Linux, open() created both files before the writes failed; no byte landed.
    expect((await bash(container, 'python3 -c \'import os; print(os.path.getsize("big.bin"), os.path.getsize("big2.bin"))\'')).stdout).toBe(
      "0 0\n",
    );
    // Small writes still work, and what was stored before is intact.
    expect((await bash(container, "echo ok > small.txt && cat keep.txt small.txt")).stdout).toBe("precious\nok\n");
    await container.close();
    const again = await make({ id: container.id, store, limits: { diskBytes: 1024 * 1024 } });
    expect((await bash(again, "cat keep.txt small.txt")).stdout).toBe("precious\nok\n");
  });
});
