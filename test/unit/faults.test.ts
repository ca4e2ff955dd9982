// Fault injection: every acknowledged write survives a failing store, a dying worker, odd
// filesystem operations, a tight disk budget and damaged records. Each case reopens the
// container in a new worker (as a reload would) to prove what reached the store.
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createStore, get as rawGet, set as rawSet } from "idb-keyval";
import { ContainerStore, createContainer, type LocalContainer, type ToolCall, type ToolResultBlock } from "code-exec-sandbox";
import { ContainerFiles } from "../../src/container/persistence.ts";
import { call } from "../fixtures/calls.ts";

let n = 0;
const open: LocalContainer[] = [];
const newStore = () => new ContainerStore({ dbName: `faults-${++n}-${Math.random().toString(36).slice(2)}` });

async function make(options: Parameters<typeof createContainer>[0]): Promise<LocalContainer> {
  const container = await createContainer(options);
  open.push(container);
  return container;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
});

const bash = (c: LocalContainer, command: string) => c.execute(call("bash_code_execution", { command }));
const python = (c: LocalContainer, code: string) => c.execute(call("code_execution", { code }));
const edit = (c: LocalContainer, input: Record<string, unknown>) => c.execute(call("text_editor_code_execution", input));
const content = (block: ToolResultBlock) =>
  block.content as { stdout: string; stderr: string; return_code: number; content: Array<{ file_id: string }> };

/** Reopens the container by id in a new worker, as a reload does, and runs one command there. */
async function afterReopen(c: LocalContainer, store: ContainerStore, command: string, diskBytes?: number) {
  await c.close();
  const again = await make({ id: c.id, store, limits: diskBytes ? { diskBytes } : undefined });
  return content(await bash(again, command));
}

/** The store refuses its next `count` calls of `method`, as a full disk (QuotaExceededError) would. */
function failNext(store: ContainerStore, method: "applyChanges" | "putOutput", count = 1) {
  const real = store[method].bind(store) as (...args: unknown[]) => Promise<void>;
  let left = count;
  return vi.spyOn(store, method).mockImplementation(async (...args: unknown[]) => {
    if (left-- > 0) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return real(...args);
  });
}

const handleOf = (c: LocalContainer) => (c as unknown as { workers: { handle: { crash(): void; exited: Promise<Error> } } }).workers.handle;

describe("$OUTPUT_DIR removed or replaced by the call", () => {
  it("rm -rf /tmp/* keeps the call's files and the REPL, and the next call gets a fresh $OUTPUT_DIR", async () => {
    const store = newStore();
    const c = await make({ store });
    await python(c, "kept = 'repl state'");
    const block = await bash(c, "echo result > report.txt && rm -rf /tmp/*");
    expect(block.content).toEqual({
      type: "bash_code_execution_result",
      stdout: "",
      stderr:
        "[sandbox: $OUTPUT_DIR (/tmp/outputs) was removed or replaced during the call, so no output files were returned; it is an empty folder again]\n",
      return_code: 0,
      content: [],
    });
    expect(content(await python(c, "kept")).stdout).toBe("'repl state'\n");
    const next = content(await bash(c, 'echo out > "$OUTPUT_DIR/o.txt" && cat report.txt'));
    expect(next).toMatchObject({ stdout: "result\n", stderr: "", return_code: 0 });
    expect(next.content).toHaveLength(1);
    expect((await afterReopen(c, store, "cat report.txt")).stdout).toBe("result\n");
  });

  it("shutil.rmtree of $OUTPUT_DIR in a cell keeps the cell's files", async () => {
    const store = newStore();
    const c = await make({ store });
    const block = content(
      await python(c, "import os, shutil\nopen('report.txt', 'w').write('from python')\nshutil.rmtree(os.environ['OUTPUT_DIR'])"),
    );
    expect(block).toMatchObject({ return_code: 0, stderr: expect.stringContaining("$OUTPUT_DIR (/tmp/outputs) was removed or replaced") });
    expect((await afterReopen(c, store, "cat report.txt")).stdout).toBe("from python");
  });

  it("a symlink put in place of $OUTPUT_DIR is removed, never followed into the workspace", async () => {
    const store = newStore();
    const c = await make({ store });
    await bash(c, "echo precious > keep.txt && rm -rf /tmp/outputs && ln -s /workspace /tmp/outputs");
    expect(content(await bash(c, "cat keep.txt; test -L /tmp/outputs || echo real-dir"))).toMatchObject({
      stdout: "precious\nreal-dir\n",
      return_code: 0,
    });
    expect((await afterReopen(c, store, "cat keep.txt")).stdout).toBe("precious\n");
  });
});

