// Prints one plain "N passed, N failed" line from Vitest's and Playwright's JSON reports.
// A report that is missing (its runner crashed or never ran) counts as one failure.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
const notes = [];

function read(path, label) {
  if (!existsSync(path)) {
    failed += 1;
    notes.push(`${label}: no report at ${path}`);
    return null;
  }
  return JSON.parse(readFileSync(path, "utf8"));
}

const unit = read("test-results/unit.json", "vitest");
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  if (unit.numPendingTests || unit.numTodoTests) notes.push(`vitest: ${unit.numPendingTests + unit.numTodoTests} skipped`);
}

const e2e = read("test-results/e2e.json", "playwright");
if (e2e) {
  const s = e2e.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  if (s.skipped) notes.push(`playwright: ${s.skipped} skipped`);
}

for (const note of notes) console.log(note);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
