// `jq`: just-bash's, with jq 1.6's @csv (strings quoted, quotes doubled) and --indent N / --tab.
import { defineCommand } from "just-bash";

const CSV = `(map(if type == "string" then "\\"" + gsub("\\""; "\\"\\"") + "\\"" elif type == "null" then "" else tostring end) | join(","))`;

export const jq = defineCommand("jq", async (args, ctx) => {
  let indent: string | null = null;
  const forwarded: string[] = [];
  let programSeen = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--indent") indent = " ".repeat(Number(args[++i] ?? 2));
    else if (arg === "--tab") indent = "\t";
    else if (!programSeen && !arg.startsWith("-")) {
      programSeen = true;
      forwarded.push(arg.replace(/@csv\b/g, CSV));
    } else {
      if (arg === "--arg" || arg === "--argjson" || arg === "--slurpfile" || arg === "--rawfile")
        forwarded.push(arg, args[++i] ?? "", args[++i] ?? "");
      else forwarded.push(arg);
    }
  }
  const result = await ctx.origCommand!(forwarded);
  if (indent === null || forwarded.some((a) => a === "-c" || a === "--compact-output")) return result;
  // Pretty output indents with two spaces per level; strings cannot hold raw newlines.
  return { ...result, stdout: result.stdout.replace(/^( +)/gm, (spaces: string) => indent!.repeat(spaces.length / 2)) };
});
