// Sentences the container says to people and models: what happened, and what was kept. None
// of them names a setting the reader cannot change.

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** Why a call ended with `execution_time_exceeded`, by whether the runtime survived the stop. */
export const TIMEOUT_MESSAGES = {
  interrupted: (timeoutMs: number) =>
    `The call ran longer than its time budget of ${seconds(timeoutMs)} and was stopped. The files it changed are saved and Python's variables are kept.`,
  restarted: (timeoutMs: number) =>
    `The call ran longer than its time budget of ${seconds(timeoutMs)} and could not be interrupted, so the runtime was restarted: files saved by earlier calls are kept; this call's file changes and Python's variables are lost.`,
} as const;

/**
 * The shell's guards against runaway scripts say "increase executionLimits.<name>", which nobody
 * using the sandbox can do. Each is replaced by what the guard is and what to do instead.
 */
const SHELL_GUARDS: Record<string, string> = {
  maxCommandCount:
    "the shell stops a script after this many commands, a guard against endless loops; split the work into several calls or loop in Python",
  maxLoopIterations:
    "the shell stops a loop after this many iterations, a guard against endless loops; split the work into several calls or loop in Python",
  maxCallDepth: "the shell stops functions nested this deep, a guard against endless recursion",
  maxSourceDepth: "the shell stops `source` nested this deep, a guard against endless recursion",
  maxOutputSize: "the shell stops a script that writes this much output; write large data to a file instead",
  maxJqIterations: "jq stops after this many iterations, a guard against endless loops",
};

const GUARD_HINT = /, increase executionLimits\.(\w+)/g;

/** `stderr` with every internal-limit hint of the shell rewritten for its reader. */
export function explainShellGuards(stderr: string): string {
  if (!stderr.includes("executionLimits.")) return stderr;
  return stderr.replace(
    GUARD_HINT,
    (_match, name: string) => ` (${SHELL_GUARDS[name] ?? "a fixed guard of the sandbox's shell against runaway scripts"})`,
  );
}
