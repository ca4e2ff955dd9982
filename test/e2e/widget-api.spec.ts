// <code-exec-sandbox> as a web developer embeds it: from a host page on ANOTHER origin (a second
// 127.0.0.1 port started here) loading the widget from the preview server, which sends the CORS
// headers the README lists. Attributes are checked, run() resolves with the result block, `code`
// is settable, events fire, container-id reuses a container, persist="false" keeps nothing, and a
// failed load says why inside the widget and lets Run try again.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { screen } from "./app.helpers.ts";
import { EXPIRED, keysOf, LIVE, seededKeys, seedExpiredAndLive } from "./seeded-containers.ts";

let host: { url: string; close(): Promise<void> };
/** Pages the host serves, by path. */
const pages = new Map<string, string>();

test.beforeAll(async () => {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/favicon.ico") return void res.writeHead(204).end();
    const body = pages.get(path);
    if (body === undefined) return void res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  host = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
});
test.afterAll(async () => host.close());

/** A host page with `body`, loading the widget from the preview server (another origin). */
function hostPage(path: string, body: string): string {
  const widget = new URL("widget/code-exec-sandbox.js", test.info().project.use.baseURL!).href;
  pages.set(path, `<!doctype html><meta charset="utf-8"><title>host</title><script type="module" src="${widget}"></script>\n${body}`);
  return `${host.url}${path}`;
}

function consoleMessages(page: Page) {
  const seen = { warnings: [] as string[], errors: [] as string[] };
  page.on("console", (m) => {
    if (m.type() === "warning") seen.warnings.push(m.text());
    if (m.type() === "error") seen.errors.push(m.text());
  });
  page.on("pageerror", (e) => seen.errors.push(e.message));
  return seen;
}

async function ready(page: Page, selector = "code-exec-sandbox") {
  await expect(page.locator(selector).getByTestId("status")).toContainText("Ready in", { timeout: 45_000 });
}

test("from another origin: checked attributes, run() with the block, settable code, events; persist=false stores nothing", async ({
  page,
}) => {
  const seen = consoleMessages(page);
  const url = hostPage(
    "/api.html",
    `<code-exec-sandbox id="w" code="print(1 + 1)" language="ruby" read-only="false" engine="foo" theme="purple"></code-exec-sandbox>`,
  );
  await page.goto(url);
  expect(new URL(url).origin).not.toBe(new URL(test.info().project.use.baseURL!).origin);
  await ready(page);
  const widget = page.locator("code-exec-sandbox");

  // Each invalid attribute is reported and falls back to its default.
  expect(seen.warnings.filter((w) => w.startsWith("<code-exec-sandbox>")).sort()).toEqual(
    [
      '<code-exec-sandbox>: engine="foo" is not valid (expected "local", "hosted", "auto"); using the default "local".',
      '<code-exec-sandbox>: language="ruby" is not valid (expected "python", "bash"); using the default "python".',
      '<code-exec-sandbox>: theme="purple" is not valid (expected "light", "dark", "system"); using the default "system".',
    ].sort(),
  );
  // read-only="false" is valid and means editable; "foo" is no engine, so there is no Chat tab.
  await expect(widget.getByTestId("console-input")).toHaveAttribute("contenteditable", "true");
  await expect(widget.getByTestId("console-mode")).toHaveValue("python");
  await expect(widget.getByRole("button", { name: "Chat" })).toHaveCount(0);
  expect(
    await page.evaluate(() => {
      const w = document.querySelector("code-exec-sandbox")!;
      return { engine: w.engine, language: w.language, readOnly: w.readOnly, theme: w.theme };
    }),
  ).toEqual({ engine: "local", language: "python", readOnly: false, theme: "system" });

  // Events, recorded in order, and run()'s answer.
  await page.evaluate(() => {
    const w = document.querySelector("code-exec-sandbox")!;
    const log: Array<{ type: string; detail: unknown }> = [];
    (window as unknown as { events: unknown[] }).events = log;
    for (const type of ["run-start", "output", "result", "error"])
      w.addEventListener(type, (e) => log.push({ type, detail: (e as CustomEvent).detail }));
  });
  const block = await page.evaluate(() => document.querySelector("code-exec-sandbox")!.run());
  expect(block).toEqual({
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_console1",
    content: { type: "code_execution_result", stdout: "2\n", stderr: "", return_code: 0, content: [] },
  });
  const events = (await page.evaluate(() => (window as unknown as { events: Array<{ type: string; detail: unknown }> }).events)) as Array<{
    type: string;
    detail: unknown;
  }>;
  expect(events[0]).toEqual({
    type: "run-start",
    detail: { call: { type: "server_tool_use", id: "srvtoolu_console1", name: "code_execution", input: { code: "print(1 + 1)" } } },
  });
  expect(events.at(-1)).toEqual({ type: "result", detail: { block } });
  expect(events.filter((e) => e.type === "output")).toEqual([{ type: "output", detail: { stream: "stdout", text: "2\n" } }]);

  // `code` is a property: set it, read it back, run it.
  await page.evaluate(() => (document.querySelector("code-exec-sandbox")!.code = "import sys\nprint('set from script', file=sys.stderr)"));
  await expect(widget.getByTestId("console-input")).toHaveText("import sysprint('set from script', file=sys.stderr)");
  expect(await page.evaluate(() => document.querySelector("code-exec-sandbox")!.code)).toBe(
    "import sys\nprint('set from script', file=sys.stderr)",
  );
  expect(await page.evaluate(() => document.querySelector("code-exec-sandbox")!.run())).toMatchObject({
    content: { stderr: "set from script\n", return_code: 0 },
  });
  await screen(page, "widget-cross-origin");

  // persist="false" is the default without container-id: nothing in the host's storage.
  expect(await page.evaluate(async () => ({ databases: await indexedDB.databases(), caches: await caches.keys() }))).toEqual({
    databases: [],
    caches: [],
  });
  expect(seen.errors).toEqual([]);
});

