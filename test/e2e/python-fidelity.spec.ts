// Python in the Chromium container behaves as on the hosted one. The interpreter is restored from
// the snapshot the build made in Node (no stack switching); the worker gives it back Chromium's
// own stack-switching choices (src/worker/stack-switching.ts), so subprocess, Popen and os.system
// run their commands in the container's shell, while time.sleep, input() and interrupts behave as
// before: a busy loop still stops on the timeout and on Stop, and keeps Python's variables.
import { expect, test, type Page } from "@playwright/test";

type Result = { stdout: string; stderr: string; return_code: number };
type Box = Awaited<ReturnType<typeof window.sandbox.createContainer>>;

async function openContainer(page: Page, timeoutMs?: number): Promise<void> {
  await page.goto("harness.html");
  await expect(page.locator("#status")).toHaveText("ready");
  await page.evaluate(async (timeoutMs) => {
    const limits = timeoutMs === undefined ? {} : { timeoutMs };
    (window as unknown as { box: Box }).box = await window.sandbox.createContainer({ limits });
  }, timeoutMs);
}

function run(page: Page, tool: "code_execution" | "bash_code_execution", text: string): Promise<Result> {
  return page.evaluate(
    async ({ tool, text }) => {
      const box = (window as unknown as { box: Box }).box;
      const input = tool === "code_execution" ? { code: text } : { command: text };
      const block = await box.execute({ type: "server_tool_use", id: "srvtoolu_x", name: tool, input });
      return block.content as unknown as Result;
    },
    { tool, text },
  );
}

function bootInfo(page: Page) {
  return page.evaluate(() => {
    const info = (window as unknown as { box: { bootInfo: { snapshot: string; workers: number; stackSwitchingProblem?: string } } }).box
      .bootInfo;
    return { snapshot: info.snapshot, workers: info.workers, stackSwitchingProblem: info.stackSwitchingProblem ?? null };
  });
}

