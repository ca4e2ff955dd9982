// `sort` as GNU sort under LC_ALL=C.UTF-8: byte (code point) order, keys (-k, -t), -n -g -h -V
// -M -f -d -b -r -u -s -z -c -o, and GNU's last-resort comparison of whole lines when keys tie.
import { defineCommand } from "just-bash";
import { fail, readOperand, stdinText, utf8, whyUnreadable } from "./util.ts";

interface KeyOptions {
  numeric?: boolean;
  general?: boolean;
  human?: boolean;
  version?: boolean;
  month?: boolean;
  fold?: boolean;
  dictionary?: boolean;
  blanks?: boolean;
  reverse?: boolean;
}

interface Key extends KeyOptions {
  startField: number;
  startChar: number;
  endField: number;
  endChar: number;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const HUMAN = "KMGTPEZY";

function parseKeyOptions(text: string, into: KeyOptions): void {
  for (const c of text) {
    if (c === "n") into.numeric = true;
    else if (c === "g") into.general = true;
    else if (c === "h") into.human = true;
    else if (c === "V") into.version = true;
    else if (c === "M") into.month = true;
    else if (c === "f") into.fold = true;
    else if (c === "d") into.dictionary = true;
    else if (c === "b") into.blanks = true;
    else if (c === "r") into.reverse = true;
  }
}

function parseKey(spec: string): Key | null {
  const m = /^(\d+)(?:\.(\d+))?([a-zA-Z]*)(?:,(\d+)(?:\.(\d+))?([a-zA-Z]*))?$/.exec(spec);
  if (!m) return null;
  const key: Key = {
    startField: Number(m[1]),
    startChar: Number(m[2] ?? 1),
    endField: m[4] ? Number(m[4]) : Infinity,
    endChar: Number(m[5] ?? 0),
  };
  parseKeyOptions((m[3] ?? "") + (m[6] ?? ""), key);
  return key;
}

/** Fields keep their leading blanks (GNU) unless a separator is given. */
function fieldSpans(line: string, sep: string | null): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (sep !== null) {
    let start = 0;
    for (;;) {
      const at = line.indexOf(sep, start);
      if (at < 0) {
        spans.push([start, line.length]);
        return spans;
      }
      spans.push([start, at]);
      start = at + sep.length;
    }
  }
  const re = /[ \t]*[^ \t]+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

function keyText(line: string, key: Key, sep: string | null): string {
  const spans = fieldSpans(line, sep);
  const startSpan = spans[key.startField - 1];
  if (!startSpan) return "";
  let start = startSpan[0];
  if (key.blanks) while (start < startSpan[1] && /[ \t]/.test(line[start]!)) start++;
  start = Math.min(start + key.startChar - 1, startSpan[1]);
  let end = line.length;
  if (Number.isFinite(key.endField)) {
    const endSpan = spans[key.endField - 1];
    if (endSpan) {
      if (key.endChar === 0) end = endSpan[1];
      else {
        let fieldStart = endSpan[0];
        if (key.blanks) while (fieldStart < endSpan[1] && /[ \t]/.test(line[fieldStart]!)) fieldStart++;
        end = Math.min(fieldStart + key.endChar, endSpan[1]);
      }
    }
  }
  return end > start ? line.slice(start, end) : "";
}

function numericValue(text: string): number {
  const m = /^\s*(-?\d*\.?\d+|-?\d+\.?)/.exec(text);
  return m ? Number(m[1]) : 0;
}

function humanValue(text: string): number {
  const m = /^\s*(-?\d*\.?\d+)([KMGTPEZY]?)/i.exec(text);
  if (!m) return 0;
  return Number(m[1]) * (m[2] ? 1024 ** (HUMAN.indexOf(m[2].toUpperCase()) + 1) : 1);
}

function versionCompare(a: string, b: string): number {
  const parts = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const d = Number(x) - Number(y);
      if (d) return d < 0 ? -1 : 1;
    } else if (x !== y) return cmp(x, y);
  }
  return 0;
}

function compareBy(a: string, b: string, o: KeyOptions): number {
  let x = a;
  let y = b;
  // Each option transforms both sides the same way, in GNU sort's order.
  const transforms: Array<[boolean | undefined, (s: string) => string]> = [
    [o.blanks, (s) => s.trimStart()],
    [o.dictionary, (s) => s.replace(/[^A-Za-z0-9 \t]/g, "")],
    [o.fold, (s) => s.toUpperCase()],
  ];
  for (const [on, transform] of transforms) {
    if (on) {
      x = transform(x);
      y = transform(y);
    }
  }
  let result: number;
  if (o.numeric) result = Math.sign(numericValue(x) - numericValue(y));
  else if (o.general) {
    const [nx, ny] = [parseFloat(x), parseFloat(y)];
    result = Number.isNaN(nx) ? (Number.isNaN(ny) ? 0 : -1) : Number.isNaN(ny) ? 1 : Math.sign(nx - ny);
  } else if (o.human) result = Math.sign(humanValue(x) - humanValue(y));
  else if (o.version) result = versionCompare(x, y);
  else if (o.month) result = MONTHS.indexOf(x.trim().slice(0, 3).toUpperCase()) - MONTHS.indexOf(y.trim().slice(0, 3).toUpperCase());
  else result = cmp(x, y);
  return o.reverse ? -result : result;
}

