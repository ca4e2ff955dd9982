// `xxd`: hex dumps (default, -p plain, -i C array) and their reverse (-r, -r -p).
import { defineCommand } from "just-bash";
import { bytesResult, fail, ok, parseArgs, readOperand, whyUnreadable } from "./util.ts";

const hex2 = (b: number, upper: boolean) => (upper ? b.toString(16).toUpperCase() : b.toString(16)).padStart(2, "0");
const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".");

function dump(data: Uint8Array, offset: number, cols: number, group: number, upper: boolean): string {
  let out = "";
  const hexWidth = cols * 2 + (group > 0 ? Math.ceil(cols / group) - 1 : 0);
  for (let start = 0; start < data.length; start += cols) {
    const row = data.subarray(start, start + cols);
    let hex = "";
    row.forEach((b, i) => {
      if (group > 0 && i > 0 && i % group === 0) hex += " ";
      hex += hex2(b, upper);
    });
    out += `${(offset + start).toString(16).padStart(8, "0")}: ${hex.padEnd(hexWidth)}  ${Array.from(row, printable).join("")}\n`;
  }
  return out;
}

function reverse(text: string, plain: boolean): Uint8Array {
  const bytes: number[] = [];
  if (plain) {
    const digits = text.replace(/[^0-9a-fA-F]/g, "");
    for (let i = 0; i + 1 < digits.length; i += 2) bytes.push(parseInt(digits.slice(i, i + 2), 16));
    return Uint8Array.from(bytes);
  }
  const out: number[] = [];
  for (const line of text.split("\n")) {
    const m = /^([0-9a-fA-F]+):\s?((?:[0-9a-fA-F]{2}\s?)*)/.exec(line);
    if (!m) continue;
    const at = parseInt(m[1]!, 16);
    const digits = m[2]!.replace(/\s/g, "");
    while (out.length < at) out.push(0);
    for (let i = 0; i + 1 < digits.length; i += 2) out[at + i / 2] = parseInt(digits.slice(i, i + 2), 16);
  }
  return Uint8Array.from(out);
}

export const xxd = defineCommand("xxd", async (args, ctx) => {
  const { flags, operands } = parseArgs(args, "lscg");
  const name = operands[0];
  let data = await readOperand(ctx, name);
  if (!data) return fail(`xxd: ${name}: ${(await whyUnreadable(ctx, name!)).replace(/^N/, "n")}\n`, 2);
  const plain = flags.has("-p") || flags.has("-ps") || flags.has("--plain");
  const upper = flags.has("-u");
  if (flags.has("-r")) return bytesResult(reverse(new TextDecoder("latin1").decode(data), plain));
  const seek = Number(flags.get("-s") ?? 0);
  const length = flags.has("-l") ? Number(flags.get("-l")) : Infinity;
  data = data.subarray(seek, Number.isFinite(length) ? seek + length : undefined);
  if (plain) {
    const cols = Number(flags.get("-c") ?? 30);
    let out = "";
    for (let i = 0; i < data.length; i += cols) out += `${Array.from(data.subarray(i, i + cols), (b) => hex2(b, upper)).join("")}\n`;
    return ok(out);
  }
  if (flags.has("-i")) {
    const id = (name ?? "").replace(/[^0-9A-Za-z]/g, "_");
    const rows: string[] = [];
    for (let i = 0; i < data.length; i += 12)
      rows.push(`  ${Array.from(data.subarray(i, i + 12), (b) => `0x${hex2(b, upper)}`).join(", ")}`);
    const body = `${rows.join(",\n")}\n`;
    return ok(name ? `unsigned char ${id}[] = {\n${body}};\nunsigned int ${id}_len = ${data.length};\n` : body);
  }
  const cols = Number(flags.get("-c") ?? 16);
  const group = Number(flags.get("-g") ?? 2);
  return ok(dump(data, seek, cols, group, upper));
});
