// `mktemp`: a new file (or folder with -d) from a template whose trailing X's become random
// letters; by default /tmp/tmp.XXXXXXXXXX.
import { defineCommand } from "just-bash";
import { fail, ok, parseArgs } from "./util.ts";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function fill(template: string): string {
  const match = /X{3,}(?=[^X]*$)/.exec(template);
  if (!match) return template;
  const random = crypto.getRandomValues(new Uint8Array(match[0].length));
  const letters = Array.from(random, (b) => LETTERS[b % LETTERS.length]).join("");
  return template.slice(0, match.index) + letters + template.slice(match.index + match[0].length);
}

export const mktemp = defineCommand("mktemp", async (args, ctx) => {
  const { flags, operands } = parseArgs(args, "p", ["--tmpdir", "--suffix"]);
  const template = operands[0] ?? "tmp.XXXXXXXXXX";
  if (!/XXX/.test(template)) return fail(`mktemp: too few X's in template '${template}'\n`);
  const dirFlag = flags.get("-p") ?? flags.get("--tmpdir");
  const inTmp = operands.length === 0 || dirFlag !== undefined || flags.has("-t");
  const folder = typeof dirFlag === "string" && dirFlag ? dirFlag : (ctx.env.get("TMPDIR") ?? "/tmp");
  for (let attempt = 0; attempt < 100; attempt++) {
    const name = fill(template);
    const shown = inTmp && !name.startsWith("/") ? `${folder.replace(/\/$/, "")}/${name}` : name;
    const path = ctx.fs.resolvePath(ctx.cwd, shown);
    if (await ctx.fs.exists(path)) continue;
    if (!flags.has("-u") && !flags.has("--dry-run")) {
      try {
        if (flags.has("-d") || flags.has("--directory")) await ctx.fs.mkdir(path);
        else await ctx.fs.writeFile(path, "");
        if (flags.has("-d") || flags.has("--directory")) await ctx.fs.chmod(path, 0o700);
        else await ctx.fs.chmod(path, 0o600);
      } catch {
        return fail(
          `mktemp: failed to create ${flags.has("-d") ? "directory" : "file"} via template '${shown.replace(name, template)}': No such file or directory\n`,
        );
      }
    }
    return ok(`${shown}\n`);
  }
  return fail(`mktemp: failed to create file via template '${template}': File exists\n`);
});
