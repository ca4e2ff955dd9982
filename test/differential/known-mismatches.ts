// Cases that still differ from real bash, each with the reason. The suite fails when a mismatch
// is missing here (a regression) and when an entry here matches again (remove it): no silent drift.
// The README's list of remaining mismatches is generated from this table (see readme.ts).
const NO_JOBS =
  "just-bash runs `cmd &` to completion before going on: there are no concurrent jobs, so output comes in program order and `wait PID` does not return the job's status (interpreter; would need upstream support)";

// This suite runs in Node. Python waits for the container's shell by suspending wasm (JSPI), which
// Node 20 lacks: there these raise a clear OSError (test/unit/python-processes.test.ts). In Chromium
// the same calls run the command and match (test/e2e/python-fidelity.spec.ts).
const NO_JSPI_IN_NODE =
  "in Node only: Node 20 has no WebAssembly stack switching (JSPI), so Python cannot wait for the shell and raises an OSError that says so; in Chromium the command runs in the container's shell and matches (test/e2e/python-fidelity.spec.ts)";

export const KNOWN_MISMATCHES: Record<string, string> = {
  "ls-dir-slash":
    "just-bash expands a glob ending in `/` (`*/`) to every entry, files included and without the slash, so ls receives the wrong operands (interpreter's glob; upstream)",
  "trap-err":
    "no ERR trap: just-bash has no hook for a failing command; `trap` is emulated for EXIT only (run by the runtime when the script ends)",
  "set-u": "an unbound variable under `set -u` ends the script with status 1 in just-bash, 127 in bash (interpreter; upstream)",
  "break-continue":
    "a loop left by `break` keeps the status of the `[ ... ]` before it (1) in just-bash; bash gives it 0 (interpreter; upstream)",
  "jobs-wait": NO_JOBS,
  "jobs-wait-pid": NO_JOBS,
  "jobs-two": NO_JOBS,
  "bash-version-major": "just-bash does not set the BASH_VERSINFO array (interpreter; upstream)",
  "jq-error":
    'just-bash\'s jq exits 5 on input that is not JSON, with its own message; jq 1.6 exits 4 ("parse error: Invalid numeric literal")',
  "jq-floats": "just-bash's jq prints numbers as JavaScript does (100000000000000000000); jq 1.6 prints 1e+20",
  "pyf-subprocess-run": NO_JSPI_IN_NODE,
  "pyf-os-system": NO_JSPI_IN_NODE,
  "pyf-check-output-shell": NO_JSPI_IN_NODE,
};
