// `od` as GNU coreutils prints it: -t TYPE[SIZE] (x o u d c a), the -c -b -x -o -d shorthands,
// -A address radix, -j skip, -N count, -w width, "*" for repeated lines (-v keeps them).
import { defineCommand } from "just-bash";
import { fail, ok, readOperand, whyUnreadable } from "./util.ts";

interface Format {
  kind: "x" | "o" | "u" | "d" | "c" | "a";
  size: number;
}

const WIDTH: Record<string, Record<number, number>> = {
  x: { 1: 2, 2: 4, 4: 8, 8: 16 },
  o: { 1: 3, 2: 6, 4: 11, 8: 22 },
  u: { 1: 3, 2: 5, 4: 10, 8: 20 },
  d: { 1: 4, 2: 6, 4: 11, 8: 20 },
};
const C_ESCAPES: Record<number, string> = { 0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r" };
const NAMES = [
  "nul",
  "soh",
  "stx",
  "etx",
  "eot",
  "enq",
  "ack",
  "bel",
  "bs",
  "ht",
  "nl",
  "vt",
  "ff",
  "cr",
  "so",
  "si",
  "dle",
  "dc1",
  "dc2",
  "dc3",
  "dc4",
  "nak",
  "syn",
  "etb",
  "can",
  "em",
  "sub",
  "esc",
  "fs",
  "gs",
  "rs",
  "us",
  "sp",
];

function parseType(spec: string): Format[] | null {
  const out: Format[] = [];
  const re = /([xoudca])(\d*|[CSIL])/g;
  let consumed = 0;
  for (let m = re.exec(spec); m; m = re.exec(spec)) {
    const kind = m[1] as Format["kind"];
    const sizeText = m[2]!;
    const size =
      kind === "c" || kind === "a"
        ? 1
        : sizeText === ""
          ? 4
          : (({ C: 1, S: 2, I: 4, L: 8 } as Record<string, number>)[sizeText] ?? Number(sizeText));
    if (![1, 2, 4, 8].includes(size)) return null;
    out.push({ kind, size });
    consumed += m[0].length;
  }
  return consumed === spec.length && out.length ? out : null;
}

function field(bytes: Uint8Array, at: number, f: Format): string {
  if (f.kind === "c") {
    const b = bytes[at]!;
    return (C_ESCAPES[b] ?? (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b.toString(8).padStart(3, "0"))).padStart(4);
  }
  if (f.kind === "a") {
    const b = bytes[at]! & 0x7f;
    return (b <= 32 ? NAMES[b]! : b === 127 ? "del" : String.fromCharCode(b)).padStart(4);
  }
  let value = 0n;
  for (let k = f.size - 1; k >= 0; k--) value = (value << 8n) | BigInt(bytes[at + k] ?? 0);
  if (f.kind === "d" && value >= 1n << BigInt(f.size * 8 - 1)) value -= 1n << BigInt(f.size * 8);
  const width = WIDTH[f.kind]![f.size]!;
  const text =
    f.kind === "x"
      ? value.toString(16).padStart(width, "0")
      : f.kind === "o"
        ? value.toString(8).padStart(width, "0")
        : value.toString().padStart(width);
  return ` ${text}`;
}

export const od = defineCommand("od", async (args, ctx) => {
  const formats: Format[] = [];
  const files: string[] = [];
  let radix = "o";
  let skip = 0;
  let count = Infinity;
  let width = 16;
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (inline: string) => (inline !== "" ? inline : (args[++i] ?? ""));
    if (arg === "--") {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      files.push(arg);
      continue;
    }
    if (arg.startsWith("-t") || arg.startsWith("--format=")) {
      const parsed = parseType(arg.startsWith("-t") ? value(arg.slice(2)) : arg.slice(9));
      if (!parsed) return fail(`od: invalid type string '${arg}'\n`);
      formats.push(...parsed);
    } else if (arg.startsWith("-A")) radix = value(arg.slice(2));
    else if (arg.startsWith("-j")) skip = Number(value(arg.slice(2)));
    else if (arg.startsWith("-N")) count = Number(value(arg.slice(2)));
    else if (arg.startsWith("-w")) width = Number(arg.slice(2) || 32);
    else if (arg === "-v") verbose = true;
    else {
      for (const c of arg.slice(1)) {
        const short: Record<string, Format> = {
          c: { kind: "c", size: 1 },
          b: { kind: "o", size: 1 },
          x: { kind: "x", size: 2 },
          o: { kind: "o", size: 2 },
          d: { kind: "u", size: 2 },
          i: { kind: "d", size: 2 },
          l: { kind: "d", size: 8 },
          a: { kind: "a", size: 1 },
        };
        if (short[c]) formats.push(short[c]!);
        else if (c === "v") verbose = true;
        else return fail(`od: invalid option -- '${c}'\nTry 'od --help' for more information.\n`);
      }
    }
  }
  if (!formats.length) formats.push({ kind: "o", size: 2 });
  let data: Uint8Array = new Uint8Array();
  for (const name of files.length ? files : ["-"]) {
    const chunk = await readOperand(ctx, name);
    if (!chunk) return fail(`od: ${name}: ${await whyUnreadable(ctx, name)}\n`);
    const joined = new Uint8Array(data.length + chunk.length);
    joined.set(data);
    joined.set(chunk, data.length);
    data = joined;
  }
  data = data.subarray(skip, Number.isFinite(count) ? skip + count : undefined);
  const address = (n: number) =>
    radix === "n"
      ? ""
      : radix === "x"
        ? n.toString(16).padStart(6, "0")
        : radix === "d"
          ? String(n).padStart(7, "0")
          : n.toString(8).padStart(7, "0");
  let out = "";
  let previous: string | null = null;
  let starred = false;
  for (let offset = 0; offset < data.length; offset += width) {
    const row = data.subarray(offset, offset + width);
    const key = row.join(",");
    if (!verbose && key === previous && row.length === width) {
      if (!starred) out += "*\n";
      starred = true;
      continue;
    }
    previous = key;
    starred = false;
    formats.forEach((f, index) => {
      let line = index === 0 ? address(skip + offset) : " ".repeat(address(0).length);
      for (let at = 0; at < row.length; at += f.size) line += field(row, at, f);
      out += `${line}\n`;
    });
  }
  if (radix !== "n") out += `${address(skip + data.length)}\n`;
  return ok(out);
});
