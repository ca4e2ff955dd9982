// `tr`: just-bash's, with \0 and \000 (NUL) in its sets, as in `tr '\0' '\n'`.
import { defineCommand } from "just-bash";

export const tr = defineCommand("tr", async (args, ctx) =>
  ctx.origCommand!(args.map((arg) => (arg.startsWith("-") ? arg : arg.replace(/\\0{1,3}(?![0-7])/g, "\0")))),
);