describe("disk budget arithmetic", () => {
  const MiB = 1024 * 1024;

  it("an in-place rewrite at the same size counts once, also after a reopen", async () => {
    const store = newStore();
    const c = await make({ store, limits: { diskBytes: 4 * MiB } });
    const size = 2_500_000;
    expect(content(await python(c, `open('big.bin', 'wb').write(b'a' * ${size})`)).return_code).toBe(0);
    const rewrite = content(await python(c, `with open('big.bin', 'wb') as f: f.write(b'b' * ${size})`));
    expect(rewrite).toMatchObject({ stderr: "", return_code: 0 });
    expect((await afterReopen(c, store, "wc -c < big.bin; head -c 3 big.bin", 4 * MiB)).stdout).toBe(`${size}\nbbb`);
  });

  it("growing a file with truncate past the budget fails with ENOSPC and leaves it as it was", async () => {
    const store = newStore();
    const c = await make({ store, limits: { diskBytes: MiB } });
    await bash(c, "echo keep > t.txt");
    const block = content(await python(c, `import os\nos.truncate('t.txt', ${8 * MiB})`));
    expect(block).toMatchObject({ return_code: 1, stderr: expect.stringMatching(/OSError: \[Errno \d+\] No space left on device/) });
    expect((await afterReopen(c, store, "cat t.txt", MiB)).stdout).toBe("keep\n");
  });

  it("an oversized editor create on an existing file is refused with words and leaves it intact", async () => {
    const store = newStore();
    const c = await make({ store, limits: { diskBytes: MiB } });
    await bash(c, "echo original > notes.txt");
    const block = await edit(c, { command: "create", path: "notes.txt", file_text: "x".repeat(2 * MiB) });
    expect(block.content).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message: expect.stringMatching(
        /^Could not write \/workspace\/notes\.txt: No space left on device: the disk budget is 1048576 bytes, .*The file was left as it was\.$/,
      ),
    });
    expect(JSON.stringify(block)).not.toContain("undefined");
    expect((await afterReopen(c, store, "cat notes.txt", MiB)).stdout).toBe("original\n");
  });

  it("an oversized str_replace is refused with words, keeps the file and Python's variables", async () => {
    const store = newStore();
    const c = await make({ store, limits: { diskBytes: MiB } });
    await bash(c, "echo 'value = 1' > conf.py");
    await python(c, "survivor = 42");
    const block = await edit(c, { command: "str_replace", path: "conf.py", old_str: "1", new_str: "9".repeat(2 * MiB) });
    expect(block.content).toMatchObject({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message: expect.stringMatching(
        /^Could not write \/workspace\/conf\.py: No space left on device: the disk budget is 1048576 bytes/,
      ),
    });
    expect(content(await python(c, "survivor")).stdout).toBe("42\n");
    expect((await afterReopen(c, store, "cat conf.py", MiB)).stdout).toBe("value = 1\n");
  });

  it("an oversized upload onto an existing file is refused before anything is truncated", async () => {
    const store = newStore();
    const c = await make({ store, limits: { diskBytes: MiB } });
    await c.uploadFile("data.csv", new TextEncoder().encode("a,b\n1,2\n"));
    await expect(c.uploadFile("data.csv", new Uint8Array(2 * MiB))).rejects.toThrow(
      /^No space left on device: the disk budget is 1048576 bytes and \d+ are free, so data\.csv \(2097152 bytes\) was not uploaded\.$/,
    );
    expect(content(await bash(c, "cat inputs/data.csv")).stdout).toBe("a,b\n1,2\n");
    expect((await afterReopen(c, store, "cat inputs/data.csv", MiB)).stdout).toBe("a,b\n1,2\n");
  });

  it("the page refuses to store what user code wrote around the worker's check (stream_ops.write)", async () => {
    // The vector that once got past the worker's check (an Emscripten stream's stream_ops.write,
    // reached through pyodide_js.FS) is closed now: Python's pyodide_js has no FS.
    const store = newStore();
    const c = await make({ store, limits: { diskBytes: MiB } });
    await bash(c, "echo small > big.bin");
    const attempt = content(await python(c, "import pyodide_js\nprint(hasattr(pyodide_js, 'FS'), hasattr(pyodide_js, '_module'))"));
    expect(attempt.stdout).toBe("False False\n");
    expect((await afterReopen(c, store, "cat big.bin", MiB)).stdout).toBe("small\n");
  });

  it("the page stores nothing past the budget, whatever change set a worker sends", async () => {
    // A worker whose own check was written around sends an oversized file as an ordinary change:
    // the page's count is what keeps it out of the store.
    const store = newStore();
    const meta = await store.createContainer();
    const files = ContainerFiles.empty(store, meta.id, MiB);
    const small = { path: "/workspace/big.bin", data: new TextEncoder().encode("small\n"), mode: 0o100644, mtime: 1 };
    expect((await files.save({ put: [small], delete: [] })).saved).toBe(true);
    const outcome = await files.save({ put: [{ ...small, data: new Uint8Array(4 * MiB).fill(122), mtime: 2 }], delete: [] });
    expect(outcome.refused).toBe(true);
    expect(outcome.notes).toEqual([
      "No space left on device: the disk budget is 1048576 bytes, so these files were not saved and keep their last saved contents: /workspace/big.bin (4194304 bytes)",
    ]);
    expect((await store.loadFiles(meta.id)).get("/workspace/big.bin")?.data.length).toBe(6);
    expect(files.usedBytes).toBe(6);
  });
});

