// Packages: importing a lock package in a warm container, with the wheel in the cache and with
// it downloaded from a loopback source, next to plain Pyodide's loadPackage of the same wheel
// (from a file, and from the same loopback URL) in the same run. Each round needs a worker
// that has not installed it yet: a new container (ours; the warm spare) or a new Pyodide (plain).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";

const NAME = "benchpkg";
const VERSION = "1.0";
const WHEEL = `${NAME}-${VERSION}-py3-none-any.whl`;
// "A warm container": before the timed import, each interpreter runs this a few times, so both
// time the package path and not their first heavy Python (a fresh wasm instance runs cold code
// until V8 has optimised it; see src/worker/jit-warm-up.ts). Ours also waits for the warm pool
// to settle (preloadRuntime resolves once the next spare is loaded and warmed): a container
// takes the spare, and 1.5 s later a new spare boots on the other core. In a container that has
// been in use that boot is long over; timed straight after createContainer it sometimes
// overlapped the import and made it about 1.3x slower in Node.
const WARM_CODE =
  "import io, zipfile\nb = io.BytesIO()\nwith zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z: z.writestr('x.py', 'x = 1\\n' * 5000)\nzipfile.ZipFile(b).read('x.py')\nsum(i * i for i in range(100000))";
const WARM_CALLS = 3;

/** The folder with the bench wheel and its lock (made once per run). */
export function benchSource(scratch) {
  return makeWheel(mkdtempSync(join(scratch, "packages-"))).source;
}

/** A pure-Python wheel of about 2 MB: 40 small modules and a data file, deflated as wheels are. */
function makeWheel(dir) {
  const tree = join(dir, "tree");
  mkdirSync(join(tree, NAME), { recursive: true });
  mkdirSync(join(tree, `${NAME}-${VERSION}.dist-info`), { recursive: true });
  const modules = Array.from({ length: 40 }, (_, i) => `m${i}`);
  for (const m of modules) writeFileSync(join(tree, NAME, `${m}.py`), `def f(x):\n    return x + ${modules.indexOf(m)}\n`.repeat(20));
  writeFileSync(join(tree, NAME, "__init__.py"), `${modules.map((m) => `from . import ${m}\n`).join("")}SIZE = 2\n`);
  const blob = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < blob.length; i++) blob[i] = (i * 2654435761) >>> 24; // not very compressible
  writeFileSync(join(tree, NAME, "blob.bin"), blob);
  writeFileSync(join(tree, `${NAME}-${VERSION}.dist-info`, "METADATA"), `Metadata-Version: 2.1\nName: ${NAME}\nVersion: ${VERSION}\n`);
  writeFileSync(join(tree, `${NAME}-${VERSION}.dist-info`, "WHEEL"), "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
  writeFileSync(join(tree, `${NAME}-${VERSION}.dist-info`, "RECORD"), "");
  const source = join(dir, "source");
  mkdirSync(source);
  execFileSync("zip", ["-q", "-r", join(source, WHEEL), "."], { cwd: tree });
  const bytes = readFileSync(join(source, WHEEL));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const lock = {
    info: {},
    packages: {
      [NAME]: {
        name: NAME,
        version: VERSION,
        file_name: WHEEL,
        install_dir: "site",
        sha256,
        package_type: "package",
        imports: [NAME],
        depends: [],
      },
    },
  };
  writeFileSync(join(source, "pyodide-lock.json"), JSON.stringify(lock));
  return { source, bytes };
}

function serve(folder) {
  const server = createServer((req, res) => {
    try {
      const body = readFileSync(join(folder, decodeURIComponent(req.url.slice(1))));
      res.writeHead(200, { "Content-Length": body.length }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })),
  );
}

/**
 * Chromium: the same two rows in the harness page (ours) and the plain Pyodide page, the wheel
 * served under /bench/packages/<any folder>/ by the bench server (a new folder name per round
 * where nothing may come from a cache).
 */
