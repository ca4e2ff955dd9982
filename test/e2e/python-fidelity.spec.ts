// Python in the Chromium container behaves as on the hosted one: blocking calls that need stack
// switching (time.sleep in a cell, subprocess, os.system) work after the interpreter was restored
// from the snapshot the build made in Node, which has no stack switching.
import { expect, test, type Page } from "@playwright/test";

type Result = { stdout: string; stderr: string; return_code: number };

async function openContainer(page: Page): Promise<void> {
  await page.goto("harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  await page.evaluate(async () => {
    (window as unknown as { box: unknown }).box = await window.sandbox.createContainer();
  });
}

function run(page: Page, tool: "code_execution" | "bash_code_execution", text: string): Promise<Result> {
  return page.evaluate(
    async ({ tool, text }) => {
      const box = (window as unknown as { box: Awaited<ReturnType<typeof window.sandbox.createContainer>> }).box;
      const input = tool === "code_execution" ? { code: text } : { command: text };
      const block = await box.execute({ type: "server_tool_use", id: "srvtoolu_x", name: tool, input });
      return block.content as unknown as Result;
    },
    { tool, text },
  );
}

test("time.sleep blocks in a cell and in python3 after a restore from the Node-made snapshot", async ({ page }) => {
  await openContainer(page);
  expect(await page.evaluate(() => (window as unknown as { box: { bootInfo: { snapshot: string } } }).box.bootInfo.snapshot)).toBe("restored");
  const cell = await run(page, "code_execution", "import time\nt = time.monotonic()\ntime.sleep(0.3)\nprint(time.monotonic() - t >= 0.3)");
  expect(cell).toMatchObject({ stdout: "True\n", stderr: "", return_code: 0 });
  const proc = await run(page, "bash_code_execution", "python3 -c 'import time; t = time.monotonic(); time.sleep(0.2); print(time.monotonic() - t >= 0.2)'");
  expect(proc).toMatchObject({ stdout: "True\n", stderr: "", return_code: 0 });
});

test("subprocess, Popen and os.system run in the container's own shell, with its files, cwd, env and exit codes", async ({ page }) => {
  await openContainer(page);
  expect(await run(page, "bash_code_execution", "mkdir -p d && echo x > d/a.txt && echo y > b.txt")).toMatchObject({ return_code: 0 });
  const cell = await run(
    page,
    "code_execution",
    [
      "import os, subprocess",
      "r = subprocess.run(['ls'], capture_output=True, text=True)",
      "print(repr(r.stdout), r.returncode)",
      "print(repr(subprocess.check_output('echo hi | wc -c', shell=True)))",
      "p = subprocess.Popen(['cat'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)",
      "out, err = p.communicate(b'piped bytes')",
      "print(out, err, p.returncode)",
      "p = subprocess.Popen('tr a-z A-Z', shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)",
      "p.stdin.write('line\\n'); p.stdin.close()",
      "print(repr(p.stdout.read()), p.wait())",
      "print(os.system('exit 3'))",
      "print(os.system('echo from-system; echo to-stderr >&2'))",
      "r = subprocess.run('cat d/a.txt; echo $GREETING; pwd', shell=True, cwd='/workspace', env={'GREETING': 'hello'}, capture_output=True, text=True)",
      "print(repr(r.stdout))",
      "r = subprocess.run(['cat', 'nope'], capture_output=True, text=True)",
      "print(r.returncode, repr(r.stderr))",
      "try:\n    subprocess.check_call('exit 4', shell=True)\nexcept subprocess.CalledProcessError as e:\n    print('CalledProcessError', e.returncode)",
      "try:\n    subprocess.run(['no-such-program'])\nexcept FileNotFoundError as e:\n    print('FileNotFoundError', e.filename)",
      "print(os.popen('echo popen').read().strip())",
      "print(subprocess.getstatusoutput('echo out; echo err >&2; exit 2'))",
      "subprocess.run('echo made > made.txt', shell=True)",
      "print(open('made.txt').read().strip())",
    ].join("\n"),
  );
  expect(cell.stderr).toBe("to-stderr\n");
  expect(cell.stdout).toBe(
    [
      "'b.txt\\nd\\n' 0",
      "b'3\\n'",
      "b'piped bytes' None 0",
      "'LINE\\n' 0",
      "768",
      "from-system",
      "0",
      "'x\\nhello\\n/workspace\\n'",
      "1 'cat: nope: No such file or directory\\n'",
      "CalledProcessError 4",
      "FileNotFoundError no-such-program",
      "popen",
      "(2, 'out\\nerr')",
      "made",
      "",
    ].join("\n"),
  );
  expect(cell.return_code).toBe(0);
  // The file the subprocess wrote is the container's: the shell sees it too.
  expect(await run(page, "bash_code_execution", "cat made.txt")).toMatchObject({ stdout: "made\n", return_code: 0 });
});

test("python3 scripts use subprocess too (even python3 inside python3), and exit with the child's status through os.execv", async ({ page }) => {
  await openContainer(page);
  const script = [
    "import os, subprocess, sys",
    "print('parent', flush=True)",
    "r = subprocess.run([sys.executable if os.path.exists(sys.executable) else 'python3', '-c', 'import sys; print(sys.argv[1:]); sys.exit(5)', 'a b'], capture_output=True, text=True)",
    // As with CPython, what stdout still buffers is not written before exec: flush first.
    "print(repr(r.stdout), r.returncode, flush=True)",
    "os.execv('/bin/sh', ['sh', '-c', 'echo replaced; exit 7'])",
    "print('not reached')",
  ].join("\n");
  const result = await run(page, "bash_code_execution", `cat > parent.py <<'EOF'\n${script}\nEOF\npython3 parent.py; echo "status $?"`);
  expect(result).toMatchObject({ stdout: "parent\n\"['a b']\\n\" 5\nreplaced\nstatus 7\n", stderr: "", return_code: 0 });
});

test("input() meets end of file in a cell; fork and threads fail with errors that say why", async ({ page }) => {
  await openContainer(page);
  const cell = await run(
    page,
    "code_execution",
    [
      "import os, threading",
      "try:\n    input()\nexcept EOFError as e:\n    print('EOFError', e)",
      "try:\n    os.fork()\nexcept OSError as e:\n    print(e.strerror)",
      "try:\n    threading.Thread(target=print).start()\nexcept RuntimeError as e:\n    print(e)",
    ].join("\n"),
  );
  expect(cell).toMatchObject({
    stdout:
      "EOFError EOF when reading a line\n" +
      "fork is not available: this container runs Python as a single process (use subprocess to run commands)\n" +
      "can't start new thread: threads are not available in this container (Python runs on one WebAssembly thread)\n",
    stderr: "",
    return_code: 0,
  });
});
