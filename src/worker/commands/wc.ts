// `wc` as GNU prints it: counts right-aligned to the width of the largest count (at least 7
// when reading stdin alone), a total line for several files, -l -w -c -m -L in that order.
import { defineCommand } from "just-bash";
import { fail, readOperand, whyUnreadable } from "./util.ts";

const ORDER = ["l", "w", "m", "c", "L"] as const;
type Field = (typeof ORDER)[number];
const LONG: Record<string, Field> = { "--lines": "l", "--words": "w", "--chars": "m", "--bytes": "c", "--max-line-length": "L" };

function count(bytes: Uint8Array): Record<Field, number> {
  const text = new TextDecoder().decode(bytes);
  let lines = 0;
  let maxLine = 0;
  let column = 0;
  for (const ch of text) {
    if (ch === "\n") {
      lines++;
      maxLine = Math.max(maxLine, column);
      column = 0;
    } else if (ch === "\t") column += 8 - (column % 8);
    else if (ch !== "\r") column++;
  }
  maxLine = Math.max(maxLine, column);
  const words = text.split(/\s+/).filter(Boolean).length;
  return { l: lines, w: words, m: [...text].length, c: bytes.length, L: maxLine };
}

export const wc = defineCommand("wc", async (args, ctx) => {
  const wanted = new Set<Field>();
  const names: string[] = [];
  for (const arg of args) {
    if (arg in LONG) wanted.add(LONG[arg]!);
    else if (arg.startsWith("-") && arg.length > 1) {
      for (const f of arg.slice(1)) {
        if (!ORDER.includes(f as Field)) return fail(`wc: invalid option -- '${f}'\nTry 'wc --help' for more information.\n`);
        wanted.add(f as Field);
      }
    } else names.push(arg);
  }
  const fields = wanted.size ? ORDER.filter((f) => wanted.has(f)) : (["l", "w", "c"] as Field[]);
  const rows: Array<{ counts: Record<Field, number>; name?: string }> = [];
  let stderr = "";
  for (const name of names.length ? names : [undefined]) {
    const data = await readOperand(ctx, name);
    if (!data) {
      stderr += `wc: ${name}: ${await whyUnreadable(ctx, name!)}\n`;
      continue;
    }
    rows.push({ counts: count(data), name });
  }
  if (rows.length > 1 || (names.length > 1 && rows.length)) {
    const total = Object.fromEntries(
      ORDER.map((f) => [f, f === "L" ? Math.max(...rows.map((r) => r.counts.L)) : rows.reduce((s, r) => s + r.counts[f], 0)]),
    ) as Record<Field, number>;
    rows.push({ counts: total, name: "total" });
  }
  // GNU sizes the columns from the files' total size; reading stdin (size unknown) it uses 7.
  const fromStdin = names.length === 0 || names.includes("-");
  const totalBytes = rows.filter((r) => r.name !== "total").reduce((sum, r) => sum + r.counts.c, 0);
  const width = fields.length === 1 && rows.length === 1 ? 0 : Math.max(fromStdin ? 7 : 1, String(totalBytes).length);
  const stdout = rows
    .map((r) => `${fields.map((f) => String(r.counts[f]).padStart(width)).join(" ") + (r.name !== undefined ? ` ${r.name}` : "")}\n`)
    .join("");
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
});
