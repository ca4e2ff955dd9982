// Packages in Chromium: the page fetches lock-listed wheels from the package source, checks
// their sha256, caches them in Cache Storage and hands the bytes to the sandbox, which has no
// network. Wheels and lock are made at test time and served from 127.0.0.1 (Pyodide's real
// wheels cannot be downloaded here).
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { serveTestSource, testWheels, wheelOf, writeSource, type ServedSource } from "../fixtures/package-source.ts";
import { collectErrors, runInConsole, startStaticServer, waitReady } from "./app.helpers.ts";

let source: ServedSource;
test.beforeEach(async () => {
  source = await serveTestSource();
});
test.afterEach(async () => {
  await source.close();
});

type Block = { type: string; content: Record<string, unknown> };

/** Runs calls in one new container on the harness page (the library as users load it). */
async function inContainer(
  page: Page,
  packageIndexURL: string,
  calls: Array<{ name: string; input: Record<string, unknown> }>,
): Promise<Block[]> {
  return page.evaluate(
    async ({ packageIndexURL, calls }) => {
      const container = await window.sandbox.createContainer({ packageIndexURL });
      const blocks = [];
      for (const [i, c] of calls.entries()) {
        blocks.push(
          await container.execute({ type: "server_tool_use", id: `srvtoolu_e2e${i}`, name: c.name as "code_execution", input: c.input }),
        );
      }
      await container.close();
      return blocks as unknown as Block[];
    },
    { packageIndexURL, calls },
  );
}
const cell = (code: string) => ({ name: "code_execution", input: { code } });
const shell = (command: string) => ({ name: "bash_code_execution", input: { command } });

test("imports load on demand with their dependency, pip installs by name, a tampered wheel and an unlisted name are refused, and only lock files are requested", async ({
  page,
}) => {
  await page.goto("./harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  const [imported, again] = await inContainer(page, source.url, [
    cell("import tinyframe\nprint(tinyframe.frame())"),
    cell("import tinynum\ntinynum.total([2, 3])"),
  ]);
  expect(imported!.content).toEqual({ type: "code_execution_result", stdout: "6\n", stderr: "", return_code: 0, content: [] });
  expect(again!.content).toEqual({ type: "code_execution_result", stdout: "5\n", stderr: "", return_code: 0, content: [] });
  expect(source.requests.filter((r) => r.endsWith(".whl")).sort()).toEqual([
    "/tinyframe-2.0-py3-none-any.whl",
    "/tinynum-1.0-py3-none-any.whl",
  ]);

  const [pip, used, tampered, unknown] = await inContainer(page, source.url, [
    shell("pip install tinyframe"),
    shell("python3 -c 'import tinyframe; print(tinyframe.frame())'"),
    cell("import badpkg"),
    shell("pip install pandas"),
  ]);
  expect(pip!.content).toEqual({
    type: "bash_code_execution_result",
    stdout: "Successfully installed tinynum-1.0 tinyframe-2.0\n",
    stderr: "",
    return_code: 0,
    content: [],
  });
  expect(used!.content).toEqual({ type: "bash_code_execution_result", stdout: "6\n", stderr: "", return_code: 0, content: [] });
  expect(tampered!.content).toMatchObject({ stdout: "", return_code: 1 });
  expect(tampered!.content.stderr).toMatch(
    /^\[sandbox: refused badpkg-1\.0-py3-none-any\.whl: its sha256 did not match the lock \(expected [0-9a-f]{64}, got [0-9a-f]{64}\); it was not installed\]\n[\s\S]*ModuleNotFoundError: No module named 'badpkg'\n$/,
  );
  expect(unknown!.content).toMatchObject({ stdout: "", return_code: 1 });
  expect(unknown!.content.stderr).toContain(
    `packages come from the package source ${source.url}, which lists 4: badpkg, matplotlib, tinyframe, tinynum.`,
  );
  // The tampered bytes never reached the cache.
  const cached = await page.evaluate(() => window.sandbox.listCachedPackages());
  expect(cached.map((w) => w.name)).toEqual(["tinyframe", "tinynum"]);
  expect(source.requests.filter((r) => !source.listed.has(r))).toEqual([]);
});

