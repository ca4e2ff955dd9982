// `id`: the shell's user (the same one `whoami` names), as uid/gid numbers and names.
import { defineCommand } from "just-bash";
import { fail, ok } from "./util.ts";

export const id = defineCommand("id", async (args, ctx) => {
  const name = ctx.env.get("USER") ?? "user";
  const uid = ctx.env.get("UID") ?? (name === "root" ? "0" : "1000");
  const flags = args.join("");
  if (args.some((a) => !a.startsWith("-")))
    return args[0] === name
      ? ok(`uid=${uid}(${name}) gid=${uid}(${name}) groups=${uid}(${name})\n`)
      : fail(`id: '${args[0]}': no such user\n`);
  const namesOnly = flags.includes("n");
  if (flags.includes("u")) return ok(`${namesOnly ? name : uid}\n`);
  if (flags.includes("g") || flags.includes("G")) return ok(`${namesOnly ? name : uid}\n`);
  return ok(`uid=${uid}(${name}) gid=${uid}(${name}) groups=${uid}(${name})\n`);
});
