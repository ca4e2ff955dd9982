// Runs a command written in Python (on the standard library) in the container's interpreter,
// as a process: its own argv, stdin bytes, cwd and environment, stdout as raw bytes.
import type { ExecResult } from "just-bash";
import type { CommandHost } from "./host.ts";
import { latin1Of, stdinBytes, utf8, type Ctx } from "./util.ts";

export async function runPythonTool(host: CommandHost, source: string, argv: string[], ctx: Ctx): Promise<ExecResult> {
  const env = ctx.exportedEnv ?? Object.fromEntries(ctx.env);
  const { value: exitCode, capture } = await host.python.router.capture(host.python.processOutputCap, () =>
    host.python.runProcess("code", source, argv, stdinBytes(ctx), ctx.cwd, env),
  );
  return { stdout: latin1Of(capture.stdout.bytes()), stderr: utf8.decode(capture.stderr.bytes()), exitCode, stdoutKind: "bytes" };
}
