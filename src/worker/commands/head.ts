// `head`: just-bash's, plus GNU's "all but the last N" (-n -N, -c -N), and the endless devices
// (/dev/zero, /dev/urandom), which it would try to read whole.
import { defineCommand } from "just-bash";
import { bytesResult, readOperand, whyUnreadable } from "./util.ts";

const DEVICES: Record<string, (n: number) => Uint8Array> = {
  "/dev/zero": (n) => new Uint8Array(n),
  "/dev/urandom": randomBytes,
  "/dev/random": randomBytes,
};
const DEVICE_READ_CAP = 64 * 1024 * 1024;

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += 65536) crypto.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
  return out;
}

/** `head -c N /dev/zero` and the like: N bytes (lines of /dev/urandom are rarely asked for). */
function fromDevice(args: string[], device: (n: number) => Uint8Array) {
  const joined = args
    .map((a, i) => (a === "-c" || a === "-n" ? a + (args[i + 1] ?? "") : a))
    .find((a) => /^-[cn]\d+[KkMm]?$/.test(a) || /^--bytes=\d+$/.test(a));
  const m = joined ? /(\d+)([KkMm]?)$/.exec(joined) : null;
  if (!m || joined!.startsWith("-n")) return null;
  const n = Number(m[1]) * ({ K: 1024, k: 1024, M: 1024 ** 2, m: 1024 ** 2 }[m[2]!] ?? 1);
  return bytesResult(device(Math.min(n, DEVICE_READ_CAP)));
}

export const head = defineCommand("head", async (args, ctx) => {
  const devicePath = args.find((a) => a in DEVICES);
  if (devicePath) {
    const result = fromDevice(args, DEVICES[devicePath]!);
    if (result) return result;
  }
  let negative: { count: number; bytes: boolean } | null = null;
  const files: string[] = [];
  let quiet = false;
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const joined = /^-([nc])(-\d+)$/.exec(arg) ?? /^--(lines|bytes)=(-\d+)$/.exec(arg);
    const split = (arg === "-n" || arg === "-c") && /^-\d+$/.test(args[i + 1] ?? "") ? [arg, arg[1]!, args[++i]!] : null;
    const match = joined ?? split;
    if (match) negative = { count: -Number(match[2]), bytes: match[1] === "c" || match[1] === "bytes" };
    else if (arg === "-q") quiet = true;
    else if (arg === "-v") verbose = true;
    else if (!arg.startsWith("-") || arg === "-") files.push(arg);
    else if (arg === "-n" || arg === "-c") i++;
  }
  if (!negative) return ctx.origCommand!(args);
  const names = files.length ? files : ["-"];
  const chunks: Uint8Array[] = [];
  let stderr = "";
  for (const [index, name] of names.entries()) {
    const data = await readOperand(ctx, name);
    if (!data) {
      stderr += `head: cannot open '${name}' for reading: ${await whyUnreadable(ctx, name)}\n`;
      continue;
    }
    if ((names.length > 1 && !quiet) || verbose)
      chunks.push(new TextEncoder().encode(`${index ? "\n" : ""}==> ${name === "-" ? "standard input" : name} <==\n`));
    if (negative.bytes) chunks.push(data.subarray(0, Math.max(0, data.length - negative.count)));
    else {
      const ends: number[] = [];
      data.forEach((b, i) => {
        if (b === 10) ends.push(i + 1);
      });
      if (data.length && data[data.length - 1] !== 10) ends.push(data.length);
      const keep = ends.length - negative.count;
      chunks.push(data.subarray(0, keep > 0 ? ends[keep - 1] : 0));
    }
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return bytesResult(out, stderr, stderr ? 1 : 0);
});
