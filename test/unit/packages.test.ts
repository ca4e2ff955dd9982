// Packages on import and with pip, from a package source the container's side fetches, checks
// and caches (Node). The wheels and lock are made at test time and served from 127.0.0.1.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearPackageCache, createContainer, listCachedPackages, replayTranscript, type Container } from "code-exec-sandbox";
import { serveTestSource, testWheels, type ServedSource } from "../fixtures/package-source.ts";
import { call } from "../fixtures/calls.ts";

let source: ServedSource;
let cacheDir: string;
const open: Container[] = [];

async function container(options: { packageIndexURL?: string | null; cacheDir?: string } = {}): Promise<Container> {
  const c = await createContainer({
    packageIndexURL: options.packageIndexURL === undefined ? source.url : options.packageIndexURL,
    packageCacheDir: options.cacheDir ?? cacheDir,
  } as Parameters<typeof createContainer>[0]);
  open.push(c);
  return c;
}
const run = async (c: Container, code: string) => (await c.execute(call("code_execution", { code }))).content;
const bash = async (c: Container, command: string) => (await c.execute(call("bash_code_execution", { command }))).content;
const result = (stdout: string, stderr = "", return_code = 0) => ({
  type: "code_execution_result",
  stdout,
  stderr,
  return_code,
  content: [],
});
const bashResult = (stdout: string, stderr = "", return_code = 0) => ({
  type: "bash_code_execution_result",
  stdout,
  stderr,
  return_code,
  content: [],
});
const wheelRequests = () => source.requests.filter((r) => r.endsWith(".whl")).sort();

