// Makes the built site its own package source, for deployments with no network at all.
//
//   SANDBOX_PACKAGES="pandas matplotlib"            lock names to vendor (with their dependencies)
//   SANDBOX_PACKAGES_FROM=/srv/pyodide/full/        a folder or URL with pyodide-lock.json and the wheels
//                                                   (default: Pyodide's public folder for the pinned version)
//   SANDBOX_EXTRA_WHEELS="./wheels/tabulate-0.9.0-py3-none-any.whl,https://…/seaborn-….whl"
//                                                   pure-Python wheels that are not in Pyodide's lock
//   or a sandbox-packages.json beside package.json: { "packages": [], "from": "", "extraWheels": [] }
//   (SANDBOX_PACKAGES_CONFIG names another file). The environment wins over the file.
//
// The wheels of the closure are copied into <out>/packages/ with a lock trimmed to them (extra
// wheels are added to it with their sha256, imports and dependencies), every file is checked
// against the lock's sha256 (a wrong or missing file fails the build: a vendored 404 page would
// otherwise surface later as a hash mismatch), and index.html and embed.html get a meta tag
// that makes the vendored folder the app's default package source.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pyodideVersion = JSON.parse(readFileSync(join(root, "node_modules/pyodide/package.json"), "utf8")).version;
const PUBLIC_SOURCE = `https://cdn.jsdelivr.net/pyodide/v${pyodideVersion}/full/`;
const META = `<meta name="code-exec-sandbox:package-source" content="packages/" />`;

const list = (value) => (Array.isArray(value) ? value : String(value ?? "").split(/[\s,]+/)).map((s) => String(s).trim()).filter(Boolean);
const normal = (name) => name.toLowerCase().replace(/[-_.]+/g, "-");
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const fail = (message) => {
  console.error(`vendor-packages: ${message}`);
  process.exit(1);
};

function readConfig() {
  const file = process.env.SANDBOX_PACKAGES_CONFIG ?? join(root, "sandbox-packages.json");
  const fromFile = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const base = existsSync(file) ? dirname(resolve(file)) : root;
  return {
    packages: list(process.env.SANDBOX_PACKAGES ?? fromFile.packages),
    from: process.env.SANDBOX_PACKAGES_FROM ?? fromFile.from ?? PUBLIC_SOURCE,
    extraWheels: list(process.env.SANDBOX_EXTRA_WHEELS ?? fromFile.extraWheels).map((w) => (/^https?:/.test(w) ? w : resolve(base, w))),
    out: resolve(process.env.VENDOR_OUT_DIR ?? join(root, "dist/app")),
  };
}