export const sort = defineCommand("sort", async (args, ctx) => {
  const global: KeyOptions = {};
  const keys: Key[] = [];
  const files: string[] = [];
  let sep: string | null = null;
  let unique = false;
  let stable = false;
  let zero = false;
  let check = false;
  let quietCheck = false;
  let output: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (inline: string) => (inline !== "" ? inline : (args[++i] ?? ""));
    if (arg === "--") {
      files.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, ""];
      const long: Record<string, string> = {
        "--numeric-sort": "n",
        "--general-numeric-sort": "g",
        "--human-numeric-sort": "h",
        "--version-sort": "V",
        "--month-sort": "M",
        "--ignore-case": "f",
        "--dictionary-order": "d",
        "--ignore-leading-blanks": "b",
        "--reverse": "r",
      };
      if (long[name]) parseKeyOptions(long[name]!, global);
      else if (name === "--unique") unique = true;
      else if (name === "--stable") stable = true;
      else if (name === "--zero-terminated") zero = true;
      else if (name === "--check") check = true;
      else if (name === "--key") {
        const key = parseKey(value(inline));
        if (!key) return fail(`sort: invalid key specification\n`, 2);
        keys.push(key);
      } else if (name === "--field-separator") sep = value(inline);
      else if (name === "--output") output = value(inline);
      else return fail(`sort: unrecognized option '${arg}'\nTry 'sort --help' for more information.\n`, 2);
      continue;
    }
    if (arg.length > 1 && arg.startsWith("-")) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!;
        if ("ngheVMfdbr".includes(c)) parseKeyOptions(c, global);
        else if (c === "u") unique = true;
        else if (c === "s") stable = true;
        else if (c === "z") zero = true;
        else if (c === "c") check = true;
        else if (c === "C") {
          check = true;
          quietCheck = true;
        } else if (c === "R") continue;
        else if (c === "k" || c === "t" || c === "o" || c === "S" || c === "T") {
          const v = value(arg.slice(j + 1));
          if (c === "k") {
            const key = parseKey(v);
            if (!key) return fail(`sort: invalid number at field start: invalid count at start of '${v}'\n`, 2);
            keys.push(key);
          } else if (c === "t") sep = v;
          else if (c === "o") output = v;
          break;
        } else return fail(`sort: invalid option -- '${c}'\nTry 'sort --help' for more information.\n`, 2);
      }
      continue;
    }
    files.push(arg);
  }
  let text = "";
  for (const name of files.length ? files : ["-"]) {
    if (name === "-") {
      text += stdinText(ctx);
      continue;
    }
    const data = await readOperand(ctx, name);
    if (!data) return fail(`sort: cannot read: ${name}: ${await whyUnreadable(ctx, name)}\n`, 2);
    const chunk = utf8.decode(data);
    text += chunk && !chunk.endsWith(zero ? "\0" : "\n") ? chunk + (zero ? "\0" : "\n") : chunk;
  }
  const terminator = zero ? "\0" : "\n";
  const lines = text.split(terminator);
  if (lines[lines.length - 1] === "") lines.pop();
  // A key without its own ordering options inherits the global ones (GNU).
  const hasOwn = (k: Key) => k.numeric || k.general || k.human || k.version || k.month || k.fold || k.dictionary || k.blanks || k.reverse;
  const effective = keys.map((k) => (hasOwn(k) ? k : { ...global, ...k }));
  const compareKeys = (a: string, b: string) => {
    if (!effective.length) return compareBy(a, b, global);
    for (const key of effective) {
      const r = compareBy(keyText(a, key, sep), keyText(b, key, sep), key);
      if (r) return r;
    }
    return 0;
  };
  const compare = (a: string, b: string) => {
    const r = compareKeys(a, b);
    if (r || stable || unique) return r;
    return global.reverse ? -cmp(a, b) : cmp(a, b);
  };
  if (check) {
    for (let i = 1; i < lines.length; i++) {
      const r = compare(lines[i - 1]!, lines[i]!);
      if (r > 0 || (unique && r === 0)) {
        return { stdout: "", stderr: quietCheck ? "" : `sort: ${files[0] ?? "-"}:${i + 1}: disorder: ${lines[i]}\n`, exitCode: 1 };
      }
    }
    return { stdout: "", stderr: "", exitCode: 0 };
  }
  const sorted = lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => compare(a.line, b.line) || a.index - b.index)
    .map((e) => e.line);
  const result = unique ? sorted.filter((line, i) => i === 0 || compareKeys(sorted[i - 1]!, line) !== 0) : sorted;
  const out = result.map((l) => l + terminator).join("");
  if (output !== null) {
    await ctx.fs.writeFile(ctx.fs.resolvePath(ctx.cwd, output), out);
    return { stdout: "", stderr: "", exitCode: 0 };
  }
  return { stdout: out, stderr: "", exitCode: 0 };
});