export async function chromiumPackageBench({ page, plainPage, reloadPlain, ROUNDS, log }) {
  log("chromium: package import, cached and downloaded");
  const ours = await page.evaluate(
    async ({ ROUNDS, NAME, WARM_CODE, WARM_CALLS }) => {
      const { createContainer, clearPackageCache, preloadRuntime } = window.sandbox;
      let n = 0;
      const importOnce = async (packageIndexURL) => {
        const container = await createContainer({ packageIndexURL });
        try {
          for (let i = 0; i < WARM_CALLS; i++)
            await container.execute({
              type: "server_tool_use",
              id: `srvtoolu_warm${++n}`,
              name: "code_execution",
              input: { code: WARM_CODE },
            });
          await preloadRuntime({ packageIndexURL });
          const t0 = performance.now();
          const block = await container.execute({
            type: "server_tool_use",
            id: `srvtoolu_pkg${++n}`,
            name: "code_execution",
            input: { code: `import ${NAME}\n${NAME}.SIZE` },
          });
          const ms = performance.now() - t0;
          if (block.content.stdout !== "2\n" || block.content.stderr !== "") throw new Error(JSON.stringify(block));
          return ms;
        } finally {
          await container.close();
        }
      };
      await clearPackageCache();
      await importOnce("/bench/packages/warm/");
      const cached = [];
      for (let i = 0; i < ROUNDS; i++) cached.push(await importOnce("/bench/packages/warm/"));
      const download = [];
      for (let i = 0; i < ROUNDS; i++) {
        await clearPackageCache();
        download.push(await importOnce(`/bench/packages/ours-${i}/`));
      }
      return { cached, download };
    },
    { ROUNDS, NAME, WARM_CODE, WARM_CALLS },
  );
  const plainOnce = async (url) => {
    await reloadPlain();
    return plainPage.evaluate(
      async ({ url, NAME, WARM_CODE, WARM_CALLS }) => {
        for (let i = 0; i < WARM_CALLS; i++) window.py.runPython(WARM_CODE);
        const t0 = performance.now();
        const loaded = await window.py.loadPackage(url, { messageCallback: () => {} });
        if (loaded.length !== 1) throw new Error(`plain loadPackage loaded ${JSON.stringify(loaded)}`);
        if (window.py.runPython(`import ${NAME}\n${NAME}.SIZE`) !== 2) throw new Error("plain import failed");
        return performance.now() - t0;
      },
      { url, NAME, WARM_CODE, WARM_CALLS },
    );
  };
  const plain = { cached: [], download: [] };
  await plainOnce(`/bench/packages/warm/${WHEEL}`); // into the HTTP cache
  for (let i = 0; i < ROUNDS; i++) {
    plain.cached.push(await plainOnce(`/bench/packages/warm/${WHEEL}`));
    plain.download.push(await plainOnce(`/bench/packages/plain-${i}/${WHEEL}`));
  }
  return { cached: { ours: ours.cached, plain: plain.cached }, download: { ours: ours.download, plain: plain.download } };
}

export async function packageBench({ sandbox, loadPlain, scratch, ROUNDS, log }) {
  const dir = mkdtempSync(join(scratch, "packages-"));
  const { source } = makeWheel(dir);
  const server = await serve(source);
  const cacheDir = join(dir, "cache");
  let n = 0;
  const importOnce = async (packageCacheDir) => {
    const container = await sandbox.createContainer({ packageIndexURL: server.url, packageCacheDir });
    try {
      for (let i = 0; i < WARM_CALLS; i++)
        await container.execute({ type: "server_tool_use", id: `srvtoolu_warm${++n}`, name: "code_execution", input: { code: WARM_CODE } });
      await sandbox.preloadRuntime({ packageIndexURL: server.url });
      const t0 = performance.now();
      const block = await container.execute({
        type: "server_tool_use",
        id: `srvtoolu_pkg${++n}`,
        name: "code_execution",
        input: { code: `import ${NAME}\n${NAME}.SIZE` },
      });
      const ms = performance.now() - t0;
      if (block.content.stdout !== "2\n" || block.content.stderr !== "") throw new Error(JSON.stringify(block));
      return ms;
    } finally {
      await container.close();
    }
  };
  const plainOnce = async (where) => {
    const py = await loadPlain();
    for (let i = 0; i < WARM_CALLS; i++) py.runPython(WARM_CODE);
    const t0 = performance.now();
    const loaded = await py.loadPackage(where, { messageCallback: () => {} });
    if (loaded.length !== 1) throw new Error(`plain loadPackage loaded ${JSON.stringify(loaded)}`);
    if (py.runPython(`import ${NAME}\n${NAME}.SIZE`) !== 2) throw new Error("plain import failed");
    return performance.now() - t0;
  };
  const rows = { cached: { ours: [], plain: [] }, download: { ours: [], plain: [] } };
  try {
    log("node: package import, cached and downloaded");
    await importOnce(cacheDir); // fills the cache and reads the lock once
    for (let i = 0; i < ROUNDS; i++) {
      rows.cached.ours.push(await importOnce(cacheDir));
      rows.cached.plain.push(await plainOnce(join(source, WHEEL)));
      rows.download.ours.push(await importOnce(join(dir, `empty-${i}`)));
      rows.download.plain.push(await plainOnce(server.url + WHEEL));
    }
  } finally {
    server.close();
  }
  return rows;
}
