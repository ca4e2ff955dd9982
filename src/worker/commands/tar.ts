// `tar`: just-bash's, with GNU's verbose listing on stdout (it goes to stderr only when the
// archive itself is written to stdout with -f -).
import { defineCommand } from "just-bash";

/** The letters of the option groups: "-cvf", and the dashless first word of "tar cvf". */
const letters = (args: string[]) => args.filter((a, i) => /^-[A-Za-z]+$/.test(a) || (i === 0 && /^[A-Za-z]+$/.test(a))).join("");
const verbose = (args: string[]) => args.includes("--verbose") || letters(args).includes("v");
const listing = (args: string[]) => args.includes("--list") || letters(args).includes("t");
const toStdout = (args: string[]) =>
  args.includes("--file=-") || args.some((a, i) => /f$/.test(a) && /^-?[A-Za-z]+$/.test(a) && args[i + 1] === "-");

export const tar = defineCommand("tar", async (args, ctx) => {
  const result = await ctx.origCommand!(args);
  if (!verbose(args) || listing(args) || toStdout(args) || result.stdout !== "") return result;
  // The names it listed are the stderr lines that are not error messages.
  const lines = result.stderr.split(/(?<=\n)/);
  const names = lines.filter((l) => !l.startsWith("tar: "));
  const errors = lines.filter((l) => l.startsWith("tar: "));
  return { ...result, stdout: names.join(""), stderr: errors.join("") };
});
