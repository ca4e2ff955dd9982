import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
    environment: "node",
    // Pyodide boots take ~2 s each on this 2-core machine; files run in parallel workers.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One file at a time: the time-budget tests assert that an interrupt lands within a grace
    // period, which a second Pyodide file on the other core (the differential suite) can starve.
    fileParallelism: false,
    maxWorkers: 1,
    // The JSON report feeds the plain "N passed, N failed" line that CI prints.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/unit.json" },
  },
});
