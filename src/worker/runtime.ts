// The worker-side engine: one Pyodide interpreter and one just-bash shell over one filesystem.
// It answers raw results (stdout, stderr, exit code, output files); the container layer on the
// other side of the worker boundary turns them into result blocks.
import { Bash } from "just-bash";
import type { PyodideAPI } from "pyodide";
import { runEditorCommand, type EditorFs } from "../tools/editor-commands.ts";
import { truncateOutput } from "../shared/limits.ts";
import type { Limits } from "../shared/limits.ts";
import { ChangeTracker } from "./change-tracker.ts";
import { lockDownGlobals } from "./lockdown.ts";
import { hardenHostObjects, lockDownIntrinsics } from "./harden.ts";
import { OutputRouter, type Capture } from "./output-capture.ts";
import { serveRuntimeFiles } from "./runtime-files.ts";
import type { RuntimeFiles } from "../shared/runtime-files.ts";
import type { HostChannel } from "./host-channel.ts";
import { createPipCommands, withPipModule } from "./pip-command.ts";
import { WorkerPackages } from "./packages.ts";
import { createPythonCommands } from "./python-command.ts";
import { createShellCommands, TrapTable } from "./commands/index.ts";
import { createShellRunner, SubprocessRuns } from "./shell-runner.ts";
import { ShellOutputObserver } from "./shell-stream.ts";
import { markMergedPythonStderr, type ShellParser } from "./merged-stderr.ts";
import { COMMAND_DIRS, installCommandStubs, makeCommandDirs } from "./command-stubs.ts";
import { engineHasStackSwitching } from "./stack-switching.ts";
import { describeFsError, normalizePath, PyodideFs } from "./pyodide-fs.ts";
import { SANDBOX_MODULE_NAME } from "../shared/sandbox-py.ts";
import { applyUmask, SYSTEM_DIR, writeSystemFiles } from "./system-files.ts";
import { mountSkills, SKILLS_DIR } from "./skills-mount.ts";
import { loadInterpreter, type Interpreter } from "./snapshot.ts";
import { SANDBOX_MODULE_DIR } from "../shared/snapshot-key.ts";
import type {
  BootOptions,
  ChangeSet,
  EditorOutcome,
  InterpreterInfo,
  OutputFile,
  PrepareOptions,
  RawResult,
} from "../protocol/worker-api.ts";
import { markBoot } from "../boot-marks.ts";
import { FOLDER_VARIABLES, isUnder, OUTPUT_DIR, WORKDIR } from "../paths.ts";
import { raceFreeInterruptBuffer } from "./interrupt-byte.ts";

export { OUTPUT_DIR, WORKDIR };
/** The environment of every shell command and Python cell, as a hosted container has it. */
const CONTAINER_ENV: Readonly<Record<string, string>> = {
  ...FOLDER_VARIABLES,
  PATH: "/usr/local/bin:/usr/bin:/bin",
  LANG: "C.UTF-8",
  USER: "user",
};
/** Folders of the runtime itself; user files are everything else (site-packages included, so
 * wheels installed with pip survive a reload). */
const RUNTIME_DIRS = ["/dev", "/proc", SYSTEM_DIR, SANDBOX_MODULE_DIR, OUTPUT_DIR, ...COMMAND_DIRS];
/** What one python3 process may buffer per stream before bytes are dropped (the call's
 * final output is cut much shorter, to limits.outputBytes; this only bounds memory). */
const PROCESS_OUTPUT_CAP = 64 * 1024 * 1024;

/** What the worker's host provides, as opposed to what each container asks for (BootOptions). */
export interface WorkerEnvironment {
  /** SharedArrayBuffer-backed byte that interrupts Python when set to 2 (SIGINT); null: none. */
  interruptBuffer: Uint8Array | null;
  /** Pyodide's files as bytes (browser sandbox frame, which may fetch nothing). */
  runtimeFiles?: RuntimeFiles;
  /** Remove network and storage globals once Pyodide has loaded (browser). */
  lockdown: boolean;
  /** Node: a folder for wheels Pyodide fetches from a package index. */
  packageCacheDir?: string;
}

