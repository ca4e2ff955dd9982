// `xargs` as GNU findutils runs it: items split on blanks and newlines (quotes respected), -0,
// -d, -n, -L, -I {} (one command per line), -r, -t, -P (run one at a time here).
import { defineCommand } from "just-bash";
import { fail, stdinText } from "./util.ts";

const shellQuote = (word: string) => (/^[A-Za-z0-9_./=:,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

function splitItems(text: string): string[] {
  const items: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|\\(.)|(\s+)|([^\s"'\\]+)/gs;
  let current: string | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[4] !== undefined) {
      if (current !== null) items.push(current);
      current = null;
    } else current = (current ?? "") + (m[1] ?? m[2] ?? m[3] ?? m[5] ?? "");
  }
  if (current !== null) items.push(current);
  return items;
}

export const xargs = defineCommand("xargs", async (args, ctx) => {
  let maxArgs = Infinity;
  let maxLines = 0;
  let replace: string | null = null;
  let delimiter: string | null = null;
  let noRunIfEmpty = false;
  let trace = false;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-") || arg === "-") break;
    if (arg === "--") {
      i++;
      break;
    }
    const value = (inline: string) => (inline !== "" ? inline : (args[++i] ?? ""));
    if (arg === "-0" || arg === "--null") delimiter = "\0";
    else if (arg.startsWith("-d")) delimiter = value(arg.slice(2)).replace(/^\\n$/, "\n").replace(/^\\t$/, "\t");
    else if (arg.startsWith("-n")) maxArgs = Number(value(arg.slice(2)));
    else if (arg.startsWith("--max-args=")) maxArgs = Number(arg.slice(11));
    else if (arg.startsWith("-L")) maxLines = Number(value(arg.slice(2)));
    else if (arg === "-I") replace = value("");
    else if (arg.startsWith("-I")) replace = arg.slice(2);
    else if (arg.startsWith("-i")) replace = arg.slice(2) || "{}";
    else if (arg.startsWith("--replace")) replace = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : "{}";
    else if (arg === "-r" || arg === "--no-run-if-empty") noRunIfEmpty = true;
    else if (arg === "-t" || arg === "--verbose") trace = true;
    else if (arg.startsWith("-P")) value(arg.slice(2));
    else if (arg.startsWith("-s")) value(arg.slice(2));
    else if (arg === "-x" || arg === "-p") continue;
    else
      return fail(
        `xargs: invalid option -- '${arg.slice(1)}'\nUsage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nTry 'xargs --help' for more information.\n`,
      );
  }
  const command = args.slice(i).length ? args.slice(i) : ["echo"];
  const input = stdinText(ctx);
  let groups: string[][];
  if (replace !== null) {
    const lines = (delimiter !== null ? input.split(delimiter) : input.split("\n")).map((l) => (delimiter !== null ? l : l.trim()));
    groups = lines.filter((l) => l !== "").map((l) => [l]);
  } else {
    const items = delimiter !== null ? input.split(delimiter).filter((x, k, all) => x !== "" || k < all.length - 1) : splitItems(input);
    if (delimiter !== null && items[items.length - 1] === "") items.pop();
    if (maxLines > 0) {
      const lines = input.split("\n").filter((l) => l.trim() !== "");
      groups = [];
      for (let k = 0; k < lines.length; k += maxLines) groups.push(lines.slice(k, k + maxLines).flatMap(splitItems));
    } else if (Number.isFinite(maxArgs) && maxArgs > 0) {
      groups = [];
      for (let k = 0; k < items.length; k += maxArgs) groups.push(items.slice(k, k + maxArgs));
    } else groups = [items];
  }
  if (groups.length === 1 && groups[0]!.length === 0 && (noRunIfEmpty || replace !== null)) groups = [];
  if (groups.length === 0 && !noRunIfEmpty && replace === null) groups = [[]];
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  for (const group of groups) {
    const words = replace !== null ? command.map((w) => w.split(replace!).join(group[0]!)) : [...command, ...group];
    if (trace) stderr += `${words.join(" ")}\n`;
    const result = await ctx.exec!(words.map(shellQuote).join(" "), { cwd: ctx.cwd, env: ctx.exportedEnv, signal: ctx.signal });
    stdout += result.stdout;
    stderr += result.stderr;
    if (result.exitCode === 127)
      return {
        stdout,
        stderr: stderr.replace(/^bash: (.*): command not found\n$/m, "xargs: $1: No such file or directory\n"),
        exitCode: 127,
      };
    if (result.exitCode !== 0) exitCode = 123;
  }
  return { stdout, stderr, exitCode };
});
