// Red team, disk budget: user code that tries to write around the worker's own ENOSPC check
// (through an Emscripten stream's stream_ops.write, which skips FS.write) cannot store more than
// limits.diskBytes. Two layers stop it: Python's pyodide_js has no FS (python-globals.ts), and the
// page counts every persisted change against the budget (persistence.ts; test/unit/faults.test.ts
// drives that check alone with the change set a compromised worker would send).
import { expect, test } from "@playwright/test";

const MiB = 1024 * 1024;
type Block = { content: { stdout?: string; stderr?: string; return_code?: number } };

test("a 4 MiB write through stream_ops.write under a 1 MB budget is not stored or restored", async ({ page }) => {
  await page.goto("./harness.html");
  await expect(page.locator("#status")).toHaveText("ready");

  const attack = await page.evaluate(async (MiB) => {
    const { createContainer, ContainerStore } = window.sandbox;
    const container = await createContainer({ limits: { diskBytes: MiB } });
    const run = (name: "bash_code_execution" | "code_execution", input: Record<string, unknown>) =>
      container.execute({ type: "server_tool_use", id: "srvtoolu_disk", name, input }) as Promise<Block>;
    await run("bash_code_execution", { command: "echo small > big.bin" });
    const bypass = await run("code_execution", {
      code: [
        "import pyodide_js",
        "from pyodide.ffi import to_js",
        "FS = pyodide_js.FS",
        "s = FS.open('/workspace/big.bin', 'w')",
        `data = to_js(b'z' * ${4 * MiB})`,
        "s.stream_ops.write(s, data, 0, data.length, 0)",
        "FS.close(s)",
        "import os; print(os.path.getsize('/workspace/big.bin'))",
      ].join("\n"),
    });
    await container.close();
    const stored = (await new ContainerStore().loadFiles(container.id)).get("/workspace/big.bin");
    return { id: container.id, bypass: bypass.content, storedBytes: stored?.data.length ?? null };
  }, MiB);

  // The attack finds no FS to write through, and the store keeps the last contents that fit.
  expect(attack.bypass.stderr).toContain("AttributeError");
  expect(attack.bypass.stdout).toBe("");
  expect(attack.storedBytes).toBe(6);

  // A reload reopens the container from the store: the oversized file does not come back.
  await page.reload();
  await expect(page.locator("#status")).toHaveText("ready");
  const reopened = await page.evaluate(
    async ({ id, MiB }) => {
      const container = await window.sandbox.createContainer({ id, limits: { diskBytes: MiB } });
      const block = (await container.execute({
        type: "server_tool_use",
        id: "srvtoolu_after",
        name: "bash_code_execution",
        input: { command: "wc -c < big.bin" },
      })) as Block;
      await container.close();
      return block.content.stdout;
    },
    { id: attack.id, MiB },
  );
  expect(reopened).toBe("6\n");
});
