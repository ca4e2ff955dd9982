// `free`: the container's memory budget as "total" and the interpreter's heap as "used", in
// procps' layout (-b/-k/-m/-g units, -h human sizes with Ki/Mi/Gi).
import { defineCommand } from "just-bash";
import type { CommandHost } from "./host.ts";
import { fail, ok } from "./util.ts";

const HEADER = "               total        used        free      shared  buff/cache   available\n";
const UNITS: Record<string, number> = {
  "-b": 1,
  "--bytes": 1,
  "-k": 1024,
  "--kibi": 1024,
  "-m": 1024 ** 2,
  "--mebi": 1024 ** 2,
  "-g": 1024 ** 3,
  "--gibi": 1024 ** 3,
};

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  const units = ["Ki", "Mi", "Gi", "Ti"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (value < 10 ? value.toFixed(1) : Math.round(value).toString()) + units[unit];
}

export function createFree(host: CommandHost) {
  return defineCommand("free", async (args) => {
    let divisor = 1024;
    let humanSizes = false;
    for (const arg of args) {
      if (arg === "-h" || arg === "--human") humanSizes = true;
      else if (arg in UNITS) divisor = UNITS[arg]!;
      else if (arg === "-w" || arg === "-t" || arg === "-l") continue;
      else return fail(`free: invalid option -- '${arg.replace(/^-+/, "")}'\n`);
    }
    const { totalBytes, usedBytes } = host.memory();
    const format = (bytes: number) => (humanSizes ? human(bytes) : String(Math.floor(bytes / divisor)));
    const row = (label: string, values: number[]) => `${label.padEnd(7) + values.map((v) => format(v).padStart(12)).join("")}\n`;
    const free = Math.max(0, totalBytes - usedBytes);
    return ok(HEADER + row("Mem:", [totalBytes, usedBytes, free, 0, 0, free]) + row("Swap:", [0, 0, 0]));
  });
}
