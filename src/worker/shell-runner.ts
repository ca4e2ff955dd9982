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
}

const utf8 = new TextEncoder();

/** Text output becomes its UTF-8 bytes; "bytes" output already is one char per byte. */
function asLatin1Bytes(text: string, kind: string | undefined): string {
  return kind === "bytes" ? text : latin1(utf8.encode(text));
}

export function createShellRunner(shell: Bash) {
  return async (command: string, stdin: string, cwd: string, envJson: string): Promise<ShellRun> => {
    try {
      const env = JSON.parse(envJson) as Record<string, string>;
      const result = await shell.exec(
        markMergedPythonStderr(command, (script) => shell.transform(script).ast),
        { cwd, env, replaceEnv: true, stdin, stdinKind: "bytes", rawScript: true },
      );
      return {
        exitCode: result.exitCode,
        stdout: asLatin1Bytes(result.stdout, result.stdoutKind),
        stderr: asLatin1Bytes(result.stderr, undefined),
      };
    } catch (error) {
      return { exitCode: 1, stdout: "", stderr: asLatin1Bytes(`bash: ${(error as Error).message}\n`, undefined) };
    }
  };
}
