// The containers panel: a name people can edit, size, file count and last use, and a container
// exported as a zip and imported from one (unsafe or broken zips are refused whole).
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync, zipSync, strToU8 } from "fflate";
import { expect, test } from "@playwright/test";
import { collectErrors, runInConsole, screen, waitReady } from "./app.helpers.ts";

test("name, size, file count and last use; export as a zip and import it as a new container", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await runInConsole(
    page,
    "bash",
    "mkdir -p data && printf 'a,b\\n1,2\\n' > data/t.csv && printf 'hello' > note.txt && chmod 755 note.txt",
  );
  await page.getByTestId("tab-containers").click();
  const current = page.getByTestId("container-current");
  await expect(current.getByTestId("container-facts")).toHaveText(/^2 files · 13 B · used just now · expires in 29 days$/);
  await current.getByTestId("container-name").fill("Sales analysis");
  await current.getByTestId("container-name").press("Enter");
  await page.reload();
  await waitReady(page);
  await page.getByTestId("tab-containers").click();
  await expect(current.getByTestId("container-name")).toHaveValue("Sales analysis");
  await screen(page, "containers-named");

  const download = page.waitForEvent("download");
  await current.getByTestId("export-container").click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe("Sales-analysis.zip");
  const zip = new Uint8Array(readFileSync((await saved.path())!));
  const entries = unzipSync(zip);
  expect(Object.keys(entries).sort()).toEqual([
    "container.json",
    "workspace/",
    "workspace/data/",
    "workspace/data/t.csv",
    "workspace/note.txt",
  ]);
  expect(strFromU8(entries["workspace/data/t.csv"]!)).toBe("a,b\n1,2\n");
  const manifest = JSON.parse(strFromU8(entries["container.json"]!));
  expect(manifest).toMatchObject({ format: "code-exec-sandbox/container", version: 1, name: "Sales analysis" });
  expect(manifest.files["workspace/note.txt"].mode & 0o777).toBe(0o755);

  await page
    .getByTestId("import-container")
    .setInputFiles({ name: "Sales-analysis.zip", mimeType: "application/zip", buffer: Buffer.from(zip) });
  await expect(page.getByTestId("containers-notice")).toHaveText('Imported "Sales analysis": 2 files, 13 B. Open it below.');
  const imported = page.getByTestId("container-item");
  await expect(imported).toHaveCount(1);
  await expect(imported.getByTestId("container-name")).toHaveValue("Sales analysis");
  await expect(imported.getByTestId("container-facts")).toHaveText(/^2 files · 13 B · not used yet · expires in 29 days$/);
  const importedId = (await imported.getAttribute("data-id"))!;
  await imported.getByRole("button", { name: "Open" }).click();
  await waitReady(page);
  await expect(page.getByTestId("container-current")).toHaveAttribute("data-id", importedId);
  await page.getByTestId("tab-console").click();
  expect(await runInConsole(page, "bash", "cat data/t.csv note.txt && stat -c %a note.txt")).toMatchObject({
    content: { stdout: "a,b\n1,2\nhello755\n", return_code: 0 },
  });
  expect(errors).toEqual([]);
});

test("a zip with an unsafe path or that is no zip is refused, and no container is made", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("tab-containers").click();
  const evil = zipSync({ "workspace/ok.txt": strToU8("fine"), "../../escape.txt": strToU8("no") });
  await page.getByTestId("import-container").setInputFiles({ name: "evil.zip", mimeType: "application/zip", buffer: Buffer.from(evil) });
  await expect(page.getByTestId("containers-error")).toHaveText(
    'evil.zip was not imported: the entry "../../escape.txt" cannot be a file path (it has an empty, . or .. part).',
  );
  await page
    .getByTestId("import-container")
    .setInputFiles({ name: "notes.zip", mimeType: "application/zip", buffer: Buffer.from("not a zip at all") });
  await expect(page.getByTestId("containers-error")).toContainText("notes.zip was not imported: it is not a readable zip file");
  await expect(page.getByTestId("container-item")).toHaveCount(0);
  await screen(page, "containers-import-refused");
  expect(errors).toEqual([]);
});
