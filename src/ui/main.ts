// A minimal console over the local container: run bash or Python, see the result block.
import { createContainer } from "../index.ts";
import type { ToolCall } from "../container/types.ts";

const status = document.querySelector<HTMLParagraphElement>("#status")!;
const form = document.querySelector<HTMLFormElement>("#console")!;
const mode = document.querySelector<HTMLSelectElement>("#mode")!;
const source = document.querySelector<HTMLTextAreaElement>("#source")!;
const run = form.querySelector<HTMLButtonElement>("button")!;
const output = document.querySelector<HTMLPreElement>("#output")!;

const started = performance.now();
const container = await createContainer();
status.textContent = `Ready in ${Math.round(performance.now() - started)} ms (${container.id})`;
run.disabled = false;

let calls = 0;
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  run.disabled = true;
  const call: ToolCall =
    mode.value === "bash"
      ? { type: "server_tool_use", id: `srvtoolu_console${++calls}`, name: "bash_code_execution", input: { command: source.value } }
      : { type: "server_tool_use", id: `srvtoolu_console${++calls}`, name: "code_execution", input: { code: source.value } };
  const block = await container.execute(call);
  output.textContent = JSON.stringify(block, null, 2);
  run.disabled = false;
});
