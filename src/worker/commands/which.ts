// `which` (debianutils): the first executable file of that name on $PATH; the shell's own
// commands, which have no file, are reported where Debian installs them (/usr/bin). -a: all.
import { defineCommand } from "just-bash";

export const which = defineCommand("which", async (args, ctx) => {
  const all = args.includes("-a");
  const names = args.filter((a) => !a.startsWith("-"));
  const registered = new Set(ctx.getRegisteredCommands?.() ?? []);
  const dirs = (ctx.env.get("PATH") ?? "/usr/local/bin:/usr/bin:/bin").split(":").filter(Boolean);
  let stdout = "";
  let missing = names.length === 0;
  for (const name of names) {
    const found: string[] = [];
    const candidates = name.includes("/") ? [ctx.fs.resolvePath(ctx.cwd, name)] : dirs.map((d) => `${d.replace(/\/$/, "")}/${name}`);
    for (const path of candidates) {
      const st = await ctx.fs.stat(path).catch(() => null);
      if (st && !st.isDirectory && st.mode & 0o111) found.push(name.includes("/") ? name : path);
      if (found.length && !all) break;
    }
    if ((!found.length || all) && !name.includes("/") && registered.has(name) && !found.includes(`/usr/bin/${name}`))
      found.push(`/usr/bin/${name}`);
    if (!found.length) missing = true;
    stdout += (all ? found : found.slice(0, 1)).map((p) => `${p}\n`).join("");
  }
  return { stdout, stderr: "", exitCode: missing ? 1 : 0 };
});