/** A file of the source, a local folder or a URL. */
async function readFrom(location) {
  if (/^https?:\/\//.test(location)) {
    const response = await fetch(location);
    if (!response.ok) throw new Error(`${location}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  return new Uint8Array(readFileSync(location.startsWith("file:") ? fileURLToPath(location) : location));
}
const inSource = (from, name) =>
  /^https?:\/\//.test(from) ? new URL(name, from.endsWith("/") ? from : `${from}/`).href : join(from, name);

/** The files of a zip (a wheel) by name, read from its central directory. */
function unzip(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip file");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    files.set(name, () => {
      const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
      const data = bytes.subarray(start, start + size);
      return method === 0 ? data : inflateRawSync(data);
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** A lock entry for a pure-Python wheel that Pyodide's lock does not list. */
function entryForExtraWheel(fileName, bytes, lock) {
  if (!/-py3-none-any\.whl$|-py2\.py3-none-any\.whl$/.test(fileName)) fail(`${fileName} is not a pure-Python wheel (…-py3-none-any.whl)`);
  const files = unzip(bytes);
  const metadataName = [...files.keys()].find((n) => /^[^/]+\.dist-info\/METADATA$/.test(n));
  if (!metadataName) fail(`${fileName} has no .dist-info/METADATA`);
  const metadata = new TextDecoder().decode(files.get(metadataName)());
  const field = (key) =>
    metadata
      .split("\n")
      .filter((l) => l.startsWith(`${key}: `))
      .map((l) => l.slice(key.length + 2).trim());
  const name = field("Name")[0];
  const version = field("Version")[0];
  if (!name || !version) fail(`${fileName}: METADATA has no Name or Version`);
  const topLevel = [...files.keys()].find((n) => /^[^/]+\.dist-info\/top_level\.txt$/.test(n));
  const imports = topLevel
    ? new TextDecoder().decode(files.get(topLevel)()).split(/\s+/).filter(Boolean)
    : [
        ...new Set(
          [...files.keys()]
            .map((n) => n.split("/")[0].replace(/\.py$/, ""))
            .filter((n) => !/\.(dist-info|data)$/.test(n) && /^[A-Za-z_]\w*$/.test(n)),
        ),
      ];
  const depends = [];
  for (const requirement of field("Requires-Dist")) {
    if (/extra\s*==/.test(requirement)) continue;
    const dep = normal(/^[A-Za-z0-9._-]+/.exec(requirement)?.[0] ?? "");
    if (!dep) continue;
    if (lock.packages[dep]) depends.push(dep);
    else console.warn(`vendor-packages: ${name} requires ${dep}, which the lock does not list; it is left out`);
  }
  return {
    name: normal(name),
    version,
    file_name: fileName,
    install_dir: "site",
    sha256: sha256(bytes),
    package_type: "package",
    imports,
    depends,
  };
}

function closure(lock, names) {
  const ordered = [];
  const seen = new Set();
  const visit = (key) => {
    const entry = lock.packages[normal(key)];
    if (!entry) fail(`${key} is not in the lock (${Object.keys(lock.packages).length} packages listed)`);
    if (seen.has(normal(key))) return;
    seen.add(normal(key));
    for (const dep of entry.depends) visit(dep);
    ordered.push([normal(key), entry]);
  };
  for (const name of names) visit(name);
  return ordered;
}

function markDefaultSource(out) {
  for (const page of ["index.html", "embed.html"]) {
    const path = join(out, page);
    if (!existsSync(path)) continue;
    const html = readFileSync(path, "utf8");
    if (html.includes('name="code-exec-sandbox:package-source"')) continue;
    writeFileSync(
      path,
      html.replace(/<meta charset="utf-8" ?\/?>/i, (m) => `${m}\n    ${META}`),
    );
  }
}

async function main() {
  const config = readConfig();
  if (config.packages.length === 0 && config.extraWheels.length === 0) {
    console.log("vendor-packages: no packages listed (SANDBOX_PACKAGES or sandbox-packages.json); the site uses a remote package source");
    return;
  }
  const lockText = new TextDecoder().decode(await readFrom(inSource(config.from, "pyodide-lock.json")));
  const lock = JSON.parse(lockText);
  const extra = new Map();
  for (const location of config.extraWheels) {
    const bytes = await readFrom(location);
    const fileName = basename(new URL(location, "file:///").pathname);
    const entry = entryForExtraWheel(fileName, bytes, lock);
    lock.packages[entry.name] = entry;
    extra.set(entry.name, bytes);
  }
  const wanted = [...config.packages, ...extra.keys()];
  const outDir = join(config.out, "packages");
  mkdirSync(outDir, { recursive: true });
  const trimmed = { info: lock.info, packages: {} };
  let total = 0;
  for (const [key, entry] of closure(lock, wanted)) {
    if (basename(entry.file_name) !== entry.file_name) fail(`${key}: file_name ${entry.file_name} is not a plain file name`);
    const bytes = extra.get(key) ?? (await readFrom(inSource(config.from, entry.file_name)));
    const actual = sha256(bytes);
    if (actual !== entry.sha256.toLowerCase()) fail(`${entry.file_name}: its sha256 ${actual} does not match the lock's ${entry.sha256}`);
    writeFileSync(join(outDir, entry.file_name), bytes);
    trimmed.packages[key] = entry;
    total += bytes.length;
  }
  writeFileSync(join(outDir, "pyodide-lock.json"), JSON.stringify(trimmed));
  markDefaultSource(config.out);
  console.log(
    `vendor-packages: ${Object.keys(trimmed.packages).length} packages (${(total / 1024 ** 2).toFixed(1)} MB) in ${outDir}: ${Object.keys(trimmed.packages).join(", ")}`,
  );
}

main().catch((error) => fail(error.message));
