// POSIX basic / extended and Perl-style patterns translated to JavaScript regular expressions.
const CLASSES: Record<string, string> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "A-Za-z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  word: "A-Za-z0-9_",
  cntrl: "\\x00-\\x1f\\x7f",
  print: " -~",
  graph: "!-~",
};

/** A bracket expression starting at `start` ("["); returns its JS form and the index after it. */
function bracket(src: string, start: number): [string, number] {
  let i = start + 1;
  let out = "[";
  if (src[i] === "^") {
    out += "^";
    i++;
  }
  if (src[i] === "]") {
    out += "\\]";
    i++;
  }
  while (i < src.length && src[i] !== "]") {
    if (src.startsWith("[:", i)) {
      const end = src.indexOf(":]", i + 2);
      const name = end > 0 ? src.slice(i + 2, end) : "";
      if (CLASSES[name] !== undefined) {
        out += CLASSES[name];
        i = end + 2;
        continue;
      }
    }
    const c = src[i]!;
    out += c === "\\" || c === "[" ? `\\${c}` : c;
    i++;
  }
  return i < src.length ? [`${out}]`, i + 1] : [`\\[${src.slice(start + 1)}`, src.length];
}

export type Syntax = "basic" | "extended" | "perl" | "fixed";

export function toJsSource(pattern: string, syntax: Syntax): string {
  if (syntax === "fixed") return pattern.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  if (syntax === "perl") {
    return pattern
      .replace(/\(\?P</g, "(?<")
      .replace(/\\A/g, "^")
      .replace(/\\[zZ]/g, "$")
      .replace(/\\h/g, "[ \\t]");
  }
  const basic = syntax === "basic";
  let out = "";
  let atStart = true;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "[") {
      const [cls, next] = bracket(pattern, i);
      out += cls;
      i = next - 1;
      atStart = false;
      continue;
    }
    if (c === "\\" && i + 1 < pattern.length) {
      const n = pattern[++i]!;
      if (n === "<" || n === ">") out += "\\b";
      else if (basic && "(){}|+?".includes(n)) out += n;
      else if ("wWsSbB".includes(n) || /\d/.test(n)) out += `\\${n}`;
      else out += `\\${n.replace(/[A-Za-z]/, (x) => x)}`; // \. \* \/ and the like stay escaped
      atStart = basic && n === "(" ? true : basic && n === "|";
      continue;
    }
    if (basic && "(){}|+?".includes(c)) out += `\\${c}`;
    else if (c === "*" && atStart) out += "\\*";
    else if (c === "{" && !/^\{\d*(,\d*)?\}/.test(pattern.slice(i))) out += "\\{";
    else if (c === "}" && !basic && !/\{\d*(,\d*)?$/.test(pattern.slice(0, i))) out += "\\}";
    else if (c === "/") out += "\\/";
    else out += c;
    atStart = !basic && (c === "(" || c === "|");
    if (c === "^" && out.length === 1) atStart = true;
  }
  return out;
}
