// Agent Skills in the app, in Chromium: a skill zip built here is added in the Skills panel,
// enabled, found read-only at /skills/<name>/ in the page's container, and described in the
// local agent's system prompt (the fake Messages API records what the page sent).
import { zipSync, strToU8 } from "fflate";
import { expect, test, type Page } from "@playwright/test";
import { streamStep } from "../fixtures/fake-anthropic/sse.ts";
import { collectErrors, runInConsole, screen, useFakeApi, waitReady } from "./app.helpers.ts";

const NAME = "sales-digest";
const DESCRIPTION = "Turns a sales CSV into a one-paragraph digest. Use it when the user asks for a sales summary.";
const DIGEST_PY =
  "import csv, sys\nrows = list(csv.DictReader(open(sys.argv[1])))\nprint(f'{len(rows)} sales, total {sum(float(r[\"amount\"]) for r in rows):.2f}')\n";
const SKILL_MD = `---\nname: ${NAME}\ndescription: ${DESCRIPTION}\n---\n\n# Sales digest\n\nRun \`python3 /skills/${NAME}/digest.py FILE\`.\n`;

function skillZip(name: string, description: string, extra: Record<string, string> = {}): Buffer {
  const files: Record<string, Uint8Array> = {
    [`${name}/SKILL.md`]: strToU8(`---\nname: ${name}\ndescription: ${description}\n---\n\nBody.\n`),
  };
  for (const [path, text] of Object.entries(extra)) files[`${name}/${path}`] = strToU8(text);
  return Buffer.from(zipSync(files));
}

async function addZip(page: Page, fileName: string, zip: Buffer): Promise<void> {
  await page.getByTestId("skill-zip-input").setInputFiles({ name: fileName, mimeType: "application/zip", buffer: zip });
}

const api = useFakeApi();

test("a skill zip added in the app is mounted read-only at /skills/<name>/ and described to the local agent", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);

  await page.getByTestId("tab-skills").click();
  await expect(page.getByTestId("skills-empty")).toBeVisible();
  const zip = Buffer.from(
    zipSync({
      [`${NAME}/SKILL.md`]: strToU8(SKILL_MD),
      [`${NAME}/digest.py`]: strToU8(DIGEST_PY),
    }),
  );
  await addZip(page, "sales-digest.zip", zip);
  await expect(page.getByTestId("skills-notice")).toHaveText(
    `Added ${NAME} (2 files, ${formatSize(Buffer.byteLength(SKILL_MD) + Buffer.byteLength(DIGEST_PY))}).`,
  );
  const item = page.getByTestId("skill-item");
  await expect(item).toHaveAttribute("data-name", NAME);
  await expect(item.locator(".description")).toHaveText(DESCRIPTION);
  await item.locator("summary").click();
  await expect(item.getByTestId("skill-files").locator("li")).toHaveText([/^SKILL\.md \(/, /^digest\.py \(/]);
  await item.getByTestId("skill-enabled").check();
  await expect(page.getByTestId("skills-count")).toHaveText("1 of 20 enabled");
  await screen(page, "skills-panel");

  // The container reopened with the skill: the console reads it, runs its script, cannot change it.
  await page.getByTestId("tab-console").click();
  await waitReady(page);
  expect(await runInConsole(page, "bash", `cat /skills/${NAME}/SKILL.md`)).toMatchObject({ content: { stdout: SKILL_MD, return_code: 0 } });
  expect(await runInConsole(page, "bash", `printf 'amount\\n2.5\\n4\\n' > s.csv && python3 /skills/${NAME}/digest.py s.csv`)).toMatchObject(
    { content: { stdout: "2 sales, total 6.50\n", return_code: 0 } },
  );
  const write = (await runInConsole(page, "bash", `echo changed > /skills/${NAME}/SKILL.md`)) as {
    content: { stderr: string; return_code: number };
  };
  expect(write.content.return_code).not.toBe(0);
  expect(write.content.stderr).toMatch(/read-only file system/);

  // A conversation on the local engine: the system prompt lists the skill; Claude reads it.
  api.fake.enqueue(
    streamStep({
      content: [{ type: "tool_use", id: "toolu_skill_cat", name: "bash", input: { command: `cat /skills/${NAME}/SKILL.md` } }] as never,
      stop_reason: "tool_use",
    }),
    streamStep({ content: [{ type: "text", text: "I read the skill.", citations: null }] as never, stop_reason: "end_turn" }),
  );
  await page.getByTestId("tab-settings").click();
  await page.getByTestId("settings-engine").selectOption("local");
  await page.getByTestId("settings-api-key").fill("test-key");
  await page.getByTestId("settings-base-url").fill(api.front.url);
  await page.getByTestId("tab-chat").click();
  await page.getByTestId("chat-input").fill("Give me a sales summary");
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("chat-notice").last()).toHaveText(/^Done \(end_turn\)/, { timeout: 30_000 });
  const [first, second] = api.fake.messageBodies() as Array<{ system: string; messages: Array<{ role: string; content: unknown }> }>;
  expect(first!.system).toContain(`\n- ${NAME}: ${DESCRIPTION}`);
  expect(first!.system).toContain("Skills are installed read-only in /skills.");
  expect(second!.messages.at(-1)).toEqual({
    role: "user",
    content: [{ type: "tool_result", tool_use_id: "toolu_skill_cat", content: SKILL_MD.trimEnd() }],
  });
  expect(api.fake.pending()).toBe(0);
  expect(errors).toEqual([]);
});

