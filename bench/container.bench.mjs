// Node benchmark of the local container against plain Pyodide, both measured in this run.
// Prints one table; nothing here passes or fails. Run: npm run bench
import { execFileSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir, cpus } from "node:os";
import { dirname, join } from "node:path";
import { loadPyodide } from "pyodide";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const pyodideDir = dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));

/** Wall time of a fresh node process that starts, produces its first result, and exits. */
function coldStart(script) {
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  const file = join(dir, "cold.mjs");
  writeFileSync(file, script);
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, [file], { cwd: process.cwd(), encoding: "utf8", env: { ...process.env, NODE_PATH: join(process.cwd(), "node_modules") } });
    times.push(performance.now() - t0);
    if (!out.includes("RESULT")) throw new Error(`cold start script printed ${out}`);
  }
  return times;
}

const ourCold = coldStart(`
import { createContainer } from ${JSON.stringify(join(process.cwd(), "dist/lib/src/index.js"))};
const c = await createContainer();
const r = await c.execute({ type: "server_tool_use", id: "srvtoolu_1", name: "bash_code_execution", input: { command: "echo RESULT" } });
console.log(r.content.stdout);
await c.close();
`);
const baseCold = coldStart(`
import { loadPyodide } from ${JSON.stringify(join(pyodideDir, "pyodide.mjs"))};
const py = await loadPyodide({ indexURL: ${JSON.stringify(pyodideDir + "/")} });
console.log(py.runPython("'RESULT'"));
`);

async function perCall(run) {
  for (let i = 0; i < 5; i++) await run(); // warm-up
  const times = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times;
}

const { createContainer } = await import(join(process.cwd(), "dist/lib/src/index.js"));
const container = await createContainer();
let n = 0;
const exec = (name, input) => () => container.execute({ type: "server_tool_use", id: `srvtoolu_${++n}`, name, input });
await exec("bash_code_execution", { command: "seq 1 200 > view.txt" })();
const calls = {
  "echo hi": await perCall(exec("bash_code_execution", { command: "echo hi" })),
  "python3 -c 'print(1)'": await perCall(exec("bash_code_execution", { command: "python3 -c 'print(1)'" })),
  "view (200-line file)": await perCall(exec("text_editor_code_execution", { command: "view", path: "view.txt" })),
  "code_execution 1+1": await perCall(exec("code_execution", { code: "1+1" })),
};
await container.close();

const py = await loadPyodide({ indexURL: pyodideDir + "/" });
const baseCall = await perCall(async () => py.runPython("1+1"));

const rows = [
  ["cold start to first result (process)", ourCold, baseCold],
  ...Object.entries(calls).map(([name, t]) => [`per call: ${name}`, t, baseCall]),
];
console.log(`\nNode ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}; cold: ${ROUNDS} processes each, per call: ${CALLS} calls each`);
console.log("baseline: plain loadPyodide() + runPython in the same run (per call: runPython('1+1') in-process, no worker)\n");
console.log("| measurement | ours median ms | ours p95 ms | baseline median ms | ratio (median) |");
console.log("|---|---:|---:|---:|---:|");
for (const [name, ours, base] of rows) {
  console.log(`| ${name} | ${fmt(median(ours))} | ${fmt(p95(ours))} | ${fmt(median(base))} | ${(median(ours) / median(base)).toFixed(2)}× |`);
}
