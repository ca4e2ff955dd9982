// `du` as GNU prints it: 1K blocks of 4K allocation units, folders after their contents,
// ./-prefixed paths, -s/-a/-c/-h/-k/-m/-b, --max-depth / -d, --apparent-size.
import { defineCommand } from "just-bash";
import { byteOrder, blocksOf, humanSize } from "./ls.ts";
import { fail, parseArgs, type Ctx } from "./util.ts";

interface Options {
  all: boolean;
  summarize: boolean;
  maxDepth: number;
  apparent: boolean;
  format: (bytes: number) => string;
}

async function walk(ctx: Ctx, path: string, shown: string, depth: number, options: Options, lines: string[]): Promise<number> {
  const stat = await ctx.fs.lstat(path);
  let size = options.apparent ? stat.size : blocksOf(stat) * 1024;
  if (stat.isDirectory) {
    const names = (await ctx.fs.readdir(path)).filter((n) => n !== "." && n !== "..").sort(byteOrder);
    for (const name of names) {
      size += await walk(ctx, `${path === "/" ? "" : path}/${name}`, `${shown.replace(/\/+$/, "")}/${name}`, depth + 1, options, lines);
    }
  }
  const shows = (stat.isDirectory || options.all || depth === 0) && depth <= options.maxDepth && (!options.summarize || depth === 0);
  if (shows) lines.push(`${options.format(size)}\t${shown}\n`);
  return size;
}

export const du = defineCommand("du", async (args, ctx) => {
  const { flags, operands } = parseArgs(args, "dB", ["--max-depth"]);
  const human = flags.has("-h") || flags.has("--human-readable");
  const apparent = flags.has("-b") || flags.has("--bytes") || flags.has("--apparent-size");
  const unit = flags.has("-b") || flags.has("--bytes") ? 1 : flags.has("-m") ? 1024 * 1024 : 1024;
  const depthFlag = flags.get("-d") ?? flags.get("--max-depth");
  const options: Options = {
    all: flags.has("-a") || flags.has("--all"),
    summarize: flags.has("-s") || flags.has("--summarize"),
    maxDepth: depthFlag === undefined ? Infinity : Number(depthFlag),
    apparent,
    format: (bytes) => (human ? (bytes === 0 ? "0" : humanSize(bytes)) : String(Math.ceil(bytes / unit))),
  };
  const lines: string[] = [];
  let stderr = "";
  let total = 0;
  for (const operand of operands.length ? operands : ["."]) {
    const path = ctx.fs.resolvePath(ctx.cwd, operand);
    if (!(await ctx.fs.exists(path))) {
      stderr += `du: cannot access '${operand}': No such file or directory\n`;
      continue;
    }
    total += await walk(ctx, path, operand, 0, options, lines);
  }
  if (flags.has("-c") || flags.has("--total")) lines.push(`${options.format(total)}\ttotal\n`);
  return stderr ? fail(stderr, 1, lines.join("")) : { stdout: lines.join(""), stderr: "", exitCode: 0 };
});