test("bad skill zips are refused with a reason, and a 21st enabled skill is refused", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("tab-skills").click();

  await addZip(page, "claude-helper.zip", skillZip("claude-helper", "Helps."));
  await expect(page.getByTestId("skills-notice")).toHaveText(
    'claude-helper.zip: SKILL.md\'s frontmatter: the name "claude-helper" contains the reserved word "claude".',
  );
  await addZip(page, "not-a-zip.zip", Buffer.from("hello, not a zip"));
  await expect(page.getByTestId("skills-notice")).toHaveText(
    "not-a-zip.zip: The skill could not be read: it is not a readable zip archive.",
  );
  await addZip(page, "nothing.zip", Buffer.from(zipSync({ "x/README.md": strToU8("hi") })));
  await expect(page.getByTestId("skills-notice")).toHaveText("nothing.zip: The skill has no SKILL.md at the top of its folder.");
  // 31 MB of zeros zip to a few KB; the declared size is refused before anything is inflated.
  await addZip(
    page,
    "huge.zip",
    Buffer.from(
      zipSync({
        "huge/SKILL.md": strToU8("---\nname: huge\ndescription: Big.\n---\n"),
        "huge/zeros.bin": new Uint8Array(31 * 1024 * 1024),
      }),
    ),
  );
  await expect(page.getByTestId("skills-notice")).toHaveText(
    "huge.zip: The skill could not be read: unpacked, it would be larger than 30 MB.",
  );
  await expect(page.getByTestId("skills-empty")).toBeVisible();

  for (let i = 1; i <= 21; i++) {
    await addZip(page, `s${i}.zip`, skillZip(`skill-${String(i).padStart(2, "0")}`, `Skill number ${i}.`));
    await expect(page.getByTestId("skills-notice")).toHaveText(new RegExp(`^Added skill-${String(i).padStart(2, "0")} `));
  }
  const boxes = page.getByTestId("skill-enabled");
  await expect(boxes).toHaveCount(21);
  for (let i = 0; i < 20; i++) await boxes.nth(i).check();
  await expect(page.getByTestId("skills-count")).toHaveText("20 of 20 enabled");
  await boxes.nth(20).click();
  await expect(page.getByTestId("skills-notice")).toHaveText(
    "At most 20 skills can be enabled for a conversation (the API's limit per request). Disable one first.",
  );
  await expect(boxes.nth(20)).not.toBeChecked();
  await expect(page.getByTestId("skills-count")).toHaveText("20 of 20 enabled");
  expect(errors).toEqual([]);
});

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}