describe("changes that write no bytes are kept", () => {
  it("truncate, ftruncate, chmod, utime, rename and symlink survive a reopen", async () => {
    const store = newStore();
    const c = await make({ store });
    await bash(c, "echo 0123456789 > t.txt && echo 0123456789 > ft.txt && echo x > m.txt && echo y > u.txt && echo r > from.txt");
    const block = content(
      await python(
        c,
        [
          "import os",
          "os.truncate('t.txt', 0)",
          "fd = os.open('ft.txt', os.O_RDWR); os.ftruncate(fd, 4); os.close(fd)",
          "os.chmod('m.txt', 0o600)",
          "os.utime('u.txt', (1000000000, 1000000000))",
          "os.rename('from.txt', 'to.txt')",
          "os.symlink('to.txt', 'link.txt')",
        ].join("\n"),
      ),
    );
    expect(block).toMatchObject({ stderr: "", return_code: 0 });
    const reopened = await afterReopen(
      c,
      store,
      "wc -c < t.txt; wc -c < ft.txt; python3 -c \"import os; print(oct(os.stat('m.txt').st_mode & 0o777), int(os.stat('u.txt').st_mtime)); print(os.readlink('link.txt'), open('link.txt').read().strip(), os.path.exists('from.txt'))\"",
    );
    expect(reopened.stdout).toBe("0\n4\n0o600 1000000000\nto.txt r False\n");
  });
});

