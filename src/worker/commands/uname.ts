// `uname`: the hosted container is an x86_64 Linux; answer as one (coreutils' flag order).
import { defineCommand } from "just-bash";
import { fail, ok } from "./util.ts";

const FIELDS: Array<[flag: string, long: string, value: string]> = [
  ["s", "--kernel-name", "Linux"],
  ["n", "--nodename", "localhost"],
  ["r", "--kernel-release", "6.1.0"],
  ["v", "--kernel-version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.0"],
  ["m", "--machine", "x86_64"],
  ["p", "--processor", "unknown"],
  ["i", "--hardware-platform", "unknown"],
  ["o", "--operating-system", "GNU/Linux"],
];

export const uname = defineCommand("uname", async (args) => {
  const wanted = new Set<string>();
  for (const arg of args) {
    if (arg === "-a" || arg === "--all") {
      // -a leaves out -p and -i when they are "unknown".
      for (const f of "snrvmo") wanted.add(f);
    } else if (arg.startsWith("--")) {
      const field = FIELDS.find(([, long]) => long === arg);
      if (!field) return fail(`uname: unrecognized option '${arg}'\nTry 'uname --help' for more information.\n`);
      wanted.add(field[0]);
    } else if (arg.startsWith("-")) {
      for (const f of arg.slice(1)) {
        if (f === "a") for (const g of "snrvmo") wanted.add(g);
        else if (FIELDS.some(([flag]) => flag === f)) wanted.add(f);
        else return fail(`uname: invalid option -- '${f}'\nTry 'uname --help' for more information.\n`);
      }
    } else {
      return fail(`uname: extra operand '${arg}'\nTry 'uname --help' for more information.\n`);
    }
  }
  if (wanted.size === 0) wanted.add("s");
  return ok(
    `${FIELDS.filter(([flag]) => wanted.has(flag))
      .map(([, , value]) => value)
      .join(" ")}\n`,
  );
});
