// The differential suite: every case of test/differential runs in real bash (the oracle) and in
// the local container; stdout and the return code must match exactly, and stderr must be empty in
// both or in neither. The normalisation applied is listed in test/differential/normalize.ts.
//
// Passing means: at least 97 % of the cases match, every mismatch is in the known-mismatch table
// with its reason, no entry of that table matches again, and the README lists exactly that table.
// After changing the table, `DIFFERENTIAL_WRITE_README=1 npx vitest run test/unit/differential.test.ts`
// rewrites the README's section.
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createContainer } from "code-exec-sandbox";
import { compareCase, describeMismatch, type CaseResult } from "../differential/compare.ts";
import { runInContainer } from "../differential/container-side.ts";
import { FAMILIES } from "../differential/index.ts";
import { KNOWN_MISMATCHES } from "../differential/known-mismatches.ts";
import { NORMALISATION } from "../differential/normalize.ts";
import { runOracle } from "../differential/oracle.ts";
import { mismatchSection, withSection } from "../differential/readme.ts";

/** The share of cases that must match (issue 17). */
const MATCH_THRESHOLD = 0.97;
const README = new URL("../../README.md", import.meta.url);
const allCases = FAMILIES.flatMap((f) => f.cases);
const results: CaseResult[] = [];

describe("differential corpus against real bash", () => {
  it("has unique case names and a known-mismatch table that names real cases", () => {
    const names = allCases.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(Object.keys(KNOWN_MISMATCHES).filter((n) => !names.includes(n))).toEqual([]);
  });

  for (const { family, cases } of FAMILIES) {
    it(`${family}: ${cases.length} cases run in bash and in one container`, { timeout: 600_000 }, async () => {
      const container = await createContainer();
      try {
        for (const testCase of cases) {
          const [oracle, local] = await Promise.all([runOracle(testCase), runInContainer(container, testCase)]);
          results.push(compareCase(family, testCase, oracle, local));
        }
      } finally {
        await container.close();
      }
    });
  }

  afterAll(() => {
    const failing = results.filter((r) => r.differences.length > 0);
    const pct = results.length ? (100 * (results.length - failing.length)) / results.length : 0;
    console.log(
      [
        `differential suite: ${results.length - failing.length}/${results.length} cases match (${pct.toFixed(1)} %)`,
        `normalisation: ${NORMALISATION.join("; ")}`,
        ...failing.map(
          (r) => describeMismatch(r) + (KNOWN_MISMATCHES[r.testCase.name] ? `\n    known: ${KNOWN_MISMATCHES[r.testCase.name]}` : ""),
        ),
      ].join("\n"),
    );
  });

  it("matches on at least 97 % of the cases, and every mismatch is a known one", () => {
    expect(results.length).toBe(allCases.length);
    const failing = results.filter((r) => r.differences.length > 0);
    const unexpected = failing.filter((r) => !(r.testCase.name in KNOWN_MISMATCHES)).map(describeMismatch);
    const fixed = results.filter((r) => r.differences.length === 0 && r.testCase.name in KNOWN_MISMATCHES).map((r) => r.testCase.name);
    expect(unexpected, "mismatches missing from test/differential/known-mismatches.ts").toEqual([]);
    expect(fixed, "known mismatches that match now: remove them from the table").toEqual([]);
    expect((results.length - failing.length) / results.length).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it("the README lists exactly the known mismatches", () => {
    const readme = readFileSync(README, "utf8");
    const updated = withSection(readme, mismatchSection(allCases));
    expect(updated, "README.md needs the differential-mismatches markers").not.toBeNull();
    if (process.env.DIFFERENTIAL_WRITE_README && updated !== readme) writeFileSync(README, updated!);
    else expect(readme).toBe(updated);
  });
});
