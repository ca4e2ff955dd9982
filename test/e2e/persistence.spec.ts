// Files live in the page's IndexedDB: after a reload, a container reopened by id has every file
// back byte for byte, and output files still download by their file_id.
import { chromium, expect, test } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Sandbox = Window["sandbox"];
type Block = { content: { type?: string; stdout?: string; stderr?: string; return_code?: number; content?: Array<{ file_id: string }> } };

test("a reload keeps shell files, uploads and outputs of a reopened container", async ({ page }) => {
  await page.goto("./harness.html");
  await expect(page.locator("#status")).toHaveText("ready");

  const csv = "city,temp\nOslo,-3\nLima,24\n";
  const before = await page.evaluate(async (csv) => {
    const sandbox: Sandbox = window.sandbox;
    const container = await sandbox.createContainer();
    const run = (command: string) =>
      container.execute({ type: "server_tool_use", id: "srvtoolu_p", name: "bash_code_execution", input: { command } }) as Promise<Block>;
    await run("echo data > /workspace/a.txt");
    const upload = await container.uploadFile("weather.csv", new TextEncoder().encode(csv));
    const out = await run("python3 -c \"import os; open(os.environ['OUTPUT_DIR'] + '/chart.bin', 'wb').write(bytes(range(256)))\"");
    await container.close();
    return { id: container.id, upload, outputId: out.content.content![0]!.file_id };
  }, csv);
  expect(before.upload.path).toBe("/workspace/inputs/weather.csv");

  await page.reload();
  await expect(page.locator("#status")).toHaveText("ready");

  const after = await page.evaluate(
    async ({ id, uploadId, outputId }) => {
      const sandbox: Sandbox = window.sandbox;
      const listed = (await sandbox.listContainers()).map((c) => c.id);
      const container = await sandbox.createContainer({ id });
      const shown = (await container.execute({
        type: "server_tool_use",
        id: "srvtoolu_q",
        name: "bash_code_execution",
        input: { command: "cat /workspace/a.txt /workspace/inputs/weather.csv" },
      })) as Block;
      const output = Array.from(await container.downloadFile(outputId));
      const upload = new TextDecoder().decode(await container.downloadFile(uploadId));
      await container.close();
      return { listed, stdout: shown.content.stdout, output, upload };
    },
    { id: before.id, uploadId: before.upload.file_id, outputId: before.outputId },
  );

  expect(after.listed).toContain(before.id);
  expect(after.stdout).toBe(`data\n${csv}`);
  expect(after.upload).toBe(csv);
  expect(after.output).toEqual(Array.from({ length: 256 }, (_, i) => i));
});

test("an unknown container id is a clear error, not a new container", async ({ page }) => {
  await page.goto("./harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  const result = await page.evaluate(async () => {
    try {
      await window.sandbox.createContainer({ id: "container_000000000000000000000000" });
      return "created";
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  });
  expect(result).toMatch(/^ContainerNotFoundError: .*container_000000000000000000000000/);
});

// The browser process is killed (SIGKILL, no unload, no close()) right after `execute` resolves:
// what that call wrote was already committed to IndexedDB, so a new browser on the same profile
// reopens the container with every file.
test("files written by a call survive the browser being killed right after execute resolves", async ({ baseURL }, testInfo) => {
  const profile = await mkdtemp(join(tmpdir(), "sandbox-kill-"));
  const launchOptions = testInfo.project.use.launchOptions ?? {};
  const open = async () => {
    const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto("./harness.html");
    await expect(page.locator("#status")).toHaveText("ready");
    return { context, page };
  };
  try {
    const first = await open();
    const id = await first.page.evaluate(async () => {
      const container = await window.sandbox.createContainer();
      await container.execute({
        type: "server_tool_use",
        id: "srvtoolu_k",
        name: "bash_code_execution",
        input: { command: "echo survived > a.txt && python3 -c \"open('b.bin', 'wb').write(bytes(range(256)) * 4096)\"" },
      });
      return container.id;
    });
    const closed = new Promise((resolve) => first.context.once("close", resolve));
    killBrowser(profile);
    await closed;

    const second = await open();
    const after = await second.page.evaluate(async (id) => {
      const container = await window.sandbox.createContainer({ id });
      const block = (await container.execute({
        type: "server_tool_use",
        id: "srvtoolu_k2",
        name: "bash_code_execution",
        input: { command: "cat a.txt && python3 -c \"print(open('b.bin', 'rb').read() == bytes(range(256)) * 4096)\"" },
      })) as Block;
      await container.close();
      return block.content;
    }, id);
    await second.context.close();
    expect(after).toEqual({ type: "bash_code_execution_result", stdout: "survived\nTrue\n", stderr: "", return_code: 0, content: [] });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});

/** SIGKILLs the browser process this test launched on `profile` (found by its own profile folder). */
function killBrowser(profile: string): void {
  const pids = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return args.includes(`--user-data-dir=${profile}`) && !args.some((arg) => arg.startsWith("--type="));
      } catch {
        return false; // gone meanwhile
      }
    });
  expect(pids).toHaveLength(1);
  process.kill(Number(pids[0]), "SIGKILL");
}