test("container-id reuses a container across page views: files, runs and draft come back", async ({ page }) => {
  const seen = consoleMessages(page);
  const id = "container_WidgetReuse0000000000001";
  const url = hostPage(
    "/reuse.html",
    `<code-exec-sandbox container-id="${id}" language="bash" code="echo kept > note.txt && cat note.txt"></code-exec-sandbox>`,
  );
  await page.goto(url);
  await ready(page);
  expect(await page.evaluate(() => document.querySelector("code-exec-sandbox")!.run())).toMatchObject({
    content: { stdout: "kept\n", return_code: 0 },
  });

  await page.reload();
  await ready(page);
  const widget = page.locator("code-exec-sandbox");
  // The earlier run is shown again, and the file is still there.
  await expect(widget.getByTestId("console-output")).toHaveAttribute("data-tool-use-id", "srvtoolu_console1");
  await page.evaluate(() => (document.querySelector("code-exec-sandbox")!.code = "cat note.txt; ls"));
  expect(await page.evaluate(() => document.querySelector("code-exec-sandbox")!.run())).toMatchObject({
    tool_use_id: "srvtoolu_console2",
    content: { stdout: "kept\nnote.txt\n", return_code: 0 },
  });
  const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(databases).toContain("code-exec-sandbox");
  expect(seen.errors).toEqual([]);
});

test("a widget that keeps its container deletes the host page's expired containers when it starts; a live one stays", async ({ page }) => {
  const seen = consoleMessages(page);
  await page.goto(hostPage("/keeps.html", `<code-exec-sandbox persist language="bash" code="echo hi"></code-exec-sandbox>`));
  await ready(page);
  await seedExpiredAndLive(page);
  expect(await seededKeys(page)).toEqual([...keysOf(EXPIRED), ...keysOf(LIVE)].sort());

  await page.reload();
  await ready(page);
  await expect.poll(() => seededKeys(page)).toEqual(keysOf(LIVE));
  expect(seen.errors).toEqual([]);
});

test("an invalid container-id is reported and a fresh, unkept container is used", async ({ page }) => {
  const seen = consoleMessages(page);
  await page.goto(hostPage("/bad-id.html", `<code-exec-sandbox container-id="../../etc"></code-exec-sandbox>`));
  await ready(page);
  expect(seen.warnings).toContain(
    '<code-exec-sandbox>: container-id="../../etc" is not valid (expected "container_" followed by 24 letters or digits); using the default.',
  );
  expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
});

test("a bad pyodide-url shows the error inside the widget, fires error, and Run works again", async ({ page }) => {
  const seen = consoleMessages(page);
  const missing = new URL("no-such-pyodide/", test.info().project.use.baseURL!).href;
  await page.goto(hostPage("/bad-url.html", `<code-exec-sandbox pyodide-url="${missing}" code="print(1)"></code-exec-sandbox>`));
  const widget = page.locator("code-exec-sandbox");
  await expect(widget.getByTestId("status")).toContainText("Python could not start", { timeout: 45_000 });
  await expect(widget.getByTestId("console-run")).toBeEnabled();
  await page.evaluate(() => {
    const w = document.querySelector("code-exec-sandbox")!;
    (window as unknown as { failures: unknown[] }).failures = [];
    w.addEventListener("error", (e) => (window as unknown as { failures: unknown[] }).failures.push((e as CustomEvent).detail));
  });
  const outcome = await page.evaluate(() =>
    document
      .querySelector("code-exec-sandbox")!
      .run()
      .then(
        () => "resolved",
        (e: Error) => e.message,
      ),
  );
  // (The preview server answers a missing path with its index page, as many static hosts do.)
  expect(outcome).toMatch(
    /^The code did not run: .*could not load http:\/\/127\.0\.0\.1:\d+\/no-such-pyodide\/[\w.]+: the server answered with an HTML page, not this file \(is the folder right\?\)$/,
  );
  expect(await page.evaluate(() => (window as unknown as { failures: Array<{ message: string }> }).failures)).toEqual([
    { message: outcome },
  ]);
  await expect(widget.getByTestId("console-failure")).toHaveText(outcome);
  await expect(widget.getByTestId("not-run")).toHaveText("not run");
  // Not stuck on "Running…": Run is enabled and tries again.
  await expect(widget.getByTestId("console-run")).toHaveText("Run");
  await expect(widget.getByTestId("console-run")).toBeEnabled();
  await widget.getByTestId("console-run").click();
  await expect(widget.getByTestId("console-failure")).toHaveCount(2);
  await expect(widget.getByTestId("console-run")).toBeEnabled();
  await screen(page, "widget-bad-pyodide-url");
  expect(seen.errors).toEqual([]);
});
