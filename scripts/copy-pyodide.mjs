// Copies Pyodide's runtime files from node_modules into public/pyodide/ so the app serves
// them from its own origin (no CDN; works offline). The copy is not committed.
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const source = dirname(require.resolve("pyodide/package.json"));
const target = join(dirname(fileURLToPath(import.meta.url)), "..", "public", "pyodide");
const files = ["pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

mkdirSync(target, { recursive: true });
for (const name of files) {
  const from = join(source, name);
  const to = join(target, name);
  let fresh = false;
  try {
    const [a, b] = [statSync(from), statSync(to)];
    fresh = a.size === b.size && a.mtimeMs <= b.mtimeMs;
  } catch {}
  if (!fresh) copyFileSync(from, to);
}
console.log(`pyodide runtime in ${target}`);
