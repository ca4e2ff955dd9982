// Chromium half of the benchmark, through Playwright: the built harness page (dist/app) next to a
// page that loads plain Pyodide from the same server, same run. The server sends what
// `vite preview` sends (COOP/COEP, Cache-Control: no-cache, ETag revalidation), so a second
// visit revalidates from the HTTP cache like a static host would.
import { chromium } from "@playwright/test";
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize } from "node:path";
import { BIG_BYTES, CALLS, FILES, ROUNDS, idbKeyvalRestoreAndPersist, restoreAndPersist } from "./shared.mjs";
import { benchSource, chromiumPackageBench } from "./packages.mjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";

const root = process.cwd();
const appDir = join(root, "dist/app");
const require = createRequire(import.meta.url);
const pyodideDir = dirname(require.resolve("pyodide/package.json"));
const idbKeyval = join(dirname(require.resolve("idb-keyval/package.json")), "dist/index.js");

const TYPES = {
  ".html": "text/html;charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".zip": "application/zip",
  ".css": "text/css",
  ".svg": "image/svg+xml",
};

const PLAIN_PAGE = `<!doctype html><meta charset="utf-8"><title>plain pyodide</title><script type="module">
const { loadPyodide } = await import("./pyodide.mjs");
const py = await loadPyodide({ indexURL: "../pyodide/" });
const result = py.runPython("1+1");
window.firstResult = { ms: performance.now(), result };
window.py = py;
</script>`;
const PLAIN_WORKER = `import { loadPyodide } from "./pyodide.mjs";
const py = await loadPyodide({ indexURL: "../pyodide/" });
postMessage(py.runPython("1+1"));`;

/** Bench-only routes next to the built site. */
const extra = {
  "/bench/plain.html": { body: PLAIN_PAGE, type: TYPES[".html"] },
  "/bench/plain-worker.mjs": { body: PLAIN_WORKER, type: TYPES[".js"] },
  "/bench/pyodide.mjs": { file: join(pyodideDir, "pyodide.mjs") },
  "/bench/idb-keyval.mjs": { file: idbKeyval },
};

/** The package bench's wheel and lock, under /bench/packages/<any folder>/. */
const packageScratch = mkdtempSync(join(tmpdir(), "bench-chromium-"));
const packageFolder = benchSource(packageScratch);

