// `diff` as GNU diffutils prints it: the normal format by default ("2c2", "< a", "---", "> b"),
// -u / -U N unified with file headers and times, -q, -s, -i, -w, -b, -B and exit codes 0/1/2.
import { defineCommand } from "just-bash";
import { parseArgs, readOperand, utf8, whyUnreadable, type Ctx } from "./util.ts";

type Op = { kind: "same" | "del" | "add"; a: number; b: number };

/** Longest common subsequence of lines (after trimming common ends), as an edit script. */
function editScript(a: string[], b: string[], equal: (x: string, y: string) => boolean): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && equal(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && equal(a[endA - 1]!, b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: "same", a: i, b: i });
  if (n * m > 25_000_000) {
    for (let i = start; i < endA; i++) ops.push({ kind: "del", a: i, b: start });
    for (let j = start; j < endB; j++) ops.push({ kind: "add", a: endA, b: j });
  } else {
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = equal(a[start + i]!, b[start + j]!)
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && equal(a[start + i]!, b[start + j]!)) ops.push({ kind: "same", a: start + i++, b: start + j++ });
      else if (j < m && (i === n || lcs[i * width + j + 1]! >= lcs[(i + 1) * width + j]!))
        ops.push({ kind: "add", a: start + i, b: start + j++ });
      else ops.push({ kind: "del", a: start + i++, b: start + j });
    }
  }
  for (let k = 0; endA + k < a.length; k++) ops.push({ kind: "same", a: endA + k, b: endB + k });
  // Within a change, GNU lists every deleted line before the added ones.
  const ordered: Op[] = [];
  for (let k = 0; k < ops.length; ) {
    if (ops[k]!.kind === "same") {
      ordered.push(ops[k++]!);
      continue;
    }
    const run: Op[] = [];
    while (k < ops.length && ops[k]!.kind !== "same") run.push(ops[k++]!);
    ordered.push(...run.filter((o) => o.kind === "del"), ...run.filter((o) => o.kind === "add"));
  }
  return ordered;
}

const range = (from: number, count: number) => (count <= 1 ? String(from + (count === 0 ? 0 : 0)) : `${from},${from + count - 1}`);
const noNewline = "\\ No newline at end of file\n";

function normal(ops: Op[], a: string[], b: string[], aEndsClean: boolean, bEndsClean: boolean): string {
  let out = "";
  for (let k = 0; k < ops.length; ) {
    if (ops[k]!.kind === "same") {
      k++;
      continue;
    }
    const dels: Op[] = [];
    const adds: Op[] = [];
    const first = ops[k]!;
    while (k < ops.length && ops[k]!.kind !== "same") (ops[k]!.kind === "del" ? dels : adds).push(ops[k++]!);
    const aFrom = dels.length ? dels[0]!.a + 1 : first.a;
    const bFrom = adds.length ? adds[0]!.b + 1 : first.b;
    const kind = dels.length && adds.length ? "c" : dels.length ? "d" : "a";
    out += `${dels.length ? range(aFrom, dels.length) : aFrom}${kind}${adds.length ? range(bFrom, adds.length) : bFrom}\n`;
    for (const d of dels) out += `< ${a[d.a]}\n${d.a === a.length - 1 && !aEndsClean ? noNewline : ""}`;
    if (dels.length && adds.length) out += "---\n";
    for (const d of adds) out += `> ${b[d.b]}\n${d.b === b.length - 1 && !bEndsClean ? noNewline : ""}`;
  }
  return out;
}

function unified(ops: Op[], a: string[], b: string[], context: number, aEndsClean: boolean, bEndsClean: boolean): string {
  let out = "";
  const changed = ops.map((o) => o.kind !== "same");
  for (let k = 0; k < ops.length; ) {
    if (!changed[k]) {
      k++;
      continue;
    }
    let from = Math.max(0, k - context);
    let to = k;
    // Extend the hunk while the next change is within 2*context lines.
    for (;;) {
      while (to < ops.length && changed[to]) to++;
      let next = to;
      while (next < ops.length && !changed[next]) next++;
      if (next < ops.length && next - to <= 2 * context) to = next;
      else break;
    }
    const end = Math.min(ops.length, to + context);
    const hunk = ops.slice(from, end);
    const aLines = hunk.filter((o) => o.kind !== "add");
    const bLines = hunk.filter((o) => o.kind !== "del");
    const aStart = aLines.length ? aLines[0]!.a + 1 : hunk[0]!.a;
    const bStart = bLines.length ? bLines[0]!.b + 1 : hunk[0]!.b;
    const span = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);
    out += `@@ -${span(aStart, aLines.length)} +${span(bStart, bLines.length)} @@\n`;
    for (const o of hunk) {
      if (o.kind === "same") out += ` ${a[o.a]}\n${o.a === a.length - 1 && !aEndsClean ? noNewline : ""}`;
      else if (o.kind === "del") out += `-${a[o.a]}\n${o.a === a.length - 1 && !aEndsClean ? noNewline : ""}`;
      else out += `+${b[o.b]}\n${o.b === b.length - 1 && !bEndsClean ? noNewline : ""}`;
    }
    k = end;
    from = end;
  }
  return out;
}

