// The hosted engine in the app, against the fake Messages API: code_execution_20260521 chosen in
// Settings, an expired container replaced mid-conversation with a notice the user sees, and the
// Skills panel's skills in container.skills.
import { strToU8, zipSync } from "fflate";
import { expect, test } from "@playwright/test";
import { modelInfo } from "../fixtures/fake-anthropic/models.ts";
import { streamStep } from "../fixtures/fake-anthropic/sse.ts";
import { collectErrors, screen, useFakeApi, waitReady } from "./app.helpers.ts";

const OLD = { id: "container_011CPR5CNjB747bTd36fQLFk", expires_at: "2026-12-01T00:00:00Z", skills: null };
const NEW = { id: "container_02replacement", expires_at: "2026-12-02T00:00:00Z", skills: null };

const api = useFakeApi((fake) => {
  fake.models.set("claude-sonnet-5", modelInfo("claude-sonnet-5", { codeExecutionTool: true, programmatic: true }));
});

test("code_execution_20260521 from Settings, and an expired hosted container replaced with the upload sent again", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("tab-settings").click();
  await page.getByTestId("settings-engine").selectOption("hosted");
  await page.getByTestId("settings-api-key").fill("test-key");
  await page.getByTestId("settings-base-url").fill(api.front.url);
  await page.getByTestId("settings-tool-version").selectOption("code_execution_20260521");

  api.fake.enqueue(
    streamStep({ content: [{ type: "text", text: "Read it.", citations: null }] as never, stop_reason: "end_turn", container: OLD }),
  );
  await page.getByTestId("tab-chat").click();
  await page.getByTestId("chat-attach").setInputFiles({ name: "data.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") });
  await expect(page.getByTestId("chat-attachment")).toHaveCount(1);
  await page.getByTestId("chat-input").fill("Read data.csv");
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("chat-notice").last()).toHaveText(/^Done \(end_turn\)/, { timeout: 20_000 });

  api.fake.enqueue(
    { kind: "error", status: 400, type: "container_expired", message: `Container ${OLD.id} has expired.` },
    streamStep({ content: [{ type: "text", text: "Still here.", citations: null }] as never, stop_reason: "end_turn", container: NEW }),
  );
  await page.getByTestId("chat-input").fill("Sum column b");
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("chat-notice").last()).toHaveText(/^Done \(end_turn\)/, { timeout: 20_000 });
  await expect(page.getByTestId("chat-notice").first()).toHaveText(
    `New container. The hosted container ${OLD.id} was lost (400 container_expired: Container ${OLD.id} has expired.); ` +
      "the conversation goes on in a new one, with 1 file uploaded again: data.csv.",
  );
  await screen(page, "container-replaced");

  const bodies = api.fake.messageBodies();
  expect(bodies.map((b) => (b["tools"] as Array<{ type: string }>)[0]!.type)).toEqual([
    "code_execution_20260521",
    "code_execution_20260521",
    "code_execution_20260521",
  ]);
  expect(bodies.map((b) => b["container"])).toEqual([undefined, OLD.id, undefined]);
  const uploads = api.fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/files");
  expect(uploads.map((r) => (r.body as { file: { filename: string } }).file.filename)).toEqual(["data.csv", "data.csv"]);
  const lastTurn = (bodies[2]!["messages"] as Array<{ content: Array<{ type: string; file_id?: string }> }>).at(-1)!;
  expect(lastTurn.content[0]).toEqual({ type: "container_upload", file_id: "file_fakeupload002" });
  expect(api.fake.pending()).toBe(0);
  // The browser logs the expired container's HTTP 400 itself; nothing else went wrong.
  expect(errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
});

test("skills enabled in the Skills panel go in container.skills: Anthropic's by id, a zip's uploaded through the Skills API", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await page.getByTestId("tab-skills").click();
  const skillMd = "---\nname: tidy-csv\ndescription: Cleans up CSV headers.\n---\n\nBody.\n";
  await page.getByTestId("skill-zip-input").setInputFiles({
    name: "tidy.zip",
    mimeType: "application/zip",
    buffer: Buffer.from(zipSync({ "tidy-csv/SKILL.md": strToU8(skillMd) })),
  });
  await page.getByTestId("skill-item").getByTestId("skill-enabled").check();
  await page.locator('[data-testid="anthropic-skill"][data-id="xlsx"]').check();
  await expect(page.getByTestId("skills-count")).toHaveText("2 of 20 enabled");
  await screen(page, "skills-panel-hosted");

  await page.getByTestId("tab-settings").click();
  await page.getByTestId("settings-engine").selectOption("hosted");
  await page.getByTestId("settings-api-key").fill("test-key");
  await page.getByTestId("settings-base-url").fill(api.front.url);
  api.fake.enqueue(
    streamStep({ content: [{ type: "text", text: "One.", citations: null }] as never, stop_reason: "end_turn", container: OLD }),
    streamStep({ content: [{ type: "text", text: "Two.", citations: null }] as never, stop_reason: "end_turn", container: OLD }),
  );
  await page.getByTestId("tab-chat").click();
  for (const text of ["Make a sheet", "And tidy it"]) {
    await page.getByTestId("chat-input").fill(text);
    await page.getByTestId("chat-send").click();
    await expect(page.getByTestId("chat-notice").last()).toHaveText(/^Done \(end_turn\)/, { timeout: 20_000 });
  }

  const created = [...api.fake.skills.values()];
  expect(created.map((s) => s.files.map((f) => [f.filename, Buffer.from(f.data).toString()]))).toEqual([[["tidy-csv/SKILL.md", skillMd]]]);
  const skills = [
    { type: "anthropic", skill_id: "xlsx", version: "latest" },
    { type: "custom", skill_id: "skill_fake001", version: "latest" },
  ];
  expect(api.fake.messageBodies().map((b) => b["container"])).toEqual([{ skills }, { id: OLD.id, skills }]);
  expect(api.fake.requests.filter((r) => r.path === "/v1/messages").map((r) => r.headers["anthropic-beta"])).toEqual([
    "skills-2025-10-02",
    "skills-2025-10-02",
  ]);
  expect(errors).toEqual([]);
});
