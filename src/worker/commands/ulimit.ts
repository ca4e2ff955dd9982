// `ulimit`: the limits a Debian container reports; setting one is accepted and changes nothing.
import { defineCommand } from "just-bash";
import { ok } from "./util.ts";

const LIMITS: Array<[flag: string, label: string, value: string]> = [
  ["c", "core file size              (blocks, -c)", "0"],
  ["d", "data seg size               (kbytes, -d)", "unlimited"],
  ["f", "file size                   (blocks, -f)", "unlimited"],
  ["n", "open files                          (-n)", "1024"],
  ["s", "stack size                  (kbytes, -s)", "8192"],
  ["t", "cpu time                   (seconds, -t)", "unlimited"],
  ["u", "max user processes                  (-u)", "unlimited"],
  ["v", "virtual memory              (kbytes, -v)", "unlimited"],
];

export const ulimit = defineCommand("ulimit", async (args) => {
  if (args.includes("-a")) return ok(LIMITS.map(([, label, value]) => `${label} ${value}\n`).join(""));
  const flag = args.find((a) => a.startsWith("-"))?.replace(/^-[HS]*/, "") || "f";
  if (args.some((a) => !a.startsWith("-"))) return ok("");
  return ok(`${LIMITS.find(([f]) => flag.includes(f))?.[2] ?? "unlimited"}\n`);
});
