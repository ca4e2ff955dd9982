// User Timing marks for the steps of starting a container in browsers, named
// "code-exec-sandbox:<step>". They show in the DevTools performance panel, and the benchmark reads
// them from a Chromium trace to print where a warm start's time goes across the page, the
// sandbox frame and its worker. Node keeps every mark in a global buffer, so there are none there.
import { onNode } from "./platform.ts";

export type BootStep =
  // the page
  | "worker requested"
  | "frame started"
  | "runtime handed over"
  | "interpreter ready"
  | "container ready"
  // the worker
  | "worker running"
  | "runtime evaluated"
  | "pyodide restored"
  | "container set up";

const inBrowser = typeof performance !== "undefined" && typeof performance.mark === "function" && !onNode;

export function markBoot(step: BootStep): void {
  if (inBrowser) performance.mark(`code-exec-sandbox:${step}`);
}
