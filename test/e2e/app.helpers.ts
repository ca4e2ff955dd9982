// Helpers for the app's browser tests: a plain static server (no special headers, like any
// static host), a CORS front for the fake Messages API (a browser page calls it cross-origin,
// and the SSE is paced so streaming is visible), error collection and named screenshots.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startFakeAnthropic, type FakeAnthropic } from "../fixtures/fake-anthropic/server.ts";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

function listen(server: Server): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((done) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      done({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((closed) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => closed());
          }),
      });
    }),
  );
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".png": "image/png",
};

/** Serves `root` as a plain static host would: files only, no COOP/COEP headers. */
export function startStaticServer(root: string): Promise<RunningServer> {
  const base = resolve(root);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return listen(server);
}

/**
 * Forwards to `target`, adding the CORS headers a browser needs for a cross-origin API, and
 * sends SSE events one by one, `paceMs` apart, as a real stream arrives.
 */
export function startCorsFront(target: string, paceMs = 25): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const origin = req.headers.origin ?? "*";
    const cors = {
      "access-control-allow-origin": origin,
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "*",
      vary: "Origin",
    };
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        ...cors,
        "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
        "access-control-max-age": "600",
      });
      res.end();
      return;
    }
    const headers = { ...req.headers };
    delete headers.origin;
    delete headers.host;
    const upstream = httpRequest(new URL(req.url ?? "/", target), { method: req.method, headers }, async (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...cors });
      if (!String(answer.headers["content-type"] ?? "").startsWith("text/event-stream")) {
        answer.pipe(res);
        return;
      }
      let buffered = "";
      for await (const chunk of answer) {
        buffered += String(chunk);
        for (let end = buffered.indexOf("\n\n"); end !== -1; end = buffered.indexOf("\n\n")) {
          res.write(buffered.slice(0, end + 2));
          buffered = buffered.slice(end + 2);
          await new Promise((r) => setTimeout(r, paceMs));
        }
      }
      res.end(buffered);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  return listen(server);
}

/** Console errors and uncaught exceptions of a page (the tests expect none). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

export async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId("status")).toContainText("Ready in", { timeout: 45_000 });
}

/** A named screenshot kept in test-results/screens/ for people to look at. */
export async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

/** Fills the console editor and runs it with the keyboard shortcut; returns the result block. */
export async function runInConsole(page: Page, mode: "bash" | "python", source: string): Promise<unknown> {
  const before = await page.getByTestId("console-output").count();
  const previous = before ? await page.getByTestId("console-output").getAttribute("data-tool-use-id") : null;
  await page.getByTestId("console-mode").selectOption(mode);
  await page.getByTestId("console-input").fill(source);
  await page.getByTestId("console-input").press("Control+Enter");
  const output = page.getByTestId("console-output");
  if (previous) await expect(output).not.toHaveAttribute("data-tool-use-id", previous);
  await expect(output).toHaveAttribute("data-block", /tool_result/, { timeout: 30_000 });
  return JSON.parse((await output.getAttribute("data-block"))!);
}

/**
 * A fake Messages API behind a CORS front, started before each test of the file and stopped after
 * it. `setup` runs on the fake before the front opens (to register models, say).
 */
export function useFakeApi(setup?: (fake: FakeAnthropic) => void): { fake: FakeAnthropic; front: RunningServer } {
  const api = {} as { fake: FakeAnthropic; front: RunningServer };
  test.beforeEach(async () => {
    api.fake = await startFakeAnthropic();
    setup?.(api.fake);
    api.front = await startCorsFront(api.fake.url);
  });
  test.afterEach(async () => {
    await api.front.close();
    await api.fake.close();
  });
  return api;
}
