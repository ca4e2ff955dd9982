// `cmp`: the first differing byte and line, or EOF on the shorter file (GNU wording).
import { defineCommand } from "just-bash";
import { fail, parseArgs, readOperand, whyUnreadable } from "./util.ts";

export const cmp = defineCommand("cmp", async (args, ctx) => {
  const { flags, operands } = parseArgs(args, "");
  const silent = flags.has("-s") || flags.has("--quiet") || flags.has("--silent");
  const [nameA, nameB = "-"] = operands;
  if (nameA === undefined) return fail("cmp: missing operand after 'cmp'\nTry 'cmp --help' for more information.\n", 2);
  const a = await readOperand(ctx, nameA);
  const b = await readOperand(ctx, nameB);
  for (const [name, data] of [
    [nameA, a],
    [nameB, b],
  ] as const) {
    if (!data) return fail(`cmp: ${name}: ${await whyUnreadable(ctx, name)}\n`, 2);
  }
  let line = 1;
  const n = Math.min(a!.length, b!.length);
  for (let i = 0; i < n; i++) {
    if (a![i] !== b![i])
      return { stdout: silent ? "" : `${nameA} ${nameB} differ: byte ${i + 1}, line ${line}\n`, stderr: "", exitCode: 1 };
    if (a![i] === 10) line++;
  }
  if (a!.length === b!.length) return { stdout: "", stderr: "", exitCode: 0 };
  const shorter = a!.length < b!.length ? nameA : nameB;
  const detail = n === 0 ? " (empty)" : ` after byte ${n}, line ${line - (a![n - 1] === 10 ? 1 : 0)}`;
  return { stdout: "", stderr: silent ? "" : `cmp: EOF on ${shorter}${n === 0 ? " which is empty" : detail}\n`, exitCode: 1 };
});
