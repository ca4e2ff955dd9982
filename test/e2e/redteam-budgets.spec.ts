// A red team against the budgets and the result path, written as an attacker would: user code
// runs in the worker and may change any JavaScript it can reach. Every vector must fail: no
// byte past the output budget, no heap past the memory budget, no Python between calls, no
// forged result. The library runs on the harness page in Chromium, in the real sandbox frame.
import { expect, test, type Page } from "@playwright/test";

interface Content {
  type: string;
  stdout?: string;
  stderr?: string;
  return_code?: number;
  error_code?: string;
}

async function openContainer(page: Page, limits: Record<string, number>): Promise<void> {
  await page.goto("./harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  await page.evaluate(async (limits) => {
    (window as unknown as { container: unknown }).container = await window.sandbox.createContainer({ limits });
  }, limits);
}

let calls = 0;
async function run(page: Page, name: "bash_code_execution" | "code_execution", input: Record<string, unknown>): Promise<Content> {
  const block = (await page.evaluate(
    ([name, input, id]) =>
      (window as unknown as { container: { execute: (c: unknown) => Promise<unknown> } }).container.execute({
        type: "server_tool_use",
        id,
        name,
        input,
      }),
    [name, input, `srvtoolu_red${++calls}`] as const,
  )) as { content: Content };
  return block.content;
}
const python = (page: Page, code: string) => run(page, "code_execution", { code });
const bash = (page: Page, command: string) => run(page, "bash_code_execution", { command });

/** The worker's global scope: not `js`, but a timer calls back with it as `this`. */
const WORKER_SCOPE = `
import asyncio, js
from pyodide.ffi import create_proxy, to_js

async def worker_scope():
    box = []
    js.setTimeout(create_proxy(lambda this: box.append(this), capture_this=True), 0)
    while not box:
        await asyncio.sleep(0.01)
    return box[0]

def attempt(results, name, action):
    try:
        action()
        results[name] = "installed"
    except Exception as exc:
        results[name] = type(exc).__name__
`;

test("output: switching off the worker's truncation lets nothing past outputBytes", async ({ page }) => {
  await openContainer(page, { outputBytes: 1000 });
  const attack = await python(
    page,
    `${WORKER_SCOPE}
import sys
scope = await worker_scope()
results = {}
passthrough = create_proxy(lambda text, *rest: text)
# The truncation function, found by its source among the worker's globals (as in the first exploit).
for name in scope.Object.getOwnPropertyNames(scope):
    try:
        value = getattr(scope, name)
    except Exception:
        continue
    if callable(value) and "truncated" in str(value):
        attempt(results, f"global {name}", lambda: setattr(scope, name, passthrough))
# What any truncation measures with: UTF-8 byte counts.
attempt(results, "TextEncoder.prototype.encode", lambda: setattr(scope.TextEncoder.prototype, "encode", create_proxy(lambda *a: js.Uint8Array.new(0))))
print(sorted(results.items()), file=sys.stderr)
print("x" * 50_000)
`,
  );
  expect(attack.type).toBe("code_execution_result");
  expect(attack.stdout).toBe(`${"x".repeat(1000)}\n[stdout truncated: 49001 of 50001 bytes not shown (limit 1000 bytes)]\n`);
  expect(attack.stderr).not.toContain("'installed'");
  // The shell's output goes through the same cut.
  const shell = await bash(page, "python3 -c \"print('y' * 5000)\"");
  expect(shell.stdout).toBe(`${"y".repeat(1000)}\n[stdout truncated: 4001 of 5001 bytes not shown (limit 1000 bytes)]\n`);
});

// (module (import "e" "m" (memory 0)) (func (export "g") (param i32) (result i32) local.get 0 memory.grow))
const GROW_MODULE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 2, 8, 1, 1, 101, 1, 109, 2, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 103, 0, 0, 10, 8, 1,
  6, 0, 32, 0, 64, 0, 11,
];

