// `grep` as GNU grep prints it: -r with ./ paths, several -e patterns, -E -F -P (lookbehind,
// \d), -n -c -l -L -o -v -i -w -x -h -H -q -s -m, -A -B -C with "--" between groups,
// --include/--exclude/--exclude-dir, "Binary file x matches", exit codes 0/1/2.
import { defineCommand } from "just-bash";
import { byteOrder } from "./ls.ts";
import { toJsSource, type Syntax } from "./regex.ts";
import { readOperand, stdinBytes, utf8 } from "./util.ts";

interface Options {
  invert: boolean;
  count: boolean;
  filesWith: boolean;
  filesWithout: boolean;
  onlyMatching: boolean;
  lineNumbers: boolean;
  quiet: boolean;
  silent: boolean;
  maxCount: number;
  after: number;
  before: number;
  withName: boolean | null;
  text: boolean;
  skipBinary: boolean;
}

const globToRegExp = (glob: string) =>
  new RegExp(
    "^" +
      glob
        .replace(/[.+^${}()|\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".") +
      "$",
  );

const VALUE_FLAGS = "efmABCd";
const LONG_VALUE = [
  "--regexp",
  "--file",
  "--max-count",
  "--after-context",
  "--before-context",
  "--context",
  "--include",
  "--exclude",
  "--exclude-dir",
  "--color",
  "--colour",
  "--label",
];

export const grep = defineCommand("grep", async (args, ctx) => {
  const patterns: string[] = [];
  const operands: string[] = [];
  const includes: RegExp[] = [];
  const excludes: RegExp[] = [];
  const excludeDirs: RegExp[] = [];
  let syntax: Syntax = "basic";
  let ignoreCase = false;
  let word = false;
  let wholeLine = false;
  let recursive = false;
  let patternGiven = false;
  /** -A/-B/-C given (even 0): groups are separated by "--". */
  let context = false;
  const o: Options = {
    invert: false,
    count: false,
    filesWith: false,
    filesWithout: false,
    onlyMatching: false,
    lineNumbers: false,
    quiet: false,
    silent: false,
    maxCount: Infinity,
    after: 0,
    before: 0,
    withName: null,
    text: false,
    skipBinary: false,
  };
  const usage = (msg: string) => ({
    stdout: "",
    stderr: `${msg}Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`,
    exitCode: 2,
  });

  const apply = async (flag: string, value: string): Promise<string | null> => {
    if (["A", "B", "C", "--after-context", "--before-context", "--context"].includes(flag)) context = true;
    switch (flag) {
      case "e":
      case "--regexp":
        patterns.push(...value.split("\n"));
        patternGiven = true;
        break;
      case "f":
      case "--file": {
        const data = await readOperand(ctx, value);
        if (!data) return `grep: ${value}: No such file or directory\n`;
        patterns.push(...utf8.decode(data).replace(/\n$/, "").split("\n"));
        patternGiven = true;
        break;
      }
      case "m":
      case "--max-count":
        o.maxCount = Number(value);
        break;
      case "A":
      case "--after-context":
        o.after = Number(value);
        break;
      case "B":
      case "--before-context":
        o.before = Number(value);
        break;
      case "C":
      case "--context":
        o.after = o.before = Number(value);
        break;
      case "--include":
        includes.push(globToRegExp(value));
        break;
      case "--exclude":
        excludes.push(globToRegExp(value));
        break;
      case "--exclude-dir":
        excludeDirs.push(globToRegExp(value));
        break;
      case "E":
      case "--extended-regexp":
        syntax = "extended";
        break;
      case "F":
      case "--fixed-strings":
        syntax = "fixed";
        break;
      case "G":
      case "--basic-regexp":
        syntax = "basic";
        break;
      case "P":
      case "--perl-regexp":
        syntax = "perl";
        break;
      case "i":
      case "y":
      case "--ignore-case":
        ignoreCase = true;
        break;
      case "--no-ignore-case":
        ignoreCase = false;
        break;
      case "w":
      case "--word-regexp":
        word = true;
        break;
      case "x":
      case "--line-regexp":
        wholeLine = true;
        break;
      case "r":
      case "R":
      case "--recursive":
      case "--dereference-recursive":
        recursive = true;
        break;
      case "v":
      case "--invert-match":
        o.invert = true;
        break;
      case "c":
      case "--count":
        o.count = true;
        break;
      case "l":
      case "--files-with-matches":
        o.filesWith = true;
        break;
      case "L":
      case "--files-without-match":
        o.filesWithout = true;
        break;
      case "o":
      case "--only-matching":
        o.onlyMatching = true;
        break;
      case "n":
      case "--line-number":
        o.lineNumbers = true;
        break;
      case "q":
      case "--quiet":
      case "--silent":
        o.quiet = true;
        break;
      case "s":
      case "--no-messages":
        o.silent = true;
        break;
      case "h":
      case "--no-filename":
        o.withName = false;
        break;
      case "H":
      case "--with-filename":
        o.withName = true;
        break;
      case "a":
      case "--text":
        o.text = true;
        break;
      case "I":
        o.skipBinary = true;
        break;
      case "--color":
      case "--colour":
      case "U":
      case "--label":
      case "--line-buffered":
      case "d":
        break;
      default:
        return `grep: invalid option -- '${flag.replace(/^-+/, "")}'\n`;
    }
    return null;
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg : arg.slice(0, eq);
      const value = eq >= 0 ? arg.slice(eq + 1) : LONG_VALUE.includes(name) && !name.startsWith("--colo") ? (args[++i] ?? "") : "";
      const error = await apply(name, value);
      if (error) return usage(error.replace(/invalid option -- '(.*)'/, "unrecognized option '--$1'"));
      continue;
    }
    if (arg.length > 1 && arg.startsWith("-")) {
      if (/^-\d+$/.test(arg)) {
        o.after = o.before = Number(arg.slice(1));
        context = true;
        continue;
      }
      for (let j = 1; j < arg.length; j++) {
        const flag = arg[j]!;
        if (VALUE_FLAGS.includes(flag)) {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : (args[++i] ?? "");
          const error = await apply(flag, value);
          if (error) return { stdout: "", stderr: error, exitCode: 2 };
          break;
        }
        const error = await apply(flag, "");
        if (error) return usage(error);
      }
      continue;
    }
    operands.push(arg);
  }
  if (!patternGiven) {
    if (!operands.length) return usage("");
    patterns.push(operands.shift()!);
  }

  let matcher: RegExp;
  try {
    const alternatives = patterns.map((p) => toJsSource(p, syntax));
    let source = alternatives.length === 1 ? alternatives[0]! : alternatives.map((a) => `(?:${a})`).join("|");
    if (word) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
    if (wholeLine) source = `^(?:${source})$`;
    matcher = new RegExp(source, ignoreCase ? "gi" : "g");
  } catch {
    return {
      stdout: "",
      stderr: (syntax as Syntax) === "perl" ? "grep: unmatched parentheses or invalid pattern\n" : "grep: Unmatched ( or \\(\n",
      exitCode: 2,
    };
  }

  // Files to search: operands, or "." (shown without "./") under -r, or stdin.
  const targets: Array<{ shown: string; path: string | null }> = [];
  let stderr = "";
  let hadError = false;
  const walk = async (path: string, shown: string) => {
    const names = (await ctx.fs.readdir(path)).filter((n) => n !== "." && n !== "..").sort(byteOrder);
    for (const name of names) {
      const child = `${path === "/" ? "" : path}/${name}`;
      const childShown = shown === "" ? name : `${shown.replace(/\/$/, "")}/${name}`;
      const st = await ctx.fs.lstat(child).catch(() => null);
      if (!st || st.isSymbolicLink) continue;
      if (st.isDirectory) {
        if (!excludeDirs.some((re) => re.test(name))) await walk(child, childShown);
      } else if ((!includes.length || includes.some((re) => re.test(name))) && !excludes.some((re) => re.test(name))) {
        targets.push({ shown: childShown, path: child });
      }
    }
  };
  const names = operands.length ? operands : recursive ? [""] : ["-"];
  for (const name of names) {
    if (name === "-") {
      targets.push({ shown: "(standard input)", path: null });
      continue;
    }
    const path = ctx.fs.resolvePath(ctx.cwd, name || ".");
    const st = await ctx.fs.stat(path).catch(() => null);
    if (!st) {
      if (!o.silent) stderr += `grep: ${name}: No such file or directory\n`;
      hadError = true;
    } else if (st.isDirectory) {
      if (recursive) await walk(path, name);
      else {
        if (!o.silent) stderr += `grep: ${name}: Is a directory\n`;
        hadError = true;
      }
    } else targets.push({ shown: name, path });
  }
  const withName = o.withName ?? (recursive || targets.length > 1);

  let out = "";
  let anySelected = false;
  for (const target of targets) {
    const data = target.path === null ? stdinBytes(ctx) : await ctx.fs.readFileBuffer(target.path);
    const binary = !o.text && data.includes(0);
    if (binary && o.skipBinary) continue;
    const text = utf8.decode(data);
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const prefix = (n: number, sep: string) => (withName ? target.shown + sep : "") + (o.lineNumbers ? n + sep : "");
    let selected = 0;
    let lastPrinted = -1;
    let afterLeft = 0;
    let fileOut = "";
    for (let i = 0; i < lines.length && selected < o.maxCount; i++) {
      const line = lines[i]!;
      matcher.lastIndex = 0;
      const hit = matcher.test(line) !== o.invert;
      if (!hit) {
        if (afterLeft > 0) {
          fileOut += `${prefix(i + 1, "-") + line}\n`;
          lastPrinted = i;
          afterLeft--;
        }
        continue;
      }
      selected++;
      if (o.quiet || o.count || o.filesWith || o.filesWithout || binary) continue;
      if (context) {
        const from = Math.max(lastPrinted + 1, i - o.before);
        if (lastPrinted >= 0 && from > lastPrinted + 1) fileOut += "--\n";
        else if (lastPrinted < 0 && out !== "" && from >= 0) fileOut += "--\n";
        for (let j = from; j < i; j++) fileOut += `${prefix(j + 1, "-") + lines[j]}\n`;
      }
      if (o.onlyMatching && !o.invert) {
        matcher.lastIndex = 0;
        for (let m = matcher.exec(line); m; m = matcher.exec(line)) {
          if (m[0] === "") {
            matcher.lastIndex++;
            continue;
          }
          fileOut += `${prefix(i + 1, ":") + m[0]}\n`;
        }
      } else if (!o.onlyMatching) fileOut += `${prefix(i + 1, ":") + line}\n`;
      lastPrinted = i;
      afterLeft = o.after;
    }
    // Context lines after the last selected one, up to -A.
    for (let i = lastPrinted + 1; afterLeft > 0 && i < lines.length && selected >= o.maxCount; i++, afterLeft--) {
      fileOut += `${prefix(i + 1, "-") + lines[i]}\n`;
    }
    if (selected) anySelected = true;
    if (o.quiet) {
      if (selected) break;
      continue;
    }
    if (o.count) out += `${(withName ? `${target.shown}:` : "") + selected}\n`;
    else if (o.filesWith) out += selected ? `${target.shown}\n` : "";
    else if (o.filesWithout) out += selected ? "" : `${target.shown}\n`;
    else if (binary) out += selected ? `Binary file ${target.shown} matches\n` : "";
    else out += fileOut;
  }
  const exitCode = hadError && !(o.quiet && anySelected) ? 2 : (o.filesWithout ? out !== "" : anySelected) ? 0 : 1;
  return { stdout: out, stderr, exitCode };
});
