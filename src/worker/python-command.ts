// `python` / `python3` as shell commands backed by the worker's one Pyodide interpreter.
import { defineCommand, type Command } from "just-bash";
import { latin1 } from "./pyodide-fs.ts";
import type { OutputRouter } from "./output-capture.ts";
import { MERGED_STDERR_FLAG } from "./merged-stderr.ts";

export interface PythonProcessHost {
  router: OutputRouter;
  /** Cap on what one process may write to each stream before bytes are dropped. */
  processOutputCap: number;
  /** Calls `_sandbox.run_process`; returns the exit code. */
  runProcess(
    mode: "code" | "file" | "module",
    target: string,
    argv: string[],
    stdin: Uint8Array,
    cwd: string,
    env: Record<string, string>,
  ): number | Promise<number>;
  pythonVersion: string;
  /** Where this process may send each write as it happens (a streamed bash call, shell-stream.ts); undefined: nowhere. */
  liveOutput?(merged: boolean): ((stream: "stdout" | "stderr", bytes: Uint8Array) => void) | undefined;
}

type Invocation =
  | { kind: "run"; mode: "code" | "file" | "module"; target: string; argv: string[]; readsStdin: boolean; unbuffered?: boolean }
  | { kind: "exit"; stdout: string; stderr: string; exitCode: number };

const USAGE = "usage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...\n";
// Flags CPython accepts that change nothing here (no bytecode files, no site tweaks).
const IGNORED_FLAGS = new Set(["-u", "-B", "-E", "-s", "-S", "-I", "-O", "-OO", "-q", "-b", "-bb", "-d", "-v", "-R", "-P"]);

export function parsePythonArgs(args: string[], version: string): Invocation {
  const invocation = parseArgs(args, version);
  // -u is PYTHONUNBUFFERED for the process (it decides how stdout is buffered).
  if (invocation.kind === "run" && args.slice(0, args.length - invocation.argv.length + 1).includes("-u")) invocation.unbuffered = true;
  return invocation;
}

function parseArgs(args: string[], version: string): Invocation {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-c" || arg === "-m") {
      const target = args[i + 1];
      if (target === undefined) {
        return { kind: "exit", stdout: "", stderr: `Argument expected for the ${arg} option\n${USAGE}`, exitCode: 2 };
      }
      const mode = arg === "-c" ? "code" : "module";
      return { kind: "run", mode, target, argv: [arg === "-c" ? "-c" : target, ...args.slice(i + 2)], readsStdin: false };
    }
    if (arg.startsWith("-c") && arg.length > 2) {
      return { kind: "run", mode: "code", target: arg.slice(2), argv: ["-c", ...args.slice(i + 1)], readsStdin: false };
    }
    if (arg === "-V" || arg === "--version") return { kind: "exit", stdout: `Python ${version}\n`, stderr: "", exitCode: 0 };
    if (arg === "-h" || arg === "--help") return { kind: "exit", stdout: USAGE, stderr: "", exitCode: 0 };
    if (arg === "-W" || arg === "-X") {
      i++;
      continue;
    }
    if (IGNORED_FLAGS.has(arg) || /^-[WX]./.test(arg)) continue;
    if (arg === "-") return { kind: "run", mode: "code", target: "", argv: ["-", ...args.slice(i + 1)], readsStdin: true };
    if (arg.startsWith("-")) {
      return { kind: "exit", stdout: "", stderr: `Unknown option: ${arg}\n${USAGE}`, exitCode: 2 };
    }
    return { kind: "run", mode: "file", target: arg, argv: args.slice(i), readsStdin: false };
  }
  // No script: like `python3 < file`, the program is read from stdin.
  return { kind: "run", mode: "code", target: "", argv: [""], readsStdin: true };
}

function stdinBytes(stdin: unknown): Uint8Array {
  // just-bash hands stdin over as a latin1 "byte string": one char per byte.
  const text = String(stdin ?? "");
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const utf8 = new TextDecoder();

export function createPythonCommands(host: PythonProcessHost): Command[] {
  const run = async (args: string[], ctx: Parameters<Command["execute"]>[1]) => {
    const parsed = parsePythonArgs(args, host.pythonVersion);
    if (parsed.kind === "exit") return parsed;
    let { target } = parsed;
    let stdin = stdinBytes(ctx.stdin);
    if (parsed.readsStdin) {
      target = utf8.decode(stdin);
      stdin = new Uint8Array(0);
    } else if (parsed.mode === "file") {
      target = ctx.fs.resolvePath(ctx.cwd, target);
      if (!(await ctx.fs.exists(target))) {
        return {
          stdout: "",
          stderr: `python3: can't open file '${target}': [Errno 2] No such file or directory\n`,
          exitCode: 2,
        };
      }
    }
    const env = { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) };
    // The shell marked this command when its stderr goes where its stdout goes (2>&1).
    const merged = (ctx.env.get(MERGED_STDERR_FLAG) ?? env[MERGED_STDERR_FLAG]) === "1";
    delete env[MERGED_STDERR_FLAG];
    if (parsed.unbuffered) env.PYTHONUNBUFFERED = "1";
    const { value: exitCode, capture } = await host.router.capture(
      host.processOutputCap,
      () => host.runProcess(parsed.mode, target, parsed.argv, stdin, ctx.cwd, env),
      host.liveOutput?.(merged),
      merged,
    );
    let stderr = merged ? "" : utf8.decode(capture.stderr.bytes());
    const streams = merged
      ? ([["output", capture.stdout]] as const)
      : ([
          ["stdout", capture.stdout],
          ["stderr", capture.stderr],
        ] as const);
    for (const [name, stream] of streams) {
      if (stream.dropped > 0)
        stderr += `\n[python3: ${stream.dropped} bytes of ${name} dropped: output over ${host.processOutputCap} bytes]\n`;
    }
    // Raw bytes, so pipes and redirects pass binary output through unchanged.
    return { stdout: latin1(capture.stdout.bytes()), stderr, exitCode, stdoutKind: "bytes" as const };
  };
  return [defineCommand("python3", run), defineCommand("python", run)];
}