describe("store failures", () => {
  it("keeps refused changes, says so, retries them with the next call, and they survive a reopen", async () => {
    const store = newStore();
    const c = await make({ store });
    failNext(store, "applyChanges");
    const block = content(await bash(c, "echo one > one.txt"));
    expect(block).toMatchObject({ stdout: "", return_code: 0 });
    expect(block.stderr).toBe(
      "[sandbox: saving this call's file changes failed (QuotaExceededError: The quota has been exceeded.); they are kept in this page and saving is retried with the next call and on close(). Until then they would be lost if the page closed.]\n",
    );
    const next = content(await bash(c, "echo two > two.txt"));
    expect(next.stderr).toBe("[sandbox: the file changes that could not be saved before are saved now]\n");
    expect((await afterReopen(c, store, "cat one.txt two.txt")).stdout).toBe("one\ntwo\n");
  });

  it("retries on close() and rejects, saying so, while the store still refuses", async () => {
    const store = newStore();
    const c = await make({ store });
    failNext(store, "applyChanges", 2);
    await bash(c, "echo late > late.txt");
    await expect(c.close()).rejects.toThrow(
      /file changes could not be saved \(QuotaExceededError: The quota has been exceeded\.\); they are still in this page, and close\(\) can be called again to retry\./,
    );
    await c.close();
    const again = await make({ id: c.id, store });
    expect(content(await bash(again, "cat late.txt")).stdout).toBe("late\n");
  });

  it("a store failure during an editor call never restarts the worker", async () => {
    const store = newStore();
    const c = await make({ store });
    await python(c, "survivor = 'here'");
    failNext(store, "applyChanges");
    const block = await edit(c, { command: "create", path: "doc.md", file_text: "# doc\n" });
    expect(block.content).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "unavailable",
      error_message:
        "The edit was made in the container, but: saving this call's file changes failed (QuotaExceededError: The quota has been exceeded.); they are kept in this page and saving is retried with the next call and on close(). Until then they would be lost if the page closed.",
    });
    expect(content(await python(c, "survivor")).stdout).toBe("'here'\n");
    expect((await afterReopen(c, store, "cat doc.md")).stdout).toBe("# doc\n");
  });

  it("an upload the store refuses rejects, stays in the container and is stored later", async () => {
    const store = newStore();
    const c = await make({ store });
    failNext(store, "applyChanges");
    await expect(c.uploadFile("in.csv", new TextEncoder().encode("x\n"))).rejects.toThrow(
      /^\/workspace\/inputs\/in\.csv was uploaded into the container, but saving this call's file changes failed \(QuotaExceededError/,
    );
    expect(content(await bash(c, "cat inputs/in.csv")).stdout).toBe("x\n");
    expect((await afterReopen(c, store, "cat inputs/in.csv")).stdout).toBe("x\n");
  });

  it("an output the store refuses still downloads by its id and is stored later", async () => {
    const store = newStore();
    const c = await make({ store });
    failNext(store, "putOutput");
    const block = content(await bash(c, 'printf chart > "$OUTPUT_DIR/chart.txt"'));
    expect(block.stderr).toContain("saving this call's file changes failed (QuotaExceededError");
    const [{ file_id }] = block.content;
    expect(new TextDecoder().decode(await c.downloadFile(file_id!))).toBe("chart");
    await c.close();
    expect(new TextDecoder().decode((await store.getOutput(file_id!))!.data)).toBe("chart");
  });

  it("a store that fails while a new worker reads the files does not lose the unsaved ones", async () => {
    const store = newStore();
    const c = await make({ store });
    failNext(store, "applyChanges", 2);
    await bash(c, "echo pending > p.txt");
    handleOf(c).crash();
    await handleOf(c).exited;
    // The new worker starts from the store plus what the store has not taken yet.
    expect(content(await bash(c, "cat p.txt"))).toMatchObject({ stdout: "pending\n", return_code: 0 });
    expect((await afterReopen(c, store, "cat p.txt")).stdout).toBe("pending\n");
  });
});

describe("damaged records", () => {
  async function seed() {
    const store = newStore();
    const c = await make({ store });
    await bash(c, "echo good > good.txt && echo one > nodata.txt && echo 0123456789 > short.txt && echo abc > flipped.txt");
    await c.close();
    const raw = createStore(store.dbName, "records");
    const key = (path: string) => ["v1", "file", c.id, `/workspace/${path}`];
    const record = async (path: string) =>
      (await rawGet(key(path), raw)) as { data: Uint8Array; mode: number; mtime: number; checksum: number };
    const nodata = await record("nodata.txt");
    await rawSet(key("nodata.txt"), { mode: nodata.mode, mtime: nodata.mtime }, raw);
    const short = await record("short.txt");
    await rawSet(key("short.txt"), { ...short, data: short.data.slice(0, 4) }, raw);
    const flipped = await record("flipped.txt");
    await rawSet(key("flipped.txt"), { ...flipped, checksum: (flipped.checksum + 1) >>> 0 }, raw);
    return { store, id: c.id };
  }

  it("are skipped and reported by path; the rest of the container opens", async () => {
    const { store, id } = await seed();
    const c = await make({ id, store });
    expect(c.warnings).toEqual([
      "/workspace/flipped.txt could not be restored: its 4 stored bytes do not match the record's checksum (truncated or altered). It was left out; the other files are restored.",
      "/workspace/nodata.txt could not be restored: the record has no file contents. It was left out; the other files are restored.",
      "/workspace/short.txt could not be restored: its 4 stored bytes do not match the record's checksum (truncated or altered). It was left out; the other files are restored.",
    ]);
    const block = content(await bash(c, "cat good.txt; ls"));
    expect(block.stdout).toBe("good\ngood.txt\n");
    expect(block.stderr).toBe(c.warnings.map((w) => `[sandbox: ${w}]\n`).join(""));
    // Shown once: the next result is clean.
    expect(content(await bash(c, "true")).stderr).toBe("");
  });
});

