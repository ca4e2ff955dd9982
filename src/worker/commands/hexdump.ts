// `hexdump` / `hd`: the canonical -C layout and the default 16-bit word layout, with repeated
// lines folded into "*" as util-linux does (-v keeps them).
import { defineCommand } from "just-bash";
import { fail, ok, parseArgs, readOperand, whyUnreadable } from "./util.ts";

const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".");

function canonicalLine(row: Uint8Array, offset: number): string {
  let hex = "";
  for (let i = 0; i < 16; i++) {
    hex += i < row.length ? `${row[i]!.toString(16).padStart(2, "0")} ` : "   ";
    if (i === 7) hex += " ";
  }
  return `${offset.toString(16).padStart(8, "0")}  ${hex} |${Array.from(row, printable).join("")}|\n`;
}

function wordLine(row: Uint8Array, offset: number): string {
  const words: string[] = [];
  for (let i = 0; i < row.length; i += 2) words.push(((row[i + 1] ?? 0) * 256 + row[i]!).toString(16).padStart(4, "0"));
  return `${offset.toString(16).padStart(7, "0")} ${words.join(" ")}\n`;
}

function render(data: Uint8Array, canonical: boolean, verbose: boolean): string {
  let out = "";
  let previous: string | null = null;
  let starred = false;
  for (let offset = 0; offset < data.length; offset += 16) {
    const row = data.subarray(offset, offset + 16);
    const key = row.join(",");
    if (!verbose && row.length === 16 && key === previous) {
      if (!starred) out += "*\n";
      starred = true;
      continue;
    }
    previous = key;
    starred = false;
    out += canonical ? canonicalLine(row, offset) : wordLine(row, offset);
  }
  return out + (data.length ? `${data.length.toString(16).padStart(canonical ? 8 : 7, "0")}\n` : "");
}

function create(name: string, canonicalByDefault: boolean) {
  return defineCommand(name, async (args, ctx) => {
    const { flags, operands } = parseArgs(args, "nse");
    let data = await readOperand(ctx, operands[0]);
    if (!data)
      return fail(`${name}: ${operands[0]}: ${await whyUnreadable(ctx, operands[0]!)}\n${name}: all input file arguments failed\n`);
    const skip = Number(flags.get("-s") ?? 0);
    const length = flags.has("-n") ? Number(flags.get("-n")) : undefined;
    data = data.subarray(skip, length === undefined ? undefined : skip + length);
    return ok(render(data, canonicalByDefault || flags.has("-C"), flags.has("-v")));
  });
}

export const hexdump = create("hexdump", false);
export const hd = create("hd", true);
