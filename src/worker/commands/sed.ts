// `sed`: just-bash's, with GNU's -i SUFFIX backups and the one-line `a\text`, `i\text`,
// `c\text` forms (`sed '1i\header'`), which it would print with the backslash.
import { defineCommand } from "just-bash";

const ONE_LINER = /^(\s*(?:\d+|\$|\/(?:[^/\\]|\\.)*\/)(?:\s*,\s*(?:\d+|\$|\/(?:[^/\\]|\\.)*\/))?\s*)?([aic])\\([^\n].*)$/s;
const fixScript = (script: string) =>
  script.replace(ONE_LINER, (_, address: string | undefined, command: string, text: string) => `${address ?? ""}${command} ${text}`);

export const sed = defineCommand("sed", async (args, ctx) => {
  const forwarded: string[] = [];
  let suffix = "";
  let scriptSeen = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const inPlace = /^-i(.+)$/.exec(arg) ?? /^--in-place=(.*)$/.exec(arg);
    if (inPlace) {
      suffix = inPlace[1]!;
      forwarded.push("-i");
    } else if (arg === "-e" || arg === "--expression") {
      forwarded.push(arg, fixScript(args[++i] ?? ""));
      scriptSeen = true;
    } else if (arg === "-f" || arg === "--file") {
      forwarded.push(arg, args[++i] ?? "");
      scriptSeen = true;
    } else if (arg.startsWith("-") && arg.length > 1) {
      forwarded.push(arg);
    } else if (!scriptSeen) {
      forwarded.push(fixScript(arg));
      scriptSeen = true;
    } else {
      forwarded.push(arg);
      files.push(arg);
    }
  }
  if (suffix) {
    for (const file of files) {
      const path = ctx.fs.resolvePath(ctx.cwd, file);
      if (!(await ctx.fs.exists(path))) continue;
      const backup = suffix.includes("*") ? suffix.replace(/\*/g, file.slice(file.lastIndexOf("/") + 1)) : file + suffix;
      await ctx.fs.writeFile(
        ctx.fs.resolvePath(
          ctx.cwd,
          suffix.includes("*") && !suffix.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) + backup : backup,
        ),
        await ctx.fs.readFileBuffer(path),
      );
    }
  }
  return ctx.origCommand!(forwarded);
});