describe("worker death", () => {
  it("a worker that died while idle is replaced before the next call, which runs normally", async () => {
    const c = await make({ store: newStore() });
    await bash(c, "echo kept > k.txt");
    handleOf(c).crash();
    await handleOf(c).exited;
    expect((await bash(c, "cat k.txt")).content).toEqual({
      type: "bash_code_execution_result",
      stdout: "kept\n",
      stderr: "",
      return_code: 0,
      content: [],
    });
  });

  it("a worker that dies during a call: the block says why and what was kept, in words", async () => {
    const c = await make({ store: newStore() });
    await bash(c, "echo kept > k.txt");
    const running = python(c, "import time\nopen('during.txt', 'w').write('x')\nwhile True: time.sleep(0.05)");
    await new Promise((r) => setTimeout(r, 300));
    handleOf(c).crash();
    expect((await running).content).toEqual({
      type: "code_execution_result",
      stdout: "",
      stderr:
        "[sandbox: The runtime stopped during this call (the worker exited with code 1) and a new one was started. The files are as the previous calls saved them; what this call changed, and Python's variables, are lost.]\n",
      return_code: 137,
      content: [],
    });
    expect(content(await bash(c, "cat k.txt; ls"))).toMatchObject({ stdout: "kept\nk.txt\n", return_code: 0 });
  });

  it("a Stop on code that cannot be interrupted says exactly what was kept", async () => {
    const store = newStore();
    const c = await make({ store });
    await bash(c, "echo earlier > earlier.txt");
    const running = python(c, "open('before_loop.txt', 'w').write('x')\nsum(range(10**12))");
    await new Promise((r) => setTimeout(r, 500));
    c.interrupt();
    expect((await running).content).toEqual({
      type: "code_execution_result",
      stdout: "",
      stderr:
        "KeyboardInterrupt: stopped by the user; the runtime was restarted. The files are as the previous calls saved them; what this call changed before it was stopped, and Python's variables, are lost.\n",
      return_code: 130,
      content: [],
    });
    expect((await afterReopen(c, store, "ls")).stdout).toBe("earlier.txt\n");
  });
});

describe("bad input answers with a clear block", () => {
  it("a call whose getter throws answers invalid_tool_input instead of throwing", async () => {
    const c = await make({ store: newStore() });
    const hostile = {
      type: "server_tool_use",
      id: "srvtoolu_bad",
      name: "text_editor_code_execution",
      get input(): Record<string, unknown> {
        throw new Error("getter exploded");
      },
    } as unknown as ToolCall;
    let block: ToolResultBlock | undefined;
    expect(() => {
      void c.execute(hostile).then((b) => (block = b));
    }).not.toThrow();
    await vi.waitFor(() => expect(block).toBeDefined());
    expect(block).toEqual({
      type: "text_editor_code_execution_tool_result",
      tool_use_id: "srvtoolu_bad",
      content: {
        type: "text_editor_code_execution_tool_result_error",
        error_code: "invalid_tool_input",
        error_message: "The call could not be read: getter exploded. Send plain JSON data {type, id, name, input}.",
      },
    });
  });

  it("a NUL byte in an editor path is refused and creates nothing", async () => {
    const c = await make({ store: newStore() });
    const block = await edit(c, { command: "create", path: "a\0b.txt", file_text: "x" });
    expect(block.content).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message: '"path" contains a NUL character, which no file name may hold: "a\\u0000b.txt".',
    });
    expect(content(await bash(c, "ls")).stdout).toBe("");
  });

  it("create below a regular file says Not a directory", async () => {
    const c = await make({ store: newStore() });
    await bash(c, "echo x > plain.txt");
    const block = await edit(c, { command: "create", path: "plain.txt/child.txt", file_text: "y" });
    expect(block.content).toEqual({
      type: "text_editor_code_execution_tool_result_error",
      error_code: "invalid_tool_input",
      error_message:
        "Could not write /workspace/plain.txt/child.txt: Not a directory: /workspace/plain.txt is a file, so nothing can be created below it.",
    });
  });

  it("a closed container answers bash and Python with a sentence, not a bare unavailable", async () => {
    const c = await make({ store: newStore() });
    await c.close();
    expect((await bash(c, "true")).content).toEqual({
      type: "bash_code_execution_result",
      stdout: "",
      stderr: "[sandbox: This container is closed; create or reopen one.]\n",
      return_code: 1,
      content: [],
    });
  });
});
