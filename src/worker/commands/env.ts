// `env`: prints the exported environment, or runs a command with NAME=value pairs added
// (-i: only those, -u NAME: without it).
import { defineCommand } from "just-bash";
import { ok } from "./util.ts";

const shellQuote = (word: string) => (/^[A-Za-z0-9_./=:,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

export const env = defineCommand("env", async (args, ctx) => {
  let vars: Record<string, string> = { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) };
  const assigned: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-i" || arg === "-" || arg === "--ignore-environment") vars = {};
    else if (arg === "-u" || arg === "--unset") delete vars[args[++i] ?? ""];
    else if (arg.startsWith("--unset=")) delete vars[arg.slice(8)];
    else if (arg === "--") {
      i++;
      break;
    } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
      const eq = arg.indexOf("=");
      vars[arg.slice(0, eq)] = arg.slice(eq + 1);
      assigned.push(`${arg.slice(0, eq)}=${shellQuote(arg.slice(eq + 1))}`);
    } else break;
  }
  const command = args.slice(i);
  if (!command.length)
    return ok(
      Object.entries(vars)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(""),
    );
  // The assignments also go in front of the command: that is what exports them to it.
  return ctx.exec!([...assigned, ...command.map(shellQuote)].join(" "), { cwd: ctx.cwd, env: vars, replaceEnv: true, signal: ctx.signal });
});
