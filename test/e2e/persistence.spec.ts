// Files live in the page's IndexedDB: after a reload, a container reopened by id has every file
// back byte for byte, and output files still download by their file_id.
import { expect, test } from "@playwright/test";

type Sandbox = Window["sandbox"];
type Block = { content: { stdout?: string; stderr?: string; return_code?: number; content?: Array<{ file_id: string }> } };

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
    const out = await run('python3 -c "import os; open(os.environ[\'OUTPUT_DIR\'] + \'/chart.bin\', \'wb\').write(bytes(range(256)))"');
    await container.close();
    return { id: container.id, upload, outputId: out.content.content![0]!.file_id };
  }, csv);
  expect(before.upload.path).toBe("/workspace/inputs/weather.csv");

  await page.reload();
  await expect(page.locator("#status")).toHaveText("ready");

  const after = await page.evaluate(async ({ id, uploadId, outputId }) => {
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
  }, { id: before.id, uploadId: before.upload.file_id, outputId: before.outputId });

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
