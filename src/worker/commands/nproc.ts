// `nproc`: the processors the page may use (navigator.hardwareConcurrency), at least 1.
import { defineCommand } from "just-bash";
import { ok } from "./util.ts";

export const nproc = defineCommand("nproc", async () => {
  const count = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency;
  return ok(`${Math.max(1, count ?? 1)}\n`);
});
