// The benchmark: Node and Chromium, our container next to plain Pyodide measured in the same run.
// Prints one Markdown table; nothing here passes or fails. Run: npm run bench
import { cpus, totalmem } from "node:os";
import { readFileSync } from "node:fs";
import { chromiumBench } from "./chromium.mjs";
import { nodeBench } from "./node.mjs";
import { CALLS, FILES, ROUNDS, median, p95 } from "./shared.mjs";

const log = (text) => process.stderr.write(`… ${text}\n`);
const only = process.env.BENCH_ONLY; // "node" | "chromium" (default both)
const node = only === "chromium" ? null : await nodeBench(log);
const browser = only === "node" ? null : await chromiumBench(log);

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : "–");

const ROWS = [
  ["cold", `cold start to first result (ms)`, false],
  ["warm", `warm start to first result (ms)`, false],
  ["restart", `restart after a kill, to next result (ms)`, false],
  ["echo hi", "per call `echo hi` (ms)", true],
  ["python3 -c 'print(1)'", "per call `python3 -c 'print(1)'` (ms)", true],
  ["view (200-line file)", "per call `view` of a 200-line file (ms)", true],
  ["code_execution 1+1", "per call `code_execution` `1+1` (ms)", true],
  ["package cached", "import a cached 2 MB package, warm container (plain: loadPackage of the wheel file) (ms)", false],
  ["package download", "the same import, wheel downloaded from a loopback source (plain: loadPackage of its URL) (ms)", false],
  ["restore", `restore ${FILES} files + 20 MB file (ms)`, false],
  ["persist", "persist one changed file in it: the store write (ms)", false],
  ["persistCall", "a call that changes one file in it, whole call (ms)", false],
  ["memory", "peak memory (MiB)", false],
];

function cells(rows, key, withP95) {
  const row = rows?.[key];
  if (!row) return ["–", "–", "–"];
  const ours = median(row.ours);
  const plain = median(row.plain);
  const oursText = withP95 ? `${fmt(ours)} / p95 ${fmt(p95(row.ours))}` : fmt(ours);
  const plainText = withP95 ? `${fmt(plain)} / p95 ${fmt(p95(row.plain))}` : fmt(plain);
  return [oursText, plainText, ratio(ours, plain)];
}

const chromiumVersion = browser?.version ?? "not run";
const pyodide = JSON.parse(readFileSync("node_modules/pyodide/package.json", "utf8")).version;
console.log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM; Node ${process.version}; Chromium ${chromiumVersion}; Pyodide ${pyodide}`,
);
console.log(
  `Medians of ${ROUNDS} (per call: ${CALLS} calls each, median / p95). "plain" = plain Pyodide in the same run (see BENCHMARKS.md for what each baseline is).\n`,
);
console.log("| measurement | Node: ours | Node: plain | Node ratio | Chromium: ours | Chromium: plain | Chromium ratio |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [key, label, withP95] of ROWS) {
  console.log(`| ${label} | ${[...cells(node, key, withP95), ...cells(browser?.rows, key, withP95)].join(" | ")} |`);
}

if (browser?.warmSteps) {
  console.log(
    `\nChromium warm start, step by step (medians of ${ROUNDS}, from the library's User Timing marks in a trace of the warm visits; each step counts from the end of the one before):\n`,
  );
  console.log("| step ends at the mark | what happens in it | ms |");
  console.log("|---|---|---:|");
  for (const { step, what, ms } of browser.warmSteps) console.log(`| ${step} | ${what} | ${fmt(median(ms))} |`);
  const total = browser.warmSteps.reduce((sum, { ms }) => sum + median(ms), 0);
  console.log(`| (sum of the medians) | | ${fmt(total)} |`);
}