export type ToolCaller = (name: string, inputJson: string) => Promise<string>;
/** matplotlib draws without a display (the hosted container's setting too). */
const PLOT_ENV = { MPLBACKEND: "Agg" };

interface SandboxModule {
  run_process(mode: string, target: string, argv: string[], stdin: Uint8Array, cwd: string, env: Record<string, string>): number;
  run_cell(source: string, env: Record<string, string>): Promise<number>;
  install_wheel(path: string): string;
  installed_distributions(): { toJs(): Array<[string, string]>; destroy(): void };
  register_tools(names: string[], call: ToolCaller): void;
  after_restore(): void;
  enter_workdir(workdir: string): { toJs(): [string, string]; destroy(): void };
  cancel_cell(): boolean;
  stop_blocking_waits(): boolean;
  register_shell(run: ReturnType<typeof createShellRunner>, canBlock: boolean): boolean;
  register_interrupt_check(check: () => void): void;
}

export class SandboxRuntime {
  private constructor(
    private readonly pyodide: PyodideAPI,
    private readonly sandbox: SandboxModule,
    private readonly shell: Bash,
    private readonly router: OutputRouter,
    private readonly limits: Limits,
    private readonly tracker: ChangeTracker,
    private readonly interruptBuffer: Uint8Array | null,
    private readonly packages: WorkerPackages,
    private readonly host: HostChannel,
    readonly pythonVersion: string,
    readonly interpreterInfo: InterpreterInfo,
    private readonly traps: TrapTable,
    private readonly shellOutput: ShellOutputObserver,
    private readonly subprocesses: SubprocessRuns,
  ) {}

  /** Stored files the boot could not write back, and why. */
  skippedFiles: Array<{ path: string; reason: string }> = [];

  /** A Stop meant for an earlier call must not hit this one. */
  private clearInterrupt(): void {
    if (this.interruptBuffer) Atomics.store(this.interruptBuffer, 0, 0);
  }

  private static moduleFactory: Promise<unknown> | null = null;

  /** Starts evaluating Pyodide's module script (browsers) while the host is still busy. */
  static warmUp(environment: WorkerEnvironment): void {
    if (!environment.runtimeFiles || SandboxRuntime.moduleFactory) return;
    SandboxRuntime.moduleFactory = serveRuntimeFiles(environment.runtimeFiles);
    SandboxRuntime.moduleFactory.catch(() => {}); // prepare() sees the error
  }

  /** Loads Pyodide (from a snapshot when one is given and sound). */
  static async prepare(options: PrepareOptions, environment: WorkerEnvironment): Promise<Interpreter> {
    SandboxRuntime.warmUp(environment);
    const { snapshot } = options;
    const [factory, bytes] = await Promise.all([
      SandboxRuntime.moduleFactory,
      snapshot instanceof Blob
        ? snapshot.arrayBuffer().then(
            (b) => new Uint8Array(b),
            () => undefined,
          )
        : snapshot,
    ]);
    markBoot("runtime evaluated");
    const interpreter = await loadInterpreter({
      ...options,
      snapshot: bytes,
      createPyodideModule: factory ?? undefined,
      packageCacheDir: environment.packageCacheDir,
    });
    // Here rather than at boot: a warm spare pays for it before a container needs it.
    lockDownIntrinsics();
    return interpreter;
  }

