// The container side: every case of a family runs in one container, reset between cases.
//
// Why not a fresh container per case: a boot costs seconds on this machine, 300 boots would take
// longer than the whole test suite. Why the reset is as good as a fresh container for what a case
// can observe: every bash call already starts a fresh shell (variables, functions, cwd, traps),
// every `python3` starts a fresh __main__ and drops the user's modules, and the reset below
// empties /workspace and /tmp (the only places the cases write to), so each case starts with the
// same empty /workspace a new container has.
import type { Container } from "code-exec-sandbox";
import type { DiffCase } from "./case.ts";
import type { Observed } from "./oracle.ts";

const RESET_CELL = `
def _differential_reset():
    import os, shutil
    os.chdir("/workspace")
    for folder in ("/workspace", "/tmp"):
        for name in os.listdir(folder):
            if folder == "/tmp" and name == "outputs":
                continue
            path = os.path.join(folder, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.unlink(path)
_differential_reset()
del _differential_reset
`;

let callNumber = 0;

async function bash(container: Container, command: string): Promise<Observed> {
  const block = await container.execute({
    type: "server_tool_use",
    id: `srvtoolu_differential${++callNumber}`,
    name: "bash_code_execution",
    input: { command },
  });
  const content = block.content;
  if (content.type !== "bash_code_execution_result") {
    return { stdout: "", stderr: `[tool error: ${JSON.stringify(content)}]`, stderrEmpty: false, returnCode: -1 };
  }
  return { stdout: content.stdout, stderr: content.stderr, stderrEmpty: content.stderr === "", returnCode: content.return_code };
}

export async function runInContainer(container: Container, testCase: DiffCase): Promise<Observed> {
  const reset = await container.execute({
    type: "server_tool_use",
    id: `srvtoolu_differential${++callNumber}`,
    name: "code_execution",
    input: { code: RESET_CELL },
  });
  if (reset.content.type !== "code_execution_result" || reset.content.return_code !== 0) {
    throw new Error(`resetting the container failed: ${JSON.stringify(reset.content)}`);
  }
  if (testCase.setup) {
    const setup = await bash(container, testCase.setup);
    if (setup.returnCode !== 0) {
      return { ...setup, stderr: `[setup failed in the container] ${setup.stderr}`, stderrEmpty: false };
    }
  }
  return bash(container, testCase.command);
}
