// `paste`: just-bash's, reading stdin when no file is named (as GNU paste does).
import { defineCommand } from "just-bash";

export const paste = defineCommand("paste", async (args, ctx) => {
  let files = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-d" || arg === "--delimiters") i++;
    else if (arg === "-" || !arg.startsWith("-")) files++;
  }
  return ctx.origCommand!(files ? args : [...args, "-"]);
});