  /** `prepared`: an interpreter loaded earlier by prepare(); loaded here otherwise. */
  /** `host`: the typed channel to the page (tools, packages, streamed output). */
  static async boot(
    options: BootOptions,
    environment: WorkerEnvironment,
    host: HostChannel,
    prepared?: Interpreter,
  ): Promise<SandboxRuntime> {
    const { indexURL, packageIndexURL, limits } = options;
    if (prepared && prepared.memoryBytes !== limits.memoryBytes) throw new Error("the worker was prepared for another memory budget");
    const interpreter =
      prepared ?? (await SandboxRuntime.prepare({ indexURL, packageIndexURL, memoryBytes: limits.memoryBytes }, environment));
    const { pyodide } = interpreter;
    const router = new OutputRouter();
    pyodide.setStdout(router.stdoutWriter);
    pyodide.setStderr(router.stderrWriter);
    if (environment.interruptBuffer) {
      Atomics.store(environment.interruptBuffer, 0, 0);
      pyodide.setInterruptBuffer(raceFreeInterruptBuffer(environment.interruptBuffer));
    }

    const FS = pyodide.FS;
    FS.mkdirTree(WORKDIR);
    FS.mkdirTree(OUTPUT_DIR);
    writeSystemFiles(FS);
    applyUmask(FS);
    FS.chmod(WORKDIR, 0o755);
    makeCommandDirs(FS);
    // The rest of the Python set-up (sys.path, recursion limit, no .pyc files next to the
    // user's modules) is in the snapshot prelude; the working directory lives in the JS FS.
    const sandbox = pyodide.pyimport(SANDBOX_MODULE_NAME) as unknown as SandboxModule;
    if (environment.interruptBuffer) sandbox.register_interrupt_check(() => pyodide.checkInterrupt());
    const entered = sandbox.enter_workdir(WORKDIR);
    const [purelib, pythonVersion] = entered.toJs();
    entered.destroy();
    // sysconfig answers "//lib/python3.14/site-packages" here (and POSIX normpath keeps "//").
    const sitePackages = normalizePath(purelib);
    // /skills exists only in a container given skills; it is then not the user's.
    const skills = options.skills ?? [];
    const runtimeDirs = skills.length > 0 ? [...RUNTIME_DIRS, SKILLS_DIR] : RUNTIME_DIRS;
    const tracker = new ChangeTracker(
      FS,
      options.limits.diskBytes,
      (path) => !runtimeDirs.some((dir) => isUnder(path, dir)) && (!isUnder(path, "/lib") || isUnder(path, sitePackages)),
    );
    const skipped = tracker.restore(options.files ?? []);
    if (skills.length > 0) mountSkills(FS, skills);
    tracker.install();
    if (options.files?.length) sandbox.after_restore();
    if (options.toolNames?.length) {
      const callTool: ToolCaller = (name, inputJson) => host.request("tool", { name, inputJson });
      sandbox.register_tools(options.toolNames, callTool);
    }
    const packages = new WorkerPackages(pyodide, host, tracker, options.packageIndexURL);

    const fs = new PyodideFs(FS);
    // With stack switching, python3 runs on a stack that can suspend, so its subprocess calls
    // (and time.sleep) can wait for the shell; without it, a plain call is all there is.
    // Settled below, once the shell exists: the engine must have it and the interpreter use it.
    let canBlock = false;
    const shellOutput = new ShellOutputObserver();
    const runProcess = sandbox.run_process as SandboxModule["run_process"] & { callPromising(...args: unknown[]): Promise<number> };
    const processHost = {
      router,
      processOutputCap: PROCESS_OUTPUT_CAP,
      pythonVersion,
      liveOutput: (merged: boolean) => shellOutput.liveSink(merged),
      // Lock packages the program imports are installed before it starts.
      runProcess: async (...args: Parameters<SandboxModule["run_process"]>) => {
        const [mode, target] = args;
        const problem =
          mode === "module"
            ? await packages.prepareForModule(target)
            : await packages.prepareFor(mode === "file" ? readSource(FS, target) : target);
        if (problem) router.stderrWriter.write(new TextEncoder().encode(problem));
        return canBlock ? runProcess.callPromising(...args) : runProcess(...args);
      },
    };
    const pipHost = {
      pythonVersion,
      packageSource: options.packageIndexURL,
      sitePackages,
      installWheel: (path: string) => sandbox.install_wheel(path),
      installed: () => {
        const proxy = sandbox.installed_distributions();
        try {
          return proxy.toJs();
        } finally {
          proxy.destroy();
        }
      },
      show: (name: string) => packages.show(name),
      installByName: (names: string[]) => packages.installByName(names),
    };
    const [python3, python] = createPythonCommands(processHost);
    const pipCommands = createPipCommands(pipHost);
    const traps = new TrapTable();
    const shell = new Bash({
      fs,
      cwd: WORKDIR,
      env: { ...CONTAINER_ENV, ...PLOT_ENV },
      customCommands: [
        ...createShellCommands({
          python: processHost,
          memory: () => ({
            totalBytes: options.limits.memoryBytes,
            usedBytes: (pyodide as unknown as { _module: { HEAPU8: Uint8Array } })._module.HEAPU8.buffer.byteLength,
          }),
          disk: () => ({ totalBytes: options.limits.diskBytes, usedBytes: tracker.usedBytes }),
          traps,
        }),
        withPipModule(python3!, pipCommands[0]!),
        withPipModule(python!, pipCommands[0]!),
        ...pipCommands,
      ],
      executionLimits: { maxExecutionTimeMs: options.limits.timeoutMs },
      // just-bash's own box patches Function, eval and timers around each script; here they are
      // frozen or inert for good before any user code runs (harden.ts), which it cannot patch.
      defenseInDepth: false,
    });
    // The node-observer patch (scripts/patch-just-bash.mjs) calls it from every exec's copy of this state.
    (shell as unknown as { state: { nodeObserver?: ShellOutputObserver } }).state.nodeObserver = shellOutput;
    shell.registerTransformPlugin(shellOutput.plugin);
    const subprocesses = new SubprocessRuns();
    canBlock = sandbox.register_shell(createShellRunner(shell, subprocesses), engineHasStackSwitching(pyodide));
    // After every command is registered: each one gets its /usr/bin file.
    installCommandStubs(FS, (shell as unknown as { commands: Map<string, unknown> }).commands.keys());
    // Last: everything that needed fetch (Pyodide's files) has it by now.
    if (environment.lockdown) lockDownGlobals();
    hardenHostObjects();
    const runtime = new SandboxRuntime(
      pyodide,
      sandbox,
      shell,
      router,
      options.limits,
      tracker,
      environment.interruptBuffer,
      packages,
      host,
      pythonVersion,
      interpreter.info,
      traps,
      shellOutput,
      subprocesses,
    );
    runtime.skippedFiles = skipped;
    return runtime;
  }

