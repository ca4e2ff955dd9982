// In Node the container runs in a worker thread of the host's own process, so the host is one
// `process` away. Python must not get there: not through `js`, not through Pyodide's own module
// (its Emscripten module, file system, NODEFS, mountNodeFS), not by turning a string into code.
// Each attempt prints "BLOCKED <name>: <why>" or "REACHED <name>: <what>".
import "fake-indexeddb/auto";
import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createContainer, type Container } from "code-exec-sandbox";

let container: Container;
const marker = join(tmpdir(), `code-exec-sandbox-host-escape-${process.pid}`);

beforeAll(async () => {
  rmSync(marker, { force: true });
  container = await createContainer();
});
afterAll(async () => {
  await container?.close();
  rmSync(marker, { force: true });
});

const attempts = (markerPath: string) => `
import asyncio, inspect, js, pyodide, pyodide_js
from pyodide.ffi import create_proxy
results = []
def attempt(name, action):
    try:
        value = action()
        results.append(f"REACHED {name}: {value!r}"[:160])
    except BaseException as exc:
        results.append(f"BLOCKED {name}: {type(exc).__name__}")

def need(value, what):
    if value is None:
        raise LookupError(f"{what} is not there")
    return value

def write_marker(fs):
    fs.writeFileSync(${JSON.stringify(markerPath)}, "escaped")
    return "wrote the host file"

attempt("js.process", lambda: js.process.pid)
attempt("js.require", lambda: write_marker(js.require("node:fs")))
attempt("js.globalThis", lambda: js.globalThis.process.pid)
attempt("js.global", lambda: js["global"].process.pid)
attempt("getBuiltinModule", lambda: write_marker(js.process.getBuiltinModule("node:fs")))
attempt("run_js", lambda: pyodide.code.run_js("process.pid"))
attempt("Function constructor", lambda: js.Object.constructor("return process.pid")())
attempt("a method's constructor", lambda: js.Promise.resolve(1).then.constructor("return process.pid")())
attempt("pyodide_js._module", lambda: need(getattr(pyodide_js, "_module", None), "_module").FS.filesystems.NODEFS)
attempt("pyodide_js.FS.mount(NODEFS)", lambda: need(getattr(pyodide_js, "FS", None), "FS").mount(pyodide_js.FS.filesystems.NODEFS, {"root": "/"}, "/host"))
attempt("pyodide_js.mountNodeFS", lambda: need(getattr(pyodide_js, "mountNodeFS", None), "mountNodeFS")("/host", "/"))
attempt("pyodide_js.runPython", lambda: need(getattr(pyodide_js, "runPython", None), "runPython")("1"))
attempt("pyodide_js.loadPackage", lambda: need(getattr(pyodide_js, "loadPackage", None), "loadPackage"))
attempt("pyodide_js._api._module", lambda: need(getattr(pyodide_js._api, "_module", None), "_api._module"))
attempt("pyodide_js._api._nodeSock", lambda: need(getattr(pyodide_js._api, "_nodeSock", None), "_nodeSock"))
attempt("pyodide_js.constructor.constructor", lambda: pyodide_js.constructor.constructor("return process.pid")())
scopes = []
js.setTimeout(create_proxy(lambda this: scopes.append(this), capture_this=True), 0)
while not scopes:
    await asyncio.sleep(0.01)
attempt("timer's this.process", lambda: need(getattr(scopes[0], "process", None), "process").pid)
attempt("host /tmp through the file system", lambda: open(${JSON.stringify(markerPath)}, "w").write("x") and __import__("os").listdir("/tmp"))
print("\\n".join(results))
`;

it("Python reaches neither process, require, run_js nor Pyodide's internals, and writes no host file", async () => {
  const block = await container.execute({
    type: "server_tool_use",
    id: "srvtoolu_host",
    name: "code_execution",
    input: { code: attempts(marker) },
  });
  const content = block.content as { stdout: string; stderr: string };
  const lines = content.stdout.trim().split("\n");
  expect(
    lines.map((l) => l.replace(/^(BLOCKED|REACHED) (.*?): .*$/, "$2")),
    content.stderr,
  ).toEqual([
    "js.process",
    "js.require",
    "js.globalThis",
    "js.global",
    "getBuiltinModule",
    "run_js",
    "Function constructor",
    "a method's constructor",
    "pyodide_js._module",
    "pyodide_js.FS.mount(NODEFS)",
    "pyodide_js.mountNodeFS",
    "pyodide_js.runPython",
    "pyodide_js.loadPackage",
    "pyodide_js._api._module",
    "pyodide_js._api._nodeSock",
    "pyodide_js.constructor.constructor",
    "timer's this.process",
    "host /tmp through the file system",
  ]);
  // Writing /tmp/… in Python is allowed: it is the container's own /tmp, not the host's.
  expect(lines.filter((l) => !l.startsWith("BLOCKED ") && !l.startsWith("REACHED host /tmp through the file system"))).toEqual([]);
  expect(existsSync(marker)).toBe(false);
  // The positive control: the same Python can still compute, time and use its own files.
  const after = await container.execute({
    type: "server_tool_use",
    id: "srvtoolu_ok",
    name: "code_execution",
    input: { code: "import asyncio, json\nawait asyncio.sleep(0.01)\nprint(json.dumps(sorted(__import__('os').listdir('/tmp'))))" },
  });
  expect(after.content).toMatchObject({ type: "code_execution_result", return_code: 0 });
});
