// Helpers shared by the command overrides in this folder.
import type { ExecResult, ResolvedCommandContext } from "just-bash";

export type Ctx = ResolvedCommandContext;

export const ok = (stdout: string, stderr = ""): ExecResult => ({ stdout, stderr, exitCode: 0 });
export const fail = (stderr: string, exitCode = 1, stdout = ""): ExecResult => ({ stdout, stderr, exitCode });

/** Output that is raw bytes, one char per byte (binary data passes pipes and redirects unchanged). */
export const bytesResult = (bytes: Uint8Array, stderr = "", exitCode = 0): ExecResult => ({
  stdout: latin1Of(bytes),
  stderr,
  exitCode,
  stdoutKind: "bytes",
});

export function latin1Of(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

// just-bash hands stdin over as a latin1 "byte string" (one char per byte); its browser bundle
// does not export the helpers that read it, so it is read here as python-command.ts does.
export const stdinText = (ctx: Ctx): string => utf8.decode(stdinBytes(ctx));
export function stdinBytes(ctx: Ctx): Uint8Array {
  const text = String(ctx.stdin ?? "");
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The bytes of a file operand, or of stdin for "-" (or no operand). Null when it cannot be read. */
export async function readOperand(ctx: Ctx, name: string | undefined): Promise<Uint8Array | null> {
  if (name === undefined || name === "-") return stdinBytes(ctx);
  try {
    return await ctx.fs.readFileBuffer(ctx.fs.resolvePath(ctx.cwd, name));
  } catch {
    return null;
  }
}

/** GNU's wording for the errors agents see most. */
export async function whyUnreadable(ctx: Ctx, name: string): Promise<string> {
  const path = ctx.fs.resolvePath(ctx.cwd, name);
  if (!(await ctx.fs.exists(path))) return "No such file or directory";
  const st = await ctx.fs.stat(path);
  return st.isDirectory ? "Is a directory" : "Permission denied";
}

export const utf8 = new TextDecoder();
export const utf8Encode = (text: string) => new TextEncoder().encode(text);

/**
 * Splits GNU-style arguments: short flags may be grouped ("-rn"), flags in `withValue` take the
 * rest of their group or the next argument ("-n5", "-n 5"), long options keep "=value".
 * Everything after "--" is an operand.
 */
export function parseArgs(
  args: string[],
  withValue: string,
  longWithValue: string[] = [],
): { flags: Map<string, string | true>; operands: string[]; bad?: string } {
  const flags = new Map<string, string | true>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (eq >= 0) flags.set(name, arg.slice(eq + 1));
      else if (longWithValue.includes(name)) flags.set(name, args[++i] ?? "");
      else flags.set(name, true);
      continue;
    }
    if (arg.length > 1 && arg.startsWith("-")) {
      for (let j = 1; j < arg.length; j++) {
        const flag = arg[j]!;
        if (withValue.includes(flag)) {
          const rest = arg.slice(j + 1);
          flags.set(`-${flag}`, rest !== "" ? rest : (args[++i] ?? ""));
          break;
        }
        flags.set(`-${flag}`, true);
      }
      continue;
    }
    operands.push(arg);
  }
  return { flags, operands };
}
