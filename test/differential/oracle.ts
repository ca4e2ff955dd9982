// The oracle: each case in real bash, in a fresh temporary folder, with a fixed environment.
import { execFile } from "node:child_process";
import { chmod, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DiffCase } from "./case.ts";

export interface Observed {
  stdout: string;
  stderrEmpty: boolean;
  /** The stderr text, kept only to explain a mismatch. */
  stderr: string;
  returnCode: number;
}

/** The same PATH as the container's, so `echo $PATH` and `command -v` agree. */
export const ORACLE_PATH = "/usr/local/bin:/usr/bin:/bin";
const CASE_TIMEOUT_MS = 20_000;

function runBash(script: string, cwd: string): Promise<Observed> {
  const env = { LC_ALL: "C.UTF-8", TZ: "UTC", HOME: cwd, PATH: ORACLE_PATH };
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["-c", script],
      { cwd, env, encoding: "buffer", timeout: CASE_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 124) : 0;
        const err = new TextDecoder().decode(stderr);
        resolve({ stdout: new TextDecoder().decode(stdout), stderr: err, stderrEmpty: err === "", returnCode: code });
      },
    );
  });
}

export interface OracleRun extends Observed {
  /** The temporary folder, which the container calls /workspace. */
  dir: string;
}

export async function runOracle(testCase: DiffCase): Promise<OracleRun> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "differential-")));
  // mkdtemp makes the folder 0700; the container's /workspace is an ordinary 0755 folder.
  await chmod(dir, 0o755);
  try {
    if (testCase.setup) {
      const setup = await runBash(testCase.setup, dir);
      if (setup.returnCode !== 0) throw new Error(`oracle setup of ${testCase.name} failed: ${setup.stderr}`);
    }
    return { ...(await runBash(testCase.command, dir)), dir };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