beforeAll(async () => {
  source = await serveTestSource();
  cacheDir = mkdtempSync(join(tmpdir(), "wheel-cache-"));
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await source.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe("load on import", () => {
  it("installs a lock package and its dependency before a cell imports it, with no extra output", async () => {
    const c = await container();
    expect(await run(c, "import tinyframe\nprint(tinyframe.frame())")).toEqual(result("6\n"));
    expect(wheelRequests()).toEqual(["/tinyframe-2.0-py3-none-any.whl", "/tinynum-1.0-py3-none-any.whl"]);
    // Installed once per worker: the next import asks nothing.
    const before = source.requests.length;
    expect(await run(c, "from tinynum import total\ntotal([4, 5])")).toEqual(result("9\n"));
    expect(source.requests.length).toBe(before);
  });

  it("loads for python3 -c, scripts, -m, stdin and scripts run by a shell script, from the cache", async () => {
    const c = await container();
    const before = source.requests.length;
    expect(await bash(c, "python3 -c 'import tinynum; print(tinynum.total([1, 1]))'")).toEqual(bashResult("2\n"));
    const d = await container();
    expect(
      await bash(
        d,
        "printf 'import tinyframe\\nprint(tinyframe.frame())\\n' > job.py && printf 'python3 job.py\\n' > run.sh && bash run.sh",
      ),
    ).toEqual(bashResult("6\n"));
    const e = await container();
    expect(await bash(e, "python3 -m tinyframe")).toEqual(bashResult("tinyframe 6\n"));
    const f = await container();
    expect(await bash(f, "echo 'import tinyframe; print(tinyframe.frame() * 2)' | python3")).toEqual(bashResult("12\n"));
    // Everything came from the cache: no wheel was downloaded again (the lock is read once per process).
    expect(source.requests.slice(before).filter((r) => r.endsWith(".whl"))).toEqual([]);
  });

  it("leaves modules the lock does not list alone: a plain ModuleNotFoundError", async () => {
    const c = await container();
    const block = await run(c, "import nothere");
    expect(block).toMatchObject({ stdout: "", return_code: 1 });
    expect((block as { stderr: string }).stderr).toMatch(/^Traceback[\s\S]*ModuleNotFoundError: No module named 'nothere'\n$/);
    expect(source.requests.every((r) => source.listed.has(r))).toBe(true);
  });

  it("asks nothing without a package source (the library's default)", async () => {
    const c = await container({ packageIndexURL: null });
    const before = source.requests.length;
    const block = await run(c, "import tinyframe");
    expect((block as { stderr: string }).stderr).toContain("ModuleNotFoundError: No module named 'tinyframe'");
    expect(source.requests.length).toBe(before);
  });
});

describe("pip with a package source", () => {
  it("installs by name with dependencies, and show, list, freeze and python3 -m pip see it", async () => {
    const c = await container();
    expect(await bash(c, "pip install tinyframe")).toEqual(bashResult("Successfully installed tinynum-1.0 tinyframe-2.0\n"));
    expect(await bash(c, "pip install tinyframe")).toEqual(
      bashResult("Requirement already satisfied: tinyframe in /lib/python3.14/site-packages (2.0)\n"),
    );
    expect(await bash(c, "python3 -c 'import tinyframe; print(tinyframe.frame())'")).toEqual(bashResult("6\n"));
    expect(await bash(c, "pip show tinyframe")).toEqual(
      bashResult(
        "Name: tinyframe\nVersion: 2.0\nSummary: tinyframe for tests\nHome-page: \nAuthor: \nLicense: \nLocation: /lib/python3.14/site-packages\nRequires: tinynum\nRequired-by: \n",
      ),
    );
    expect(await bash(c, "pip show nothere")).toEqual(bashResult("", "WARNING: Package(s) not found: nothere\n", 1));
    const listed = JSON.parse(((await bash(c, "pip list --format=json")) as { stdout: string }).stdout) as Array<{
      name: string;
      version: string;
    }>;
    expect(listed).toEqual(
      expect.arrayContaining([
        { name: "tinyframe", version: "2.0" },
        { name: "tinynum", version: "1.0" },
      ]),
    );
    expect(((await bash(c, "pip freeze")) as { stdout: string }).stdout).toContain("tinyframe==2.0\ntinynum==1.0\n");
    expect(((await bash(c, "python3 -m pip list")) as { stdout: string }).stdout).toContain("tinyframe 2.0\n");
  });

  it("says what the source lists, and where it is, for a name outside the lock", async () => {
    const c = await container();
    const before = wheelRequests().length;
    expect(await bash(c, "pip install pandas")).toEqual(
      bashResult(
        "",
        "ERROR: Could not find a version that satisfies the requirement pandas (from versions: none)\n" +
          "ERROR: No matching distribution found for pandas\n" +
          `The sandbox has no network; packages come from the package source ${source.url}, which lists 4: badpkg, matplotlib, tinyframe, tinynum.\n` +
          "Other pure-Python packages: upload the wheel file and run pip install ./inputs/<file>.whl\n",
        1,
      ),
    );
    expect(wheelRequests().length).toBe(before);
  });

  it("keeps the offline message when no source is configured", async () => {
    const c = await container({ packageIndexURL: null });
    expect(await bash(c, "pip install tinyframe")).toEqual(
      bashResult(
        "",
        "ERROR: cannot install 'tinyframe': the sandbox has no network and no package index is configured.\n" +
          "Offline, pip installs wheel files that are in the container: pip install ./tinyframe-<version>-py3-none-any.whl\n",
        1,
      ),
    );
  });
});

describe("verification", () => {
  it("refuses a wheel whose sha256 does not match the lock, naming the file, and never caches or installs it", async () => {
    const c = await container();
    const block = await run(c, "import badpkg\nprint(badpkg.VALUE)");
    const stderr = (block as { stderr: string }).stderr;
    expect(stderr).toMatch(
      /^\[sandbox: refused badpkg-1\.0-py3-none-any\.whl: its sha256 did not match the lock \(expected [0-9a-f]{64}, got [0-9a-f]{64}\); it was not installed\]\n/,
    );
    expect(stderr).toMatch(/ModuleNotFoundError: No module named 'badpkg'\n$/);
    expect(block).toMatchObject({ stdout: "", return_code: 1 });
    const pip = await bash(c, "pip install badpkg");
    expect(pip).toMatchObject({ stdout: "", return_code: 1 });
    expect((pip as { stderr: string }).stderr).toMatch(
      /^ERROR: could not install badpkg: refused badpkg-1\.0-py3-none-any\.whl: its sha256 did not match the lock/,
    );
    expect((await listCachedPackages(cacheDir)).map((w) => w.name)).not.toContain("badpkg");
  });

  it("requests only the lock and the files it lists", () => {
    expect(source.requests.length).toBeGreaterThan(0);
    expect(source.requests.filter((r) => !source.listed.has(r))).toEqual([]);
  });
});

describe("plots", () => {
  it("uses Agg, and plt.show() in a cell saves each open figure to $OUTPUT_DIR as a PNG output file", async () => {
    const c = await container();
    const block = await c.execute(
      call("code_execution", {
        code: "import matplotlib, matplotlib.pyplot as plt\nprint(matplotlib.backend)\nplt.figure(1)\nplt.plot(1, 2)\nplt.figure(2)\nplt.plot(3)\nplt.show()\nprint(plt.get_fignums())",
      }),
    );
    expect(block.content).toMatchObject({ type: "code_execution_result", stdout: "Agg\n[]\n", stderr: "", return_code: 0 });
    const files = (block.content as { content: Array<{ type: string; file_id: string }> }).content;
    expect(files.map((f) => f.type)).toEqual(["code_execution_output", "code_execution_output"]);
    const metas = await Promise.all(files.map((f) => c.fileMetadata!(f.file_id)));
    expect(metas.map((m) => m.filename)).toEqual(["figure-1.png", "figure-2.png"]);
    const png = await c.downloadFile(files[0]!.file_id);
    expect(new TextDecoder("latin1").decode(png)).toBe("\x89PNG\r\n\x1a\n(1, [[1, 2]])");
    // python3 in bash: show() is matplotlib's own (a no-op under Agg); nothing is saved.
    expect(await bash(c, "python3 -c 'import matplotlib.pyplot as plt; plt.figure(); plt.show(); print(plt.get_fignums())'")).toEqual(
      bashResult("[1]\n"),
    );
  });
});

describe("cache", () => {
  it("loads offline after first use, lists the cached wheels with sizes, and can be cleared", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wheel-cache-offline-"));
    const local = await serveTestSource();
    try {
      const first = await container({ packageIndexURL: local.url, cacheDir: dir });
      expect(await run(first, "import tinyframe\nprint(tinyframe.frame())")).toEqual(result("6\n"));
      const { wheels } = testWheels();
      const size = (name: string) => wheels.find((w) => w.name === name)!.bytes.length;
      expect((await listCachedPackages(dir)).map(({ name, version, size }) => ({ name, version, size }))).toEqual([
        { name: "tinyframe", version: "2.0", size: size("tinyframe") },
        { name: "tinynum", version: "1.0", size: size("tinynum") },
      ]);
      await local.close(); // the source is gone: everything must come from the cache
      const offline = await createContainer({ packageIndexURL: local.url, packageCacheDir: dir } as Parameters<typeof createContainer>[0]);
      open.push(offline);
      expect(await run(offline, "import tinyframe\nprint(tinyframe.frame())")).toEqual(result("6\n"));
      // A recorded transcript whose calls import the package replays offline.
      const transcript = [
        {
          role: "assistant",
          content: [
            {
              type: "server_tool_use",
              id: "srvtoolu_rec1",
              name: "code_execution",
              input: { code: "import tinyframe\nprint(tinyframe.frame())" },
            },
            {
              type: "code_execution_tool_result",
              tool_use_id: "srvtoolu_rec1",
              content: { type: "code_execution_result", stdout: "6\n", stderr: "", return_code: 0, content: [] },
            },
          ],
        },
      ];
      const replayed = await createContainer({ packageIndexURL: local.url, packageCacheDir: dir } as Parameters<typeof createContainer>[0]);
      open.push(replayed);
      const steps = [];
      for await (const step of replayTranscript(transcript as never, replayed)) steps.push(step);
      expect(steps.map((s) => s.match)).toEqual([true]);
      await clearPackageCache(dir);
      expect(await listCachedPackages(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the local agent", () => {
  it("names the source's packages in its system prompt", async () => {
    const { startFakeAnthropic } = await import("../fixtures/fake-anthropic/server.ts");
    const { streamStep } = await import("../fixtures/fake-anthropic/sse.ts");
    const { createAgent } = await import("code-exec-sandbox");
    const fake = await startFakeAnthropic();
    try {
      const c = await container();
      fake.enqueue(streamStep({ content: [{ type: "text", text: "ok", citations: null }], stop_reason: "end_turn" }));
      const agent = createAgent({
        engine: "local",
        apiKey: "test-key",
        baseURL: fake.url,
        model: "claude-sonnet-5",
        maxRetries: 0,
        container: c,
      });
      for await (const _ of agent.send("hi")) void _;
      expect((fake.messageBodies()[0] as { system: string }).system).toMatch(
        / These Python packages load when code imports them, as if preinstalled \(pip install <name> also works\): badpkg, matplotlib, tinyframe, tinynum\.$/,
      );
    } finally {
      await fake.close();
    }
  });
});

describe("the app's default source", () => {
  it("is Pyodide's public folder for the pinned version", async () => {
    const { PUBLIC_PACKAGE_SOURCE } = await import("../../src/ui/state/package-source.ts");
    const { version } = JSON.parse((await import("node:fs")).readFileSync("node_modules/pyodide/package.json", "utf8")) as {
      version: string;
    };
    expect(PUBLIC_PACKAGE_SOURCE).toBe(`https://cdn.jsdelivr.net/pyodide/v${version}/full/`);
  });
});

describe("a lock entry that points outside the source", () => {
  it("is refused without a request to the other place", async () => {
    const { createServer } = await import("node:http");
    const elsewhere: string[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(req.url ?? "");
      res.writeHead(200).end("x");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const otherURL = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
    const sha = "0".repeat(64);
    const lock = JSON.stringify({
      packages: {
        far: {
          name: "far",
          version: "1.0",
          file_name: `${otherURL}/far-1.0-py3-none-any.whl`,
          install_dir: "site",
          sha256: sha,
          imports: ["far"],
          depends: [],
        },
        up: {
          name: "up",
          version: "1.0",
          file_name: "../up-1.0-py3-none-any.whl",
          install_dir: "site",
          sha256: sha,
          imports: ["up"],
          depends: [],
        },
      },
    });
    const sourceServer = createServer((req, res) => {
      elsewhere.push(`source ${req.url}`);
      res.writeHead(req.url === "/sub/pyodide-lock.json" ? 200 : 404).end(req.url === "/sub/pyodide-lock.json" ? lock : "");
    });
    await new Promise<void>((resolve) => sourceServer.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(sourceServer.address() as { port: number }).port}/sub/`;
    try {
      const c = await container({ packageIndexURL: url });
      expect(await bash(c, "pip install far")).toEqual(
        bashResult(
          "",
          `ERROR: could not install far: refused ${otherURL}/far-1.0-py3-none-any.whl: the lock names a file outside the package source ${url}\n`,
          1,
        ),
      );
      expect(await bash(c, "pip install up")).toEqual(
        bashResult(
          "",
          `ERROR: could not install up: refused ../up-1.0-py3-none-any.whl: the lock names a file outside the package source ${url}\n`,
          1,
        ),
      );
      expect(elsewhere).toEqual(["source /sub/pyodide-lock.json"]);
    } finally {
      other.close();
      sourceServer.close();
    }
  });
});
