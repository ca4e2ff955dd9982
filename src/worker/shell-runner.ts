// What Python's subprocess, os.system and friends call to run a command line: the container's
// own just-bash shell, over the same filesystem, never a host process. Bytes cross as latin1
// strings (one char per byte), the shape just-bash uses for binary stdin and stdout.
import type { Bash } from "just-bash";
import { markMergedPythonStderr } from "./merged-stderr.ts";
import { latin1 } from "./pyodide-fs.ts";

export interface ShellRun {
  exitCode: number;
  /** latin1: one char per byte. */
  stdout: string;
  stderr: string;
  /** A Stop ended the command: Python raises KeyboardInterrupt, as SIGINT reaches a waiting parent. */
  interrupted: boolean;
}

/**
 * The commands Python is waiting for. While it waits, Python is suspended and checks no interrupt
 * byte, so a Stop or a timeout ends the command itself, as Ctrl-C reaches a child process.
 */
export class SubprocessRuns {
  private readonly running = new Set<AbortController>();

  start(): AbortController {
    const abort = new AbortController();
    this.running.add(abort);
    return abort;
  }

  finish(abort: AbortController): void {
    this.running.delete(abort);
  }

  /** Aborts every running command; whether there was one. */
  abortAll(): boolean {
    for (const abort of this.running) abort.abort();
    return this.running.size > 0;
  }
}

const utf8 = new TextEncoder();

/** Text output becomes its UTF-8 bytes; "bytes" output already is one char per byte. */
function asLatin1Bytes(text: string, kind: string | undefined): string {
  return kind === "bytes" ? text : latin1(utf8.encode(text));
}

export function createShellRunner(shell: Bash, runs: SubprocessRuns) {
  return async (command: string, stdin: string, cwd: string, envJson: string): Promise<ShellRun> => {
    const abort = runs.start();
    try {
      const env = JSON.parse(envJson) as Record<string, string>;
      const result = await shell.exec(
        markMergedPythonStderr(command, (script) => shell.transform(script).ast),
        { cwd, env, replaceEnv: true, stdin, stdinKind: "bytes", rawScript: true, signal: abort.signal },
      );
      return {
        exitCode: result.exitCode,
        stdout: asLatin1Bytes(result.stdout, result.stdoutKind),
        stderr: asLatin1Bytes(result.stderr, undefined),
        interrupted: abort.signal.aborted,
      };
    } catch (error) {
      const stderr = abort.signal.aborted ? "" : asLatin1Bytes(`bash: ${(error as Error).message}\n`, undefined);
      return { exitCode: abort.signal.aborted ? 130 : 1, stdout: "", stderr, interrupted: abort.signal.aborted };
    } finally {
      runs.finish(abort);
    }
  };
}