  private readonly parseScript: ShellParser = (script) => this.shell.transform(script).ast;

  /**
   * Empties $OUTPUT_DIR so each call starts with a fresh one. User code may have removed it, or
   * put a file or a symlink in its place: that is replaced by a real, empty folder (a symlink is
   * removed, never followed, so nothing it points at is touched). Answers whether it had to be.
   */
  private resetOutputDir(): boolean {
    const FS = this.pyodide.FS;
    let st: { mode: number } | null = null;
    try {
      st = FS.lstat(OUTPUT_DIR);
    } catch {
      // missing
    }
    if (st && FS.isDir(st.mode)) {
      for (const name of FS.readdir(OUTPUT_DIR) as string[]) {
        if (name !== "." && name !== "..") removeTree(FS, `${OUTPUT_DIR}/${name}`);
      }
      return false;
    }
    if (st) FS.unlink(OUTPUT_DIR);
    FS.mkdirTree(OUTPUT_DIR);
    return true;
  }

  /**
   * The regular files at the top level of $OUTPUT_DIR. They are stored like the user's files,
   * so together they must fit in what is left of the disk budget; if not, none is returned.
   */
  private collectOutputs(): { outputs: OutputFile[]; tooLarge: number } {
    const FS = this.pyodide.FS;
    const paths: string[] = [];
    let total = 0;
    for (const name of (FS.readdir(OUTPUT_DIR) as string[]).sort()) {
      const path = `${OUTPUT_DIR}/${name}`;
      if (name === "." || name === "..") continue;
      let st: { mode: number; size: number };
      try {
        st = FS.stat(path, false);
      } catch {
        continue; // a dangling symlink
      }
      if (!FS.isFile(st.mode)) continue;
      paths.push(path);
      total += st.size;
    }
    const room = this.limits.diskBytes - this.tracker.usedBytes;
    const outputs =
      total > room ? [] : paths.map((path) => ({ name: path.slice(OUTPUT_DIR.length + 1), data: FS.readFile(path) as Uint8Array }));
    return { outputs, tooLarge: total > room ? total : 0 };
  }

