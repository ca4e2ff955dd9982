// `stat`: just-bash's for -c/--format/--printf; GNU's default eight-line report otherwise.
import { defineCommand, type FsStat } from "just-bash";
import { blocksOf } from "./ls.ts";
import type { Ctx } from "./util.ts";

const pad2 = (n: number) => String(n).padStart(2, "0");
const stamp = (d: Date) =>
  `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, "0")}000000 +0000`;

function modeText(st: FsStat): string {
  const bits = "rwxrwxrwx";
  let out = st.isSymbolicLink ? "l" : st.isDirectory ? "d" : "-";
  const mode = st.isSymbolicLink ? 0o777 : st.mode;
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? bits[i] : "-";
  return out;
}

async function report(ctx: Ctx, name: string, st: FsStat): Promise<string> {
  const kind = st.isSymbolicLink ? "symbolic link" : st.isDirectory ? "directory" : st.size === 0 ? "regular empty file" : "regular file";
  const shown = st.isSymbolicLink ? `${name} -> ${await ctx.fs.readlink(ctx.fs.resolvePath(ctx.cwd, name))}` : name;
  const user = ctx.env.get("USER") ?? "user";
  const uid = user === "root" ? 0 : 1000;
  const mode = st.isSymbolicLink ? 0o777 : st.mode & 0o7777;
  return `${[
    `  File: ${shown}`,
    `  Size: ${String(st.size).padEnd(10)}\tBlocks: ${String(blocksOf(st) * 2).padEnd(10)} IO Block: 4096   ${kind}`,
    `Device: 0,0\tInode: ${String(Number(st.ino ?? 0)).padEnd(11)} Links: ${st.isDirectory ? 2 : 1}`,
    `Access: (${mode.toString(8).padStart(4, "0")}/${modeText(st)})  Uid: (${String(uid).padStart(5)}/${user.padStart(8)})   Gid: (${String(uid).padStart(5)}/${user.padStart(8)})`,
    `Access: ${stamp(st.mtime)}`,
    `Modify: ${stamp(st.mtime)}`,
    `Change: ${stamp(st.mtime)}`,
    ` Birth: -`,
  ].join("\n")}\n`;
}

export const stat = defineCommand("stat", async (args, ctx) => {
  if (
    args.some((a) => a === "-c" || a.startsWith("--format") || a.startsWith("--printf") || a.startsWith("-c") || a === "-f" || a === "-t")
  ) {
    return ctx.origCommand!(args);
  }
  const follow = args.includes("-L") || args.includes("--dereference");
  let stdout = "";
  let stderr = "";
  for (const name of args.filter((a) => !a.startsWith("-"))) {
    const path = ctx.fs.resolvePath(ctx.cwd, name);
    try {
      stdout += await report(ctx, name, follow ? await ctx.fs.stat(path) : await ctx.fs.lstat(path));
    } catch {
      stderr += `stat: cannot statx '${name}': No such file or directory\n`;
    }
  }
  if (!stdout && !stderr) return { stdout: "", stderr: "stat: missing operand\nTry 'stat --help' for more information.\n", exitCode: 1 };
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
});
