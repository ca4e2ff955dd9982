// Makes the memory snapshot of the ready interpreter at build time (in Node) and puts it next to
// Pyodide's files in public/pyodide/, so a browser's first visit restores it instead of starting
// Python from scratch. Needs the library built (dist/lib). Browsers check its key and checksum and
// load normally when it does not fit (src/worker/snapshot.ts).
import { existsSync, readdirSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadInterpreter } = await import(join(root, "dist/lib/src/worker/snapshot.js"));
const { shippedSnapshotFile, shippedSnapshotKey } = await import(join(root, "dist/lib/src/shared/snapshot-key.js"));
const target = join(root, "public", "pyodide");
const name = shippedSnapshotFile();
for (const old of readdirSync(target)) if (old.endsWith(".snapshot") && old !== name) rmSync(join(target, old));
if (existsSync(join(target, name))) {
  console.log(`snapshot ${name} is up to date`);
} else {
  const pyodideDir = `${dirname(createRequire(import.meta.url).resolve("pyodide/package.json"))}/`;
  const { made, info } = await loadInterpreter({
    indexURL: pyodideDir,
    packageIndexURL: null,
    makeSnapshot: true,
    snapshotKey: shippedSnapshotKey(),
  });
  if (!made) throw new Error(`no snapshot: ${info.fallbackReason}`);
  writeFileSync(join(target, `${name}.tmp`), made);
  renameSync(join(target, `${name}.tmp`), join(target, name));
  console.log(`snapshot ${name}: ${(made.byteLength / 1024 / 1024).toFixed(1)} MiB`);
}