  /**
   * The call's result. Its file changes are taken first, and nothing after that can lose them: a
   * missing or replaced $OUTPUT_DIR only costs the output files, with a note saying so.
   */
  private finish(stdout: string, stderr: string, exitCode: number): RawResult {
    const changes = this.tracker.take();
    let collected: { outputs: OutputFile[]; tooLarge: number } = { outputs: [], tooLarge: 0 };
    const notes: string[] = [];
    let intact = false;
    try {
      intact = this.pyodide.FS.isDir(this.pyodide.FS.lstat(OUTPUT_DIR).mode);
    } catch {
      // removed: resetOutputDir() below says so
    }
    try {
      if (intact) collected = this.collectOutputs();
    } catch (error) {
      notes.push(`the files in $OUTPUT_DIR could not be collected: ${describeFsError(error)}`);
    }
    try {
      if (this.resetOutputDir())
        notes.push(
          `$OUTPUT_DIR (${OUTPUT_DIR}) was removed or replaced during the call, so no output files were returned; it is an empty folder again`,
        );
    } catch (error) {
      notes.push(`$OUTPUT_DIR could not be emptied: ${describeFsError(error)}`);
    }
    return {
      stdout: truncateOutput(stdout, this.limits.outputBytes, "stdout"),
      stderr: truncateOutput(stderr, this.limits.outputBytes, "stderr"),
      exitCode,
      outputs: collected.outputs,
      changes,
      outputsTooLarge: collected.tooLarge,
      heapBytes: this.heapBytes(),
      notes,
    };
  }

  heapBytes(): number {
    // Private field, pinned with the exact Pyodide version: the wasm linear memory's size.
    return (this.pyodide as unknown as { _module: { HEAPU8: Uint8Array } })._module.HEAPU8.buffer.byteLength;
  }

  /** `stream`: also send the output to the page as it is written (see shell-stream.ts). */
  async bash(command: string, stream = false): Promise<RawResult> {
    this.clearInterrupt();
    this.resetOutputDir();
    const abort = new AbortController();
    this.shellAbort = abort;
    let result: { stdout: string; stderr: string; exitCode: number };
    this.traps.reset();
    try {
      const script = markMergedPythonStderr(command, this.parseScript);
      if (stream) this.shellOutput.begin(this.streamTo(this.limits.outputBytes), this.limits.outputBytes);
      result = await this.shell.exec(script, {
        cwd: WORKDIR,
        rawScript: true,
        signal: abort.signal,
      });
      const onExit = this.traps.takeExit();
      if (onExit && !abort.signal.aborted) {
        // bash runs the EXIT trap in the script's final state; its own exit code is dropped.
        const { env } = result as Awaited<ReturnType<Bash["exec"]>>;
        const after = await this.shell.exec(onExit, {
          cwd: env.PWD ?? WORKDIR,
          env,
          replaceEnv: true,
          rawScript: true,
          signal: abort.signal,
        });
        result = { ...result, stdout: result.stdout + after.stdout, stderr: result.stderr + after.stderr };
      }
    } catch (error) {
      // The shell lets some filesystem errors escape (a redirect onto a full disk); to the
      // model that is a failed command, not a broken tool. An abort is reported below.
      result = { stdout: "", stderr: abort.signal.aborted ? "" : `bash: ${(error as Error).message}\n`, exitCode: 1 };
    } finally {
      this.shellAbort = null;
    }
    // 130 = 128 + SIGINT, what a shell reports for a command ended by Ctrl-C.
    if (abort.signal.aborted) {
      const before = result.stderr.replace(/^bash: execution aborted\n?/m, "");
      result = { ...result, stderr: `${before}${before && !before.endsWith("\n") ? "\n" : ""}^C\n`, exitCode: 130 };
    }
    if (stream) {
      this.shellOutput.end(result.stdout, result.stderr);
      this.host.emit({ type: "output-end" });
    }
    return this.finish(result.stdout, result.stderr, result.exitCode);
  }

  /** The running shell command, abortable where the shell yields (sleep, between commands). */
  private shellAbort: AbortController | null = null;

  /** Stops a shell command that is waiting (sleep, a pipe, a command or an asyncio.run() its python3
   * waits for); false if none runs. */
  cancelShell(): boolean {
    const subprocessStopped = this.subprocesses.abortAll() || this.sandbox.stop_blocking_waits();
    if (!this.shellAbort) return subprocessStopped;
    this.shellAbort.abort();
    return true;
  }

