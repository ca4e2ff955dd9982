// Node half of the benchmark: our container (dist/lib) next to plain Pyodide, same run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { FILES, BIG_BYTES, ROUNDS, CALLS, idbKeyvalRestoreAndPersist, restoreAndPersist } from "./shared.mjs";
import { packageBench } from "./packages.mjs";

const root = process.cwd();
const lib = pathToFileURL(join(root, "dist/lib/src/index.js")).href;
const pyodideDir = dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));
const pyodideModule = pathToFileURL(join(pyodideDir, "pyodide.mjs")).href;
const scratch = mkdtempSync(join(tmpdir(), "bench-node-"));

/** Runs `script` in a fresh node process; answers its wall time and what it printed (JSON). */
function processRun(name, script) {
  const file = join(scratch, `${name}.mjs`);
  writeFileSync(file, script);
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8" });
  const ms = performance.now() - t0;
  return { ms, report: JSON.parse(out.trim().split("\n").pop()) };
}

const ourStart = (snapshotDir) => `
import { createContainer, configureSnapshots } from ${JSON.stringify(lib)};
configureSnapshots({ directory: ${JSON.stringify(snapshotDir)} });
const c = await createContainer();
const r = await c.execute({ type: "server_tool_use", id: "srvtoolu_1", name: "bash_code_execution", input: { command: "echo RESULT" } });
if (r.content.stdout !== "RESULT\\n") throw new Error(JSON.stringify(r));
const info = c.bootInfo;
await c.close();
console.log(JSON.stringify({ rssKiB: process.resourceUsage().maxRSS, snapshot: info.snapshot }));
`;
const plainStart = `
import { loadPyodide } from ${JSON.stringify(pyodideModule)};
const py = await loadPyodide({ indexURL: ${JSON.stringify(`${pyodideDir}/`)} });
if (py.runPython("'RESULT'") !== "RESULT") throw new Error("no result");
console.log(JSON.stringify({ rssKiB: process.resourceUsage().maxRSS }));
`;

async function perCall(run, n = CALLS) {
  for (let i = 0; i < 5; i++) await run();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times;
}

/** A worker thread that loads plain Pyodide and answers its first result. */
function plainWorkerStart() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const worker = new Worker(
      `import { loadPyodide } from ${JSON.stringify(pyodideModule)};
       import { parentPort } from "node:worker_threads";
       const py = await loadPyodide({ indexURL: ${JSON.stringify(`${pyodideDir}/`)} });
       parentPort.postMessage(py.runPython("1+1"));`,
      { eval: true, type: "module" },
    );
    worker.once("message", (v) => {
      const ms = performance.now() - t0;
      worker.terminate().then(() => (v === 2 ? resolve(ms) : reject(new Error(`got ${v}`))));
    });
    worker.once("error", reject);
  });
}

export async function nodeBench(log) {
  const rows = {};
  // Cold: no snapshot anywhere (a fresh cache folder per process). Warm: the snapshot the first
  // cold run left on disk. Each is a whole node process, start to exit.
  log("node: cold and warm starts");
  const cold = [];
  const warm = [];
  const plain = [];
  let ourRss = 0;
  let plainRss = 0;
  const warmDir = mkdtempSync(join(scratch, "snap-"));
  processRun("prime", ourStart(warmDir)); // leaves the snapshot for the warm runs
  for (let i = 0; i < ROUNDS; i++) {
    const c = processRun(`cold${i}`, ourStart(mkdtempSync(join(scratch, "snap-"))));
    if (c.report.snapshot !== "made") throw new Error(`cold run booted ${c.report.snapshot}`);
    cold.push(c.ms);
    const w = processRun(`warm${i}`, ourStart(warmDir));
    if (w.report.snapshot !== "restored") throw new Error(`warm run booted ${w.report.snapshot}`);
    warm.push(w.ms);
    ourRss = Math.max(ourRss, w.report.rssKiB);
    const p = processRun(`plain${i}`, plainStart);
    plain.push(p.ms);
    plainRss = Math.max(plainRss, p.report.rssKiB);
  }
  rows.cold = { ours: cold, plain };
  rows.warm = { ours: warm, plain };

  const sandbox = await import(lib);
  const { createContainer, preloadRuntime } = sandbox;
  sandbox.configureSnapshots({ directory: warmDir });
  const idbKeyval = await import("idb-keyval");
  await preloadRuntime();

  log("node: per call");
  const container = await createContainer({ limits: { timeoutMs: 400 } });
  let n = 0;
  const exec = (name, input) => () => container.execute({ type: "server_tool_use", id: `srvtoolu_${++n}`, name, input });
  await exec("bash_code_execution", { command: "seq 1 200 > view.txt" })();
  const py = await (await import(pyodideModule)).loadPyodide({ indexURL: `${pyodideDir}/` });
  const plainCall = await perCall(async () => py.runPython("1+1"));
  rows["echo hi"] = { ours: await perCall(exec("bash_code_execution", { command: "echo hi" })), plain: plainCall };
  rows["python3 -c 'print(1)'"] = {
    ours: await perCall(exec("bash_code_execution", { command: "python3 -c 'print(1)'" })),
    plain: plainCall,
  };
  rows["view (200-line file)"] = {
    ours: await perCall(exec("text_editor_code_execution", { command: "view", path: "view.txt" })),
    plain: plainCall,
  };
  rows["code_execution 1+1"] = { ours: await perCall(exec("code_execution", { code: "1+1" })), plain: plainCall };

  // Restart after a kill: a C loop runs past the budget, the worker is replaced by the warm
  // spare; timed from the killed call's answer to the next call's answer.
  log("node: restart after a kill");
  const restart = [];
  const plainRestart = [];
  for (let i = 0; i < ROUNDS; i++) {
    await preloadRuntime();
    const killed = await exec("code_execution", { code: "sum(range(10**11))" })();
    if (killed.content.error_code !== "execution_time_exceeded") throw new Error(JSON.stringify(killed));
    const t0 = performance.now();
    const next = await exec("bash_code_execution", { command: "echo back" })();
    restart.push(performance.now() - t0);
    if (next.content.stdout !== "back\n") throw new Error(JSON.stringify(next));
    plainRestart.push(await plainWorkerStart());
  }
  rows.restart = { ours: restart, plain: plainRestart };
  await container.close();

  const { loadPyodide } = await import(pyodideModule);
  const packages = await packageBench({ sandbox, loadPlain: () => loadPyodide({ indexURL: `${pyodideDir}/` }), scratch, ROUNDS, log });
  rows["package cached"] = packages.cached;
  rows["package download"] = packages.download;

  // Restore of a container with 1000 small files and one 20 MB file (reopen by id, the warm
  // spare ready), and persisting one changed file in it; next to idb-keyval on the same store.
  log("node: restore and persist");
  const { restore, persist, persistCall } = await restoreAndPersist({ sandbox, ROUNDS, FILES, BIG_BYTES });
  const { read: kvRead, write: kvWrite } = await idbKeyvalRestoreAndPersist({ idbKeyval, ROUNDS, FILES, BIG_BYTES });
  rows.restore = { ours: restore, plain: kvRead };
  rows.persist = { ours: persist, plain: kvWrite };
  rows.persistCall = { ours: persistCall, plain: kvWrite };
  rows.memory = { ours: [ourRss / 1024], plain: [plainRss / 1024] };
  rmSync(scratch, { recursive: true, force: true }); // 30 MiB per snapshot folder
  return rows;
}