test("memory: a wasm grow hook on WebAssembly.Memory does not lift the heap past memoryBytes", async ({ page }) => {
  test.setTimeout(120_000);
  const budget = 256 * 1024 * 1024;
  await openContainer(page, { memoryBytes: budget, timeoutMs: 20_000 });
  await bash(page, "echo kept > kept.txt");
  const attack = await python(
    page,
    `${WORKER_SCOPE}
import sys
results = {}
grow = js.WebAssembly.Module.new(to_js(bytes(${JSON.stringify(GROW_MODULE)})))
held = {}
def hook(this, pages):
    # Emscripten grows its heap through this: grab the memory, grow it from wasm, past any JS check.
    held["memory"] = this
    imports = to_js({"e": {"m": this}}, dict_converter=js.Object.fromEntries)
    return js.WebAssembly.Instance.new(grow, imports).exports.g(pages)
attempt(results, "WebAssembly.Memory.prototype.grow", lambda: setattr(js.WebAssembly.Memory.prototype, "grow", create_proxy(hook, capture_this=True)))
scope = await worker_scope()
attempt(results, "scope WebAssembly.Memory.prototype.grow", lambda: setattr(scope.WebAssembly.Memory.prototype, "grow", create_proxy(hook, capture_this=True)))
print(sorted(results.items()), file=sys.stderr)
chunks = []
try:
    for _ in range(40):
        chunks.append(bytearray(10 * 2**20))
except MemoryError:
    print("MemoryError", file=sys.stderr)
heap = held["memory"].buffer.byteLength if "memory" in held else None
print(f"allocated {len(chunks) * 10} MiB; heap {heap}")
`,
  );
  // Either Python ran out of memory under the budget, or (were the hook let in) the heap that
  // could not grow past its maximum broke the interpreter and the call failed: never 400 MiB.
  if (attack.type === "code_execution_result") {
    const allocated = Number(/allocated (\d+) MiB/.exec(attack.stdout ?? "")?.[1]);
    expect(allocated * 1024 * 1024, attack.stderr).toBeLessThan(budget);
    expect(attack.stderr).toContain("MemoryError");
    expect(attack.stderr).not.toContain("'installed'");
  } else {
    expect(attack.type).toBe("code_execution_tool_result_error");
    expect(["unavailable", "execution_time_exceeded"]).toContain(attack.error_code);
  }
  expect(await bash(page, "cat kept.txt")).toMatchObject({ stdout: "kept\n", return_code: 0 });
});

test("memory outside the heap: the sandbox's process can die of it, the app lives and the container comes back with its files", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openContainer(page, { timeoutMs: 5_000 });
  await bash(page, "echo kept > kept.txt");
  const held = await python(
    page,
    `import js
from pyodide.ffi import to_js
held = []
for make in (lambda: js.ArrayBuffer.new(2**31), lambda: js.WebAssembly.Memory.new(to_js({"initial": 16384}, dict_converter=js.Object.fromEntries))):
    try:
        held.append(make())
    except Exception as exc:
        print(type(exc).__name__)
print(len(held), "held")`,
  );
  expect(held.type).toBe("code_execution_result");
  // The sandbox frame is a process of its own (an out-of-process frame has its own target).
  const frame = page.frames().find((f) => f.url() === "about:srcdoc");
  expect(frame).toBeDefined();
  const frameSession = await page.context().newCDPSession(frame!);
  // The app's page, reached over its own DevTools session: Playwright counts the page as crashed
  // once any of its frames' processes crashes, although the page itself lives on.
  const appSession = await page.context().newCDPSession(page);
  await appSession.send("Runtime.evaluate", { expression: "window.appAlive = 'yes'" });
  // What an out-of-memory kill does to the sandbox's process.
  void frameSession.send("Page.crash").catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const evaluate = async (expression: string) =>
    ((await appSession.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true })) as { result: { value: unknown } })
      .result.value;
  expect(await evaluate("window.appAlive + ' ' + document.querySelector('#status').textContent")).toBe("yes ready");
  const execute = (id: string, command: string) =>
    `container.execute({ type: "server_tool_use", id: "${id}", name: "bash_code_execution", input: { command: ${JSON.stringify(command)} } }).then((b) => b.content)`;
  // The first call finds the process gone and ends at its deadline; the container restarts with its files.
  const [lost, after] = (await evaluate(
    `Promise.all([${execute("srvtoolu_lost", "echo lost")}, ${execute("srvtoolu_after", "cat kept.txt")}])`,
  )) as Content[];
  expect(lost).toEqual({ type: "bash_code_execution_tool_result_error", error_code: "execution_time_exceeded" });
  expect(after).toEqual({ type: "bash_code_execution_result", stdout: "kept\n", stderr: "", return_code: 0, content: [] });
});

test("time: timers, message loops and tasks that a cell leaves behind run no Python between calls", async ({ page }) => {
  await openContainer(page, {});
  const first = await python(
    page,
    `${WORKER_SCOPE}
import time
# Wall-clock times: the page's Date.now() and Python's time.time() read the same clock.
ticks = {"interval": [], "timeout chain": [], "message loop": [], "asyncio task": []}
js.setInterval(create_proxy(lambda: ticks["interval"].append(time.time())), 100)
def chain():
    ticks["timeout chain"].append(time.time())
    js.setTimeout(chain_proxy, 50)
chain_proxy = create_proxy(chain)
js.setTimeout(chain_proxy, 50)
scope = await worker_scope()
channel = scope.MessageChannel.new()
def ping(*_):
    ticks["message loop"].append(time.time())
    channel.port2.postMessage(0)
channel.port1.onmessage = create_proxy(ping)
channel.port2.postMessage(0)
async def forever():
    while True:
        ticks["asyncio task"].append(time.time())
        await asyncio.sleep(0.05)
background = asyncio.ensure_future(forever())
await asyncio.sleep(0.3)
print({name: len(times) > 0 for name, times in ticks.items()})`,
  );
  // From the moment the page has the result (the worker answered before that) ...
  const answered = Date.now();
  // Each mechanism really runs while a call is on.
  expect(first.stdout).toBe("{'interval': True, 'timeout chain': True, 'message loop': True, 'asyncio task': True}\n");
  await page.waitForTimeout(2500);
  // ... to the moment it sends the next call: ticks strictly between the calls (50 ms margins).
  const asked = Date.now();
  const second = await python(
    page,
    `print({name: sum(1 for t in times if ${answered / 1000} + 0.05 < t < ${asked / 1000} - 0.05) for name, times in ticks.items()})`,
  );
  expect(second.stdout).toBe("{'interval': 0, 'timeout chain': 0, 'message loop': 0, 'asyncio task': 0}\n");
});

