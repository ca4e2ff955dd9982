// `realpath`: the canonical absolute path (all but the last component must exist, as in GNU).
import { defineCommand } from "just-bash";
import { fail, parseArgs, type Ctx } from "./util.ts";

async function canonical(ctx: Ctx, name: string, mustExist: boolean): Promise<string | null> {
  const absolute = ctx.fs.resolvePath(ctx.cwd, name);
  if (await ctx.fs.exists(absolute)) return ctx.fs.realpath(absolute);
  if (mustExist) return null;
  const slash = absolute.lastIndexOf("/");
  const parent = absolute.slice(0, slash) || "/";
  if (!(await ctx.fs.exists(parent))) return null;
  const real = await ctx.fs.realpath(parent);
  return `${real === "/" ? "" : real}/${absolute.slice(slash + 1)}`;
}

function relative(from: string, to: string): string {
  const a = from.split("/").filter(Boolean);
  const b = to.split("/").filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const parts = [...a.slice(common).map(() => ".."), ...b.slice(common)];
  return parts.length ? parts.join("/") : ".";
}

export const realpath = defineCommand("realpath", async (args, ctx) => {
  const { flags, operands } = parseArgs(args, "");
  if (!operands.length) return fail("realpath: missing operand\nTry 'realpath --help' for more information.\n");
  const mustExist = flags.has("-e") || flags.has("--canonicalize-existing");
  const relativeTo = flags.get("--relative-to");
  const base = typeof relativeTo === "string" ? await canonical(ctx, relativeTo, false) : null;
  let stdout = "";
  let stderr = "";
  for (const operand of operands) {
    const path = await canonical(ctx, operand, mustExist);
    if (path === null) {
      if (!flags.has("-q")) stderr += `realpath: ${operand}: No such file or directory\n`;
      continue;
    }
    stdout += (base !== null ? relative(base, path) : path) + (flags.has("-z") ? "\0" : "\n");
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
});
