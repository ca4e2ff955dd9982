// `df`: one filesystem, the container's disk budget, mounted on /.
import { defineCommand } from "just-bash";
import type { CommandHost } from "./host.ts";
import { fail, ok, parseArgs } from "./util.ts";

function human(bytes: number): string {
  const units = ["K", "M", "G", "T"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (value < 10 ? (Math.ceil(value * 10) / 10).toFixed(1) : Math.ceil(value).toString()) + units[unit];
}

export function createDf(host: CommandHost) {
  return defineCommand("df", async (args, ctx) => {
    const { flags, operands } = parseArgs(args, "");
    const humanSizes = flags.has("-h") || flags.has("--human-readable");
    for (const operand of operands) {
      if (!(await ctx.fs.exists(ctx.fs.resolvePath(ctx.cwd, operand)))) return fail(`df: ${operand}: No such file or directory\n`);
    }
    const { totalBytes, usedBytes } = host.disk();
    const avail = Math.max(0, totalBytes - usedBytes);
    const pct = totalBytes ? `${Math.ceil((100 * usedBytes) / totalBytes)}%` : "-";
    const cells = humanSizes
      ? ["overlay", human(totalBytes), human(usedBytes), human(avail), pct, "/"]
      : ["overlay", String(Math.ceil(totalBytes / 1024)), String(Math.ceil(usedBytes / 1024)), String(Math.ceil(avail / 1024)), pct, "/"];
    const header = humanSizes
      ? ["Filesystem", "Size", "Used", "Avail", "Use%", "Mounted on"]
      : ["Filesystem", "1K-blocks", "Used", "Available", "Use%", "Mounted on"];
    // GNU pads the first column to 14 and right-aligns the numbers to the wider of header and value
    // (at least 5 wide for -h sizes).
    const minimum = [14, humanSizes ? 5 : 0, humanSizes ? 5 : 0, humanSizes ? 5 : 0, 4, 0];
    const widths = header.map((h, i) => Math.max(h.length, cells[i]!.length, minimum[i]!));
    const line = (row: string[]) =>
      `${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]!) : i === 5 ? cell : cell.padStart(widths[i]!))).join(" ")}\n`;
    const rows = [line(header)];
    for (let i = 0; i < Math.max(1, operands.length); i++) rows.push(line(cells));
    return ok(rows.join(""));
  });
}
