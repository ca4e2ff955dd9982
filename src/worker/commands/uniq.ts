// `uniq`: just-bash's, with GNU's count column for -c ("%7d ").
import { defineCommand } from "just-bash";

const counts = (args: string[]) => args.some((a) => a === "--count" || /^-[a-zA-Z]*c/.test(a));

export const uniq = defineCommand("uniq", async (args, ctx) => {
  const result = await ctx.origCommand!(args);
  if (!counts(args) || result.exitCode !== 0) return result;
  return { ...result, stdout: result.stdout.replace(/^ *(\d+) /gm, (_, n: string) => `${n.padStart(7)} `) };
});