test("results: hooks on the intrinsics a result travels through cannot forge a later call's output", async ({ page }) => {
  await openContainer(page, {});
  const attack = await python(
    page,
    `${WORKER_SCOPE}
scope = await worker_scope()
results = {}
forged = "forged by an earlier cell\\n"
original_post = scope.MessagePort.prototype.postMessage
def post(this, message, *rest):
    # Rewrite every result on its way to the page.
    try:
        message.value.stdout = forged
    except Exception:
        pass
    return original_post.call(this, message, *rest)
attempt(results, "MessagePort.prototype.postMessage", lambda: setattr(scope.MessagePort.prototype, "postMessage", create_proxy(post, capture_this=True)))
attempt(results, "EventTarget.prototype.addEventListener", lambda: setattr(scope.EventTarget.prototype, "addEventListener", create_proxy(lambda *a: None)))
attempt(results, "MessageEvent.prototype.data", lambda: scope.Object.defineProperty(scope.MessageEvent.prototype, "data", to_js({"get": create_proxy(lambda: None)}, dict_converter=js.Object.fromEntries)))
attempt(results, "TextDecoder.prototype.decode", lambda: setattr(scope.TextDecoder.prototype, "decode", create_proxy(lambda *a: forged)))
attempt(results, "Object.assign", lambda: setattr(scope.Object, "assign", create_proxy(lambda target, *sources: target)))
attempt(results, "Promise.prototype.then", lambda: setattr(scope.Promise.prototype, "then", create_proxy(lambda *a: None)))
attempt(results, "Array.prototype.map", lambda: setattr(scope.Array.prototype, "map", create_proxy(lambda *a: [])))
attempt(results, "JSON.stringify", lambda: setattr(scope.JSON, "stringify", create_proxy(lambda *a: forged)))
attempt(results, "String.prototype.slice", lambda: setattr(scope.String.prototype, "slice", create_proxy(lambda *a: forged)))
attempt(results, "Atomics.wait", lambda: setattr(scope.Atomics, "wait", create_proxy(lambda *a: "ok")))
attempt(results, "structuredClone", lambda: setattr(scope, "structuredClone", create_proxy(lambda v: forged)))
print(sorted(results.items()))`,
  );
  expect(attack.type).toBe("code_execution_result");
  expect(attack.stdout).not.toContain("'installed'");
  expect(attack.stdout).toContain("('MessagePort.prototype.postMessage', 'JsException')");
  expect(await bash(page, "echo real")).toEqual({
    type: "bash_code_execution_result",
    stdout: "real\n",
    stderr: "",
    return_code: 0,
    content: [],
  });
  expect(await python(page, "print('real')")).toEqual({
    type: "code_execution_result",
    stdout: "real\n",
    stderr: "",
    return_code: 0,
    content: [],
  });
});

test("globals: no function of the worker's global scope can be replaced", async ({ page }) => {
  await openContainer(page, { outputBytes: 1000 });
  const attack = await python(
    page,
    `${WORKER_SCOPE}
scope = await worker_scope()
fake = create_proxy(lambda *a: "forged")
functions, replaced = 0, []
for name in scope.Object.getOwnPropertyNames(scope):
    try:
        value = getattr(scope, name)
    except Exception:
        continue
    if not callable(value):
        continue
    functions += 1
    try:
        setattr(scope, name, fake)
    except Exception:
        pass
    try:
        if str(getattr(scope, name)) != str(value):
            replaced.append(name)
    except Exception:
        pass
print(functions > 50, replaced)`,
  );
  expect(attack.stdout).toBe("True []\n");
  expect(await bash(page, "echo real; python3 -c \"print('z' * 2000)\"")).toEqual({
    type: "bash_code_execution_result",
    stdout: `real\n${"z".repeat(995)}\n[stdout truncated: 1006 of 2006 bytes not shown (limit 1000 bytes)]\n`,
    stderr: "",
    return_code: 0,
    content: [],
  });
});