test("subprocess, Popen and os.system in a cell run in the container's own shell, with its files, cwd, env and exit codes", async ({
  page,
}) => {
  await openContainer(page);
  // The Node-made snapshot is what the worker restored, and stack switching is on all the same.
  expect(await bootInfo(page)).toEqual({ snapshot: "restored", workers: 1, stackSwitchingProblem: null });
  expect(await run(page, "bash_code_execution", "mkdir -p d && echo x > d/a.txt && echo y > b.txt")).toMatchObject({ return_code: 0 });
  const shellCount = await run(page, "bash_code_execution", "ls | wc -l");
  expect(shellCount).toMatchObject({ stdout: "2\n", return_code: 0 });
  const cell = await run(
    page,
    "code_execution",
    [
      "import os, subprocess",
      "print(subprocess.run(['echo', 'hi'], capture_output=True))",
      "print(repr(subprocess.check_output('ls | wc -l', shell=True)))",
      "r = subprocess.run(['ls'], capture_output=True, text=True)",
      "print(repr(r.stdout), r.returncode)",
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
      "os.chdir('d'); os.environ['FROM_PARENT'] = 'inherited'",
      "print(repr(subprocess.run('pwd; ls; echo $FROM_PARENT', shell=True, capture_output=True, text=True).stdout))",
      "os.chdir('/workspace')",
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
      "CompletedProcess(args=['echo', 'hi'], returncode=0, stdout=b'hi\\n', stderr=b'')",
      "b'2\\n'",
      "'b.txt\\nd\\n' 0",
      "b'piped bytes' None 0",
      "'LINE\\n' 0",
      "768",
      "from-system",
      "0",
      "'x\\nhello\\n/workspace\\n'",
      "'/workspace/d\\na.txt\\ninherited\\n'",
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

test("python3 scripts run from bash use subprocess, Popen and os.system too (even python3 inside python3), and exit through os.execv", async ({
  page,
}) => {
  await openContainer(page);
  const script = [
    "import os, subprocess, sys",
    "print(subprocess.run(['echo', 'hi'], capture_output=True).stdout)",
    "print(subprocess.check_output('ls | wc -l', shell=True))",
    "p = subprocess.Popen(['sort'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)",
    "print(p.communicate('b\\na\\n'), p.returncode)",
    "print(os.system('exit 3') >> 8)",
    "r = subprocess.run([sys.executable, '-c', 'import sys; print(sys.argv[1:]); sys.exit(5)', 'a b'], capture_output=True, text=True)",
    // As with CPython, what stdout still buffers is not written before exec: flush first.
    "print(repr(r.stdout), r.returncode, flush=True)",
    "os.execv('/bin/sh', ['sh', '-c', 'echo replaced; exit 7'])",
    "print('not reached')",
  ].join("\n");
  const result = await run(page, "bash_code_execution", `cat > parent.py <<'EOF'\n${script}\nEOF\npython3 parent.py; echo "status $?"`);
  expect(result).toEqual({
    type: "bash_code_execution_result",
    stdout: "b'hi\\n'\nb'1\\n'\n('a\\nb\\n', '') 0\n3\n\"['a b']\\n\" 5\nreplaced\nstatus 7\n",
    stderr: "",
    return_code: 0,
    content: [],
  });
  // The differential suite's Python process cases (test/differential/python.ts), which Node cannot run, answer as CPython does.
  const differential = await run(
    page,
    "bash_code_execution",
    [
      `python3 -c 'import subprocess; print(subprocess.run(["echo", "hi"], capture_output=True, text=True).stdout, end="")'`,
      `python3 -c 'import os; print(os.system("exit 3"))'`,
      `python3 -c 'import subprocess; print(subprocess.check_output("echo hi | wc -c", shell=True))'`,
    ].join("\n"),
  );
  expect(differential).toMatchObject({ stdout: "hi\n768\nb'3\\n'\n", stderr: "", return_code: 0 });
});

test("time.sleep sleeps in a cell and in python3; input() meets end of file; fork and threads fail with errors that say why", async ({
  page,
}) => {
  await openContainer(page);
  const sleeps = await run(
    page,
    "code_execution",
    "import time\nt = time.monotonic()\ntime.sleep(0.3)\nprint(time.monotonic() - t >= 0.3)",
  );
  expect(sleeps).toMatchObject({ stdout: "True\n", stderr: "", return_code: 0 });
  const proc = await run(
    page,
    "bash_code_execution",
    "python3 -c 'import time; t = time.monotonic(); time.sleep(0.2); print(time.monotonic() - t >= 0.2)'",
  );
  expect(proc).toMatchObject({ stdout: "True\n", stderr: "", return_code: 0 });
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
  const piped = await run(
    page,
    "bash_code_execution",
    "echo typed | python3 -c 'print(input().upper())'; python3 -c 'input()' < /dev/null",
  );
  expect(piped.stdout).toBe("TYPED\n");
  expect(piped.stderr).toMatch(/EOFError: EOF when reading a line\n$/);
});

test("with stack switching on, `while True: pass` in a cell stops on the timeout and on Stop, and Python keeps its variables", async ({
  page,
}) => {
  await openContainer(page, 2000);
  // Stack switching is really on in this interpreter: a cell waits for a command of the shell.
  expect(
    await run(
      page,
      "code_execution",
      "import subprocess\nkept = subprocess.run(['echo', 'yes'], capture_output=True, text=True).stdout.strip()",
    ),
  ).toMatchObject({
    stdout: "",
    stderr: "",
    return_code: 0,
  });
  const timedOut = await page.evaluate(async () => {
    const box = (window as unknown as { box: Box }).box;
    const block = await box.execute({
      type: "server_tool_use",
      id: "srvtoolu_loop1",
      name: "code_execution",
      input: { code: "while True: pass" },
    });
    return block.content;
  });
  expect(timedOut).toEqual({ type: "code_execution_tool_result_error", error_code: "execution_time_exceeded" });
  expect(await run(page, "code_execution", "print(kept)")).toMatchObject({ stdout: "yes\n", stderr: "", return_code: 0 });

  // Stop once the loop has started (its first line was streamed).
  const stopped = await page.evaluate(async () => {
    const box = (window as unknown as { box: Box }).box;
    const block = await box.execute(
      {
        type: "server_tool_use",
        id: "srvtoolu_loop2",
        name: "code_execution",
        input: { code: "print('looping', flush=True)\nwhile True: pass" },
      },
      { onOutput: (chunk) => chunk.text.includes("looping") && box.interrupt() },
    );
    return block.content as unknown as Result;
  });
  expect(stopped.stdout).toBe("looping\n");
  expect(stopped.stderr).toMatch(
    /^Traceback \(most recent call last\):\n {2}File "<cell-\d+>", line 2, in <module>\n[\s\S]*\nKeyboardInterrupt\n$/,
  );
  expect(stopped.return_code).toBe(130);
  expect(await run(page, "code_execution", "print(kept, subprocess.check_output(['echo', 'still']))")).toMatchObject({
    stdout: "yes b'still\\n'\n",
    stderr: "",
    return_code: 0,
  });
  // The interrupt reached Python each time: the worker was never replaced.
  expect((await bootInfo(page)).workers).toBe(1);
});

test("Python that takes the timeout's interrupt but is slow to unwind is waited for, not replaced: its variables are kept", async ({
  page,
}) => {
  await openContainer(page, 2000);
  expect(await run(page, "code_execution", "kept = 'python state'")).toMatchObject({ return_code: 0 });
  // The interrupt is taken at once; the handler then stays busy for 1.5 s, past the 500 ms grace.
  const slow = await page.evaluate(async () => {
    const box = (window as unknown as { box: Box }).box;
    const code =
      "import time\ntry:\n    while True: pass\nexcept KeyboardInterrupt:\n    t = time.time()\n    while time.time() - t < 1.5: pass\n    raise";
    const block = await box.execute({ type: "server_tool_use", id: "srvtoolu_slow1", name: "code_execution", input: { code } });
    return { content: block.content, message: box.errorMessage("srvtoolu_slow1") };
  });
  expect(slow).toEqual({
    content: { type: "code_execution_tool_result_error", error_code: "execution_time_exceeded" },
    message:
      "The call ran longer than its time budget of 2 s and was stopped. The files it changed are saved and Python's variables are kept.",
  });
  expect(await run(page, "code_execution", "print(kept)")).toMatchObject({ stdout: "python state\n", stderr: "", return_code: 0 });
  expect((await bootInfo(page)).workers).toBe(1);
});

test("code that catches the timeout's interrupt and loops on still ends: the worker is replaced within the bounded wait, files kept", async ({
  page,
}) => {
  await openContainer(page, 2000);
  expect(await run(page, "bash_code_execution", "echo kept > before.txt")).toMatchObject({ return_code: 0 });
  const swallowed = await page.evaluate(async () => {
    const box = (window as unknown as { box: Box }).box;
    const code = "try:\n    while True: pass\nexcept KeyboardInterrupt:\n    while True: pass";
    const t0 = performance.now();
    const block = await box.execute({ type: "server_tool_use", id: "srvtoolu_swallow", name: "code_execution", input: { code } });
    return { ms: performance.now() - t0, content: block.content, message: box.errorMessage("srvtoolu_swallow") };
  });
  expect(swallowed.content).toEqual({ type: "code_execution_tool_result_error", error_code: "execution_time_exceeded" });
  expect(swallowed.message).toBe(
    "The call ran longer than its time budget of 2 s and could not be interrupted, so the runtime was restarted: files saved by earlier calls are kept; this call's file changes and Python's variables are lost.",
  );
  // Budget + 0.25 s cancel + 0.5 s grace + 0.25 s asking the frame + 3 s unwind wait, + 1 s for a busy machine.
  expect(swallowed.ms).toBeLessThan(2000 + 250 + 500 + 250 + 3000 + 1000);
  expect(await run(page, "bash_code_execution", "cat before.txt")).toMatchObject({ stdout: "kept\n", return_code: 0 });
  expect((await bootInfo(page)).workers).toBe(2);
});

test("Stop and the timeout end a command Python waits for, and Python gets KeyboardInterrupt there, keeping its variables", async ({
  page,
}) => {
  await openContainer(page, 3000);
  const stopWhen = (code: string, tool: "code_execution" | "bash_code_execution") =>
    page.evaluate(
      async ({ code, tool }) => {
        const box = (window as unknown as { box: Box }).box;
        const input = tool === "code_execution" ? { code } : { command: code };
        const block = await box.execute(
          { type: "server_tool_use", id: "srvtoolu_stop", name: tool, input },
          // Streamed output reaches the page for cells only: a python3 in bash is stopped by the timeout.
          { onOutput: (chunk) => chunk.text.includes("waiting") && box.interrupt() },
        );
        return block.content as unknown as Result & { error_code?: string };
      },
      { code, tool },
    );
  expect(await run(page, "code_execution", "import subprocess\nkept = 'yes'")).toMatchObject({ return_code: 0 });
  const cell = await stopWhen(
    "print('waiting', flush=True)\nsubprocess.run('sleep 100', shell=True)\nprint('not reached')",
    "code_execution",
  );
  expect(cell.stdout).toBe("waiting\n");
  expect(cell.stderr).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*\nKeyboardInterrupt\n$/);
  expect(cell.return_code).toBe(130);
  const proc = await stopWhen('python3 -c \'import subprocess; subprocess.run(["sleep", "100"])\'; echo after', "bash_code_execution");
  expect(proc).toEqual({ type: "bash_code_execution_tool_result_error", error_code: "execution_time_exceeded" });
  expect(await run(page, "code_execution", "print(kept, subprocess.check_output('echo still', shell=True))")).toMatchObject({
    stdout: "yes b'still\\n'\n",
    stderr: "",
    return_code: 0,
  });
  expect((await bootInfo(page)).workers).toBe(1);
});

test("asyncio.run() in a cell returns its result as in CPython; Stop ends what it waits for with KeyboardInterrupt, keeping variables", async ({
  page,
}) => {
  await openContainer(page);
  expect(
    await run(
      page,
      "code_execution",
      "import asyncio\nkept = 'yes'\nasync def main():\n    await asyncio.sleep(0.1)\n    return 5\nprint(asyncio.run(main()))",
    ),
  ).toMatchObject({ stdout: "5\n", stderr: "", return_code: 0 });
  const stopped = await page.evaluate(async () => {
    const box = (window as unknown as { box: Box }).box;
    const block = await box.execute(
      {
        type: "server_tool_use",
        id: "srvtoolu_arun",
        name: "code_execution",
        input: { code: "print('waiting', flush=True)\nasyncio.run(asyncio.sleep(100))\nprint('not reached')" },
      },
      { onOutput: (chunk) => chunk.text.includes("waiting") && box.interrupt() },
    );
    return block.content as unknown as Result;
  });
  expect(stopped.stdout).toBe("waiting\n");
  expect(stopped.stderr).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*\nKeyboardInterrupt\n$/);
  expect(stopped.return_code).toBe(130);
  expect(await run(page, "code_execution", "print(kept)")).toMatchObject({ stdout: "yes\n", stderr: "", return_code: 0 });
  expect((await bootInfo(page)).workers).toBe(1);
});