export function startServer() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const packageFile = /^\/bench\/packages\/[\w-]+\/([\w.+-]+)$/.exec(path)?.[1];
    const route = packageFile ? { file: join(packageFolder, packageFile) } : extra[path];
    const file = route?.file ?? (route ? null : join(appDir, normalize(path === "/" ? "/index.html" : path)));
    const headers = {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cache-Control": "no-cache",
    };
    if (route?.body) {
      res.writeHead(200, { ...headers, "Content-Type": route.type });
      res.end(route.body);
      return;
    }
    let st;
    try {
      st = statSync(file);
    } catch {
      res.writeHead(404, headers).end();
      return;
    }
    const etag = `W/"${st.size}-${st.mtimeMs}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { ...headers, ETag: etag }).end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      ETag: etag,
      "Content-Length": st.size,
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Sum of the proportional set size of the browser's process tree, in MiB. */
function treePssMiB(rootPid) {
  const parents = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {}
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let kib = 0;
  for (const pid of tree) {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      if (m) kib += Number(m[1]);
    } catch {}
  }
  return kib / 1024;
}

/** The browser process this script launched (a child of this process). */
function browserPid() {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && readFileSync(`/proc/${name}/cmdline`, "utf8").includes("chrom")) return Number(name);
    } catch {}
  }
  return null;
}

/** Samples the browser's memory while `work` runs; answers [result, peak MiB]. */
async function withPeak(_browser, work) {
  const pid = browserPid();
  let peak = 0;
  const sample = () => (peak = Math.max(peak, pid ? treePssMiB(pid) : 0));
  const timer = setInterval(sample, 100);
  try {
    const result = await work();
    sample();
    return [result, peak];
  } finally {
    clearInterval(timer);
  }
}

async function snapshotStored(page) {
  for (let i = 0; i < 100; i++) {
    const count = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open("code-exec-sandbox-snapshots");
          open.onsuccess = () => {
            try {
              const req = open.result.transaction("snapshots").objectStore("snapshots").count();
              req.onsuccess = () => resolve(req.result);
            } catch {
              resolve(0);
            }
          };
          open.onerror = () => resolve(0);
        }),
    );
    if (count > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the page never stored the snapshot");
}

/** The steps of a warm start, in order: the library's User Timing marks (src/boot-marks.ts). */
const BOOT_STEPS = [
  ["worker requested", "page loads, the library asks for a worker"],
  ["frame started", "sandbox frame's process up, worker script handed over"],
  ["worker running", "worker thread up, its 1.3 MB script evaluated, runtime files in"],
  ["runtime evaluated", "Pyodide's module script evaluated, snapshot read"],
  ["pyodide restored", "Pyodide: wasm instantiated and linked, heap restored, bootstrap"],
  ["container set up", "our Python set-up, the shell, the container's files"],
  ["first result", "boot round trip, then `echo` through the shell"],
];

/**
 * Milliseconds each step of one visit took, from a Chromium trace of the User Timing marks of
 * every process (page, sandbox frame, worker: one clock). The first step counts from the page's
 * navigation start.
 */
function bootSteps(trace) {
  const events = JSON.parse(trace.toString()).traceEvents;
  const at = new Map();
  for (const e of events) {
    const step = e.name.startsWith("code-exec-sandbox:") ? e.name.slice("code-exec-sandbox:".length) : null;
    if (step && !at.has(step)) at.set(step, e.ts);
  }
  const requested = events.find((e) => e.name === "code-exec-sandbox:worker requested");
  const navigations = events.filter((e) => e.name === "navigationStart" && e.pid === requested?.pid && e.ts <= requested.ts);
  let previous = Math.max(...navigations.map((e) => e.ts));
  const steps = {};
  for (const [step] of BOOT_STEPS) {
    if (!at.has(step) || !Number.isFinite(previous)) throw new Error(`the trace has no mark for "${step}"`);
    steps[step] = (at.get(step) - previous) / 1000;
    previous = at.get(step);
  }
  return steps;
}

/** Navigation to the first result of a container (harness page, runtime preloaded as it opens). */
async function ourVisit(page, base) {
  await page.goto(`${base}/harness.html?preload`);
  return page.evaluate(async () => {
    await new Promise((resolve) => (window.sandbox ? resolve() : addEventListener("load", resolve)));
    const container = await window.sandbox.createContainer();
    const r = await container.execute({
      type: "server_tool_use",
      id: "srvtoolu_1",
      name: "bash_code_execution",
      input: { command: "echo RESULT" },
    });
    const ms = performance.now();
    performance.mark("code-exec-sandbox:first result");
    if (r.content.stdout !== "RESULT\n") throw new Error(JSON.stringify(r));
    window.firstContainer = container;
    return { ms, snapshot: container.bootInfo.snapshot, fromSpare: container.bootInfo.fromSpare };
  });
}

async function plainVisit(page, base) {
  await page.goto(`${base}/bench/plain.html`);
  await page.waitForFunction(() => window.firstResult, null, { timeout: 60_000, polling: 10 });
  return page.evaluate(() => window.firstResult);
}

export async function chromiumBench(log) {
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS });
  const rows = { cold: { ours: [], plain: [] }, warm: { ours: [], plain: [] }, memory: { ours: [], plain: [] } };
  const warmSteps = {};
  const version = browser.version();
  try {
    log("chromium: cold and warm starts");
    for (let i = 0; i < ROUNDS; i++) {
      // Cold: a new context has an empty HTTP cache and empty storage. Warm: a second visit.
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      const [cold, coldPeak] = await withPeak(browser, () => ourVisit(page, base));
      if (cold.snapshot !== "restored") throw new Error(`cold visit booted ${cold.snapshot} (no shipped snapshot?)`);
      rows.cold.ours.push(cold.ms);
      await snapshotStored(page);
      // Only User Timing is traced: it costs next to nothing and gives the steps below.
      await browser.startTracing(undefined, { categories: ["blink.user_timing"] });
      const [warm, warmPeak] = await withPeak(browser, () => ourVisit(page, base));
      const steps = bootSteps(await browser.stopTracing());
      if (warm.snapshot !== "restored") throw new Error(`warm visit booted ${warm.snapshot}`);
      rows.warm.ours.push(warm.ms);
      for (const [step, ms] of Object.entries(steps)) {
        warmSteps[step] ??= [];
        warmSteps[step].push(ms);
      }
      rows.memory.ours.push(Math.max(coldPeak, warmPeak));
      await ctx.close();

      const plainCtx = await browser.newContext();
      const plainPage = await plainCtx.newPage();
      const [plainCold, plainColdPeak] = await withPeak(browser, () => plainVisit(plainPage, base));
      rows.cold.plain.push(plainCold.ms);
      const [plainWarm, plainWarmPeak] = await withPeak(browser, () => plainVisit(plainPage, base));
      rows.warm.plain.push(plainWarm.ms);
      rows.memory.plain.push(Math.max(plainColdPeak, plainWarmPeak));
      await plainCtx.close();
    }

    // The rest in one warm page of each kind.
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await ourVisit(page, base);
    await snapshotStored(page);
    await ourVisit(page, base);
    const plainPage = await ctx.newPage();
    await plainVisit(plainPage, base);

    log("chromium: per call");
    const perCall = await page.evaluate(async (CALLS) => {
      const container = window.firstContainer;
      let n = 0;
      const exec = (name, input) => () => container.execute({ type: "server_tool_use", id: `srvtoolu_${++n}`, name, input });
      const time = async (run) => {
        for (let i = 0; i < 5; i++) await run();
        const times = [];
        for (let i = 0; i < CALLS; i++) {
          const t0 = performance.now();
          await run();
          times.push(performance.now() - t0);
        }
        return times;
      };
      await exec("bash_code_execution", { command: "seq 1 200 > view.txt" })();
      return {
        "echo hi": await time(exec("bash_code_execution", { command: "echo hi" })),
        "python3 -c 'print(1)'": await time(exec("bash_code_execution", { command: "python3 -c 'print(1)'" })),
        "view (200-line file)": await time(exec("text_editor_code_execution", { command: "view", path: "view.txt" })),
        "code_execution 1+1": await time(exec("code_execution", { code: "1+1" })),
      };
    }, CALLS);
    const plainCall = await plainPage.evaluate(async (CALLS) => {
      const times = [];
      for (let i = 0; i < CALLS + 5; i++) {
        const t0 = performance.now();
        window.py.runPython("1+1");
        if (i >= 5) times.push(performance.now() - t0);
      }
      return times;
    }, CALLS);
    for (const [name, ours] of Object.entries(perCall)) rows[name] = { ours, plain: plainCall };

    log("chromium: restart after a kill");
    const restart = await page.evaluate(async (ROUNDS) => {
      const { createContainer, preloadRuntime } = window.sandbox;
      const container = await createContainer({ limits: { timeoutMs: 400 } });
      const times = [];
      for (let i = 0; i < ROUNDS; i++) {
        await preloadRuntime();
        const killed = await container.execute({
          type: "server_tool_use",
          id: "srvtoolu_k",
          name: "code_execution",
          input: { code: "sum(range(10**11))" },
        });
        if (killed.content.error_code !== "execution_time_exceeded") throw new Error(JSON.stringify(killed));
        const t0 = performance.now();
        const next = await container.execute({
          type: "server_tool_use",
          id: "srvtoolu_n",
          name: "bash_code_execution",
          input: { command: "echo back" },
        });
        times.push(performance.now() - t0);
        if (next.content.stdout !== "back\n") throw new Error(JSON.stringify(next));
      }
      await container.close();
      return times;
    }, ROUNDS);
    const plainRestart = await plainPage.evaluate(async (ROUNDS) => {
      const times = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        const worker = new Worker("./plain-worker.mjs", { type: "module" });
        const v = await new Promise((resolve, reject) => {
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(e.message));
        });
        times.push(performance.now() - t0);
        worker.terminate();
        if (v !== 2) throw new Error(`plain worker answered ${v}`);
      }
      return times;
    }, ROUNDS);
    rows.restart = { ours: restart, plain: plainRestart };

    log("chromium: restore and persist");
    // The scenarios of bench/shared.mjs, run in the pages from their source.
    const settings = JSON.stringify({ ROUNDS, FILES, BIG_BYTES });
    const restore = await page.evaluate(`(${restoreAndPersist})({ ...${settings}, sandbox: window.sandbox })`);
    const kv = await plainPage.evaluate(
      `import("./idb-keyval.mjs").then((idbKeyval) => (${idbKeyvalRestoreAndPersist})({ ...${settings}, idbKeyval }))`,
    );
    rows.restore = { ours: restore.restore, plain: kv.read };
    rows.persist = { ours: restore.persist, plain: kv.write };
    rows.persistCall = { ours: restore.persistCall, plain: kv.write };

    const packages = await chromiumPackageBench({ page, plainPage, reloadPlain: () => plainVisit(plainPage, base), ROUNDS, log });
    rows["package cached"] = packages.cached;
    rows["package download"] = packages.download;
    await ctx.close();
  } finally {
    await browser.close();
    server.close();
    rmSync(packageScratch, { recursive: true, force: true });
  }
  return { rows, version, warmSteps: BOOT_STEPS.map(([step, what]) => ({ step, what, ms: warmSteps[step] })) };
}
