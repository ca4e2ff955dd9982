// `sleep`: just-bash's, also taking GNU's ".2" (no leading zero) and several durations.
import { defineCommand } from "just-bash";

export const sleep = defineCommand("sleep", async (args, ctx) =>
  ctx.origCommand!(args.map((arg) => (/^\.\d/.test(arg) ? `0${arg}` : arg))),
);