async function header(ctx: Ctx, marker: string, name: string): Promise<string> {
  let when = new Date();
  if (name !== "-") when = (await ctx.fs.stat(ctx.fs.resolvePath(ctx.cwd, name))).mtime;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const stamp = `${when.getUTCFullYear()}-${pad(when.getUTCMonth() + 1)}-${pad(when.getUTCDate())} ${pad(when.getUTCHours())}:${pad(when.getUTCMinutes())}:${pad(when.getUTCSeconds())}.${pad(when.getUTCMilliseconds(), 3)}000000 +0000`;
  return `${marker} ${name}\t${stamp}\n`;
}

const splitLines = (text: string) => {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
};

export const diff = defineCommand("diff", async (args, ctx) => {
  const { flags, operands } = parseArgs(args, "U", ["--unified"]);
  if (operands.length !== 2) {
    return {
      stdout: "",
      stderr: `diff: ${operands.length < 2 ? `missing operand after '${operands[0] ?? "diff"}'` : `extra operand '${operands[2]}'`}\ndiff: Try 'diff --help' for more information.\n`,
      exitCode: 2,
    };
  }
  const [nameA, nameB] = operands as [string, string];
  const dataA = await readOperand(ctx, nameA);
  const dataB = await readOperand(ctx, nameB);
  for (const [name, data] of [
    [nameA, dataA],
    [nameB, dataB],
  ] as const) {
    if (!data) return { stdout: "", stderr: `diff: ${name}: ${await whyUnreadable(ctx, name)}\n`, exitCode: 2 };
  }
  const [textA, textB] = [utf8.decode(dataA!), utf8.decode(dataB!)];
  const a = splitLines(textA);
  const b = splitLines(textB);
  const fold = (line: string) => {
    let l = line;
    if (flags.has("-i") || flags.has("--ignore-case")) l = l.toLowerCase();
    if (flags.has("-w") || flags.has("--ignore-all-space")) l = l.replace(/\s+/g, "");
    else if (flags.has("-b") || flags.has("--ignore-space-change")) l = l.replace(/\s+/g, " ").replace(/ $/, "");
    return l;
  };
  let ops = editScript(a, b, (x, y) => fold(x) === fold(y));
  if (flags.has("-B") || flags.has("--ignore-blank-lines")) {
    ops = ops
      .map((o) => ((o.kind === "del" && a[o.a] === "") || (o.kind === "add" && b[o.b] === "") ? { ...o, kind: "same" as const } : o))
      .filter((o, i, all) => o.kind !== "same" || all.indexOf(o) === i);
  }
  const differ =
    ops.some((o) => o.kind !== "same") ||
    (textA.endsWith("\n") !== textB.endsWith("\n") && a.length > 0 && b.length > 0 && a.length === b.length);
  if (!differ) {
    const same = flags.has("-s") || flags.has("--report-identical-files");
    return { stdout: same ? `Files ${nameA} and ${nameB} are identical\n` : "", stderr: "", exitCode: 0 };
  }
  if (flags.has("-q") || flags.has("--brief")) return { stdout: `Files ${nameA} and ${nameB} differ\n`, stderr: "", exitCode: 1 };
  const contextFlag = flags.get("-U") ?? flags.get("--unified");
  const isUnified = flags.has("-u") || contextFlag !== undefined;
  const aClean = textA === "" || textA.endsWith("\n");
  const bClean = textB === "" || textB.endsWith("\n");
  if (isUnified) {
    const context = typeof contextFlag === "string" && contextFlag !== "" ? Number(contextFlag) : 3;
    const body = unified(ops, a, b, context, aClean, bClean);
    return { stdout: (await header(ctx, "---", nameA)) + (await header(ctx, "+++", nameB)) + body, stderr: "", exitCode: 1 };
  }
  return { stdout: normal(ops, a, b, aClean, bClean), stderr: "", exitCode: 1 };
});
