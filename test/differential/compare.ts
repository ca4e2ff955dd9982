import type { DiffCase } from "./case.ts";
import { normaliseOracle, normalisePython } from "./normalize.ts";
import type { Observed } from "./oracle.ts";
import type { OracleRun } from "./oracle.ts";

export interface CaseResult {
  family: string;
  testCase: DiffCase;
  oracle: Observed;
  local: Observed;
  /** Empty when the case matches; otherwise which of stdout / return code / stderr differ. */
  differences: string[];
}

export function compareCase(family: string, testCase: DiffCase, oracleRun: OracleRun, localRaw: Observed): CaseResult {
  const oracle = {
    ...oracleRun,
    stdout: normaliseOracle(oracleRun.stdout, oracleRun.dir),
    stderr: normaliseOracle(oracleRun.stderr, oracleRun.dir),
  };
  const local = { ...localRaw, stdout: normalisePython(localRaw.stdout) };
  const differences: string[] = [];
  if (oracle.stdout !== local.stdout) differences.push("stdout");
  if (oracle.returnCode !== local.returnCode) differences.push("return code");
  if (oracle.stderrEmpty !== local.stderrEmpty) differences.push("stderr empty");
  return { family, testCase, oracle, local, differences };
}

const quote = (text: string) => JSON.stringify(text.length > 600 ? `${text.slice(0, 600)}…` : text);

export function describeMismatch(result: CaseResult): string {
  const { testCase, oracle, local } = result;
  return [
    `✗ ${result.family}/${testCase.name} (${result.differences.join(", ")}): ${testCase.command}`,
    `    bash:      rc=${oracle.returnCode} stdout=${quote(oracle.stdout)} stderr=${quote(oracle.stderr)}`,
    `    container: rc=${local.returnCode} stdout=${quote(local.stdout)} stderr=${quote(local.stderr)}`,
  ].join("\n");
}