test("a package loads offline once it has been loaded, after a reload, with the source unreachable", async ({ page, context }) => {
  await page.goto("./harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  await page.evaluate(() => window.sandbox.clearPackageCache());
  const [first] = await inContainer(page, source.url, [cell("import tinyframe\nprint(tinyframe.frame())")]);
  expect(first!.content).toMatchObject({ stdout: "6\n", stderr: "" });
  const seen = source.requests.length;
  // From now on the source cannot be reached; the app itself still loads (the preview server).
  await context.route(`${source.url}**`, (route) => route.abort("internetdisconnected"));
  await page.reload();
  await expect(page.locator("#status")).toHaveText("ready");
  const [offline, script] = await inContainer(page, source.url, [
    cell("import tinyframe\nprint(tinyframe.frame())"),
    shell("echo 'import tinynum; print(tinynum.total([7]))' > t.py && python3 t.py"),
  ]);
  expect(offline!.content).toEqual({ type: "code_execution_result", stdout: "6\n", stderr: "", return_code: 0, content: [] });
  expect(script!.content).toMatchObject({ stdout: "7\n", stderr: "" });
  expect(source.requests.length).toBe(seen);
  // Not cached: the message names the file and says why.
  const [missing] = await inContainer(page, source.url, [cell("import matplotlib")]);
  expect(missing!.content.stderr).toMatch(
    /^\[sandbox: could not download matplotlib-3\.10\.8-py3-none-any\.whl from http:\/\/127\.0\.0\.1:\d+\/ \(Failed to fetch\); it loads offline once it has been loaded one time\]\n/,
  );
});

test("the app: package source setting, loading status, plots inline, the cache listed and cleared", async ({ page }) => {
  await source.close();
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  source = await serveTestSource({ beforeWheel: (path) => (path.startsWith("/tinyframe") ? held : Promise.resolve()) });
  const errors = collectErrors(page);
  await page.goto("./#settings");
  await page.evaluate(() => caches.delete("code-exec-sandbox-packages-v1"));
  await expect(page.getByTestId("settings-package-source")).toHaveValue("default");
  await page.getByTestId("settings-package-source").fill(source.url);
  await page.getByTestId("settings-package-source").press("Tab");
  // The setting applies to the next container: a reload opens one.
  await page.goto("./#console");
  await page.reload();
  await waitReady(page);
  const running = runInConsole(page, "python", "import tinyframe\nprint(tinyframe.frame())");
  await expect(page.getByTestId("package-status")).toHaveText(/^loading tinyframe \(\d+ KB\)…$/);
  release();
  expect(await running).toMatchObject({ content: { stdout: "6\n", stderr: "", return_code: 0 } });
  await expect(page.getByTestId("package-status")).toHaveCount(0);

  const plot = (await runInConsole(page, "python", "import matplotlib.pyplot as plt\nplt.figure(1)\nplt.plot(1, 2)\nplt.show()")) as Block;
  expect(plot.content).toMatchObject({ stdout: "", stderr: "", return_code: 0 });
  expect((plot.content.content as unknown[]).length).toBe(1);
  await expect(page.locator("console-panel file-chip")).toContainText("figure-1.png");

  await page.goto("./#settings");
  const cache = page.getByTestId("package-cache");
  await expect(cache).toContainText("matplotlib 3.10.8");
  await expect(cache).toContainText("tinyframe 2.0");
  await expect(cache).toContainText("tinynum 1.0");
  await page.getByTestId("clear-package-cache").click();
  await expect(cache).toContainText("No packages cached.");
  expect(errors).toEqual([]);
});

test("a vendored build serves its packages from its own origin, extra pure-Python wheels included", async ({ browser }) => {
  const work = mkdtempSync(join(tmpdir(), "vendored-"));
  try {
    const folder = join(work, "source");
    writeSource(folder, testWheels().wheels);
    const extra = wheelOf(
      "tabulate",
      "0.9.0",
      { "tabulate/__init__.py": "def tabulate(rows):\n    return '\\n'.join(' | '.join(map(str, r)) for r in rows)\n" },
      { depends: ["tinynum"] },
    );
    const extraPath = join(work, extra.fileName);
    (await import("node:fs")).writeFileSync(extraPath, extra.bytes);
    const site = join(work, "site");
    cpSync("dist/app", site, { recursive: true });
    execFileSync("node", ["scripts/vendor-packages.mjs"], {
      env: {
        ...process.env,
        SANDBOX_PACKAGES: "tinyframe",
        SANDBOX_PACKAGES_FROM: folder,
        SANDBOX_EXTRA_WHEELS: extraPath,
        VENDOR_OUT_DIR: site,
        SANDBOX_PACKAGES_CONFIG: join(work, "none.json"),
      },
    });
    const lock = JSON.parse(readFileSync(join(site, "packages/pyodide-lock.json"), "utf8")) as {
      packages: Record<string, { file_name: string; depends: string[]; imports: string[] }>;
    };
    expect(Object.keys(lock.packages).sort()).toEqual(["tabulate", "tinyframe", "tinynum"]);
    expect(lock.packages.tabulate).toMatchObject({
      file_name: "tabulate-0.9.0-py3-none-any.whl",
      imports: ["tabulate"],
      depends: ["tinynum"],
    });

    const server = await startStaticServer(site);
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    try {
      await page.goto(`${server.url}/#settings`);
      await expect(page.getByText(`Default: ${server.url}/packages/.`)).toBeVisible();
      await page.goto(`${server.url}/#console`);
      await waitReady(page);
      expect(
        await runInConsole(page, "python", "import tinyframe, tabulate\nprint(tinyframe.frame())\nprint(tabulate.tabulate([[1, 2]]))"),
      ).toMatchObject({
        content: { stdout: "6\n1 | 2\n", stderr: "", return_code: 0 },
      });
      const packageRequests = requests.filter((url) => url.includes("/packages/")).map((url) => url.replace(server.url, ""));
      expect(packageRequests.sort()).toEqual([
        "/packages/pyodide-lock.json",
        "/packages/tabulate-0.9.0-py3-none-any.whl",
        "/packages/tinyframe-2.0-py3-none-any.whl",
        "/packages/tinynum-1.0-py3-none-any.whl",
      ]);
    } finally {
      await context.close();
      await server.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