  /** `stream`: also send the output to the page as it is written. */
  async python(code: string, stream = false): Promise<RawResult> {
    this.clearInterrupt();
    this.resetOutputDir();
    const run = async () => {
      const problem = await this.packages.prepareFor(code);
      if (problem) this.router.stderrWriter.write(new TextEncoder().encode(problem));
      this.packages.setInCell(true);
      try {
        return await this.sandbox.run_cell(code, { ...CONTAINER_ENV, ...PLOT_ENV });
      } finally {
        this.packages.setInCell(false);
      }
    };
    let ran: { value: number; capture: Capture };
    try {
      ran = await this.router.capture(PROCESS_OUTPUT_CAP, run, stream ? this.streamTo(this.limits.outputBytes) : undefined);
    } finally {
      if (stream) this.host.emit({ type: "output-end" });
    }
    const { value: exitCode, capture } = ran;
    const decoder = new TextDecoder();
    return this.finish(decoder.decode(capture.stdout.bytes()), decoder.decode(capture.stderr.bytes()), exitCode);
  }

  /** Sends each write to the page as text, up to `capBytes` per stream (the call's own output cap). */
  private streamTo(capBytes: number): (stream: "stdout" | "stderr", bytes: Uint8Array) => void {
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    const sent = { stdout: 0, stderr: 0 };
    return (stream, bytes) => {
      const room = capBytes - sent[stream];
      if (room <= 0) return;
      const part = bytes.length <= room ? bytes : bytes.subarray(0, room);
      sent[stream] += part.length;
      const text = decoders[stream].decode(part, { stream: true });
      if (text) this.host.emit({ type: "output", stream, text });
    };
  }

  /** Cancels a code_execution cell that is waiting in an await or for a command; false if none is. */
  cancelCell(): boolean {
    // A cell waiting for a command gets KeyboardInterrupt where it waits (see SubprocessRuns).
    return this.subprocesses.abortAll() || this.sandbox.cancel_cell();
  }

  editor(input: Record<string, unknown>): EditorOutcome {
    return { content: runEditorCommand(this.editorFs, input), changes: this.tracker.take() };
  }

  private readonly editorFs: EditorFs = {
    kind: (path) => {
      const FS = this.pyodide.FS;
      if (!FS.analyzePath(path, false).exists) return null;
      const mode = FS.stat(path, false).mode;
      return FS.isFile(mode) ? "file" : FS.isDir(mode) ? "directory" : "other";
    },
    readFile: (path) => this.pyodide.FS.readFile(path) as Uint8Array,
    writeFile: (path, data) => {
      const FS = this.pyodide.FS;
      // Checked before open() truncates: a refused write leaves the old file as it was.
      this.tracker.checkRoom(path, data.length);
      const parent = path.slice(0, path.lastIndexOf("/"));
      if (parent) FS.mkdirTree(parent);
      FS.writeFile(path, data);
    },
  };

  /** An upload: the file's changes, or why it could not be written (nothing changed then). */
  writeFile(path: string, data: Uint8Array): { changes: ChangeSet; error: string | null } {
    try {
      const kind = this.editorFs.kind(path);
      if (kind !== null && kind !== "file") return { changes: this.tracker.take(), error: `${path} exists and is not a regular file` };
      this.editorFs.writeFile(path, data);
      return { changes: this.tracker.take(), error: null };
    } catch (error) {
      return { changes: this.tracker.take(), error: describeFsError(error) };
    }
  }
}

function removeTree(FS: PyodideAPI["FS"], path: string): void {
  const st = FS.lstat(path);
  if (FS.isDir(st.mode)) {
    for (const name of FS.readdir(path) as string[]) {
      if (name !== "." && name !== "..") removeTree(FS, `${path}/${name}`);
    }
    FS.rmdir(path);
  } else {
    FS.unlink(path);
  }
}

/** A script's source for import detection; unreadable or not UTF-8: nothing to detect. */
function readSource(FS: PyodideAPI["FS"], path: string): string {
  try {
    return FS.readFile(path, { encoding: "utf8" }) as string;
  } catch {
    return "";
  }
}
