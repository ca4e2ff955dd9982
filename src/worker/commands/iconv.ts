// `iconv`: conversions between UTF-8, UTF-16, Latin-1 and ASCII (the encodings agents meet).
import { defineCommand } from "just-bash";
import { bytesResult, fail, parseArgs, readOperand, whyUnreadable } from "./util.ts";

const canonical = (name: string) =>
  name
    .toLowerCase()
    .replace(/\/\/.*$/, "")
    .replace(/[^a-z0-9]/g, "");
const LATIN1 = new Set(["latin1", "iso88591", "l1", "iso885915", "cp819"]);

function decode(bytes: Uint8Array, from: string): string | null {
  if (LATIN1.has(from)) return String.fromCharCode(...bytes);
  if (from === "ascii" || from === "usascii") return bytes.every((b) => b < 0x80) ? String.fromCharCode(...bytes) : null;
  const label = {
    utf8: "utf-8",
    utf16: "utf-16",
    utf16le: "utf-16le",
    utf16be: "utf-16be",
    cp1252: "windows-1252",
    windows1252: "windows-1252",
  }[from];
  if (!label) return null;
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function encode(text: string, to: string, translit: boolean): Uint8Array | null {
  if (to === "utf8") return new TextEncoder().encode(text);
  const limit = LATIN1.has(to) ? 0xff : to === "ascii" || to === "usascii" ? 0x7f : -1;
  if (limit > 0) {
    const out: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code <= limit) out.push(code);
      else if (translit) out.push(63);
      else return null;
    }
    return Uint8Array.from(out);
  }
  if (to === "utf16le" || to === "utf16") {
    const out = new Uint8Array(text.length * 2 + (to === "utf16" ? 2 : 0));
    let at = 0;
    if (to === "utf16") {
      out[0] = 0xff;
      out[1] = 0xfe;
      at = 2;
    }
    for (let i = 0; i < text.length; i++, at += 2) {
      out[at] = text.charCodeAt(i) & 0xff;
      out[at + 1] = text.charCodeAt(i) >> 8;
    }
    return out;
  }
  return null;
}

export const iconv = defineCommand("iconv", async (args, ctx) => {
  const { flags, operands } = parseArgs(args, "ft", ["--from-code", "--to-code"]);
  const fromRaw = String(flags.get("-f") ?? flags.get("--from-code") ?? "utf-8");
  const toRaw = String(flags.get("-t") ?? flags.get("--to-code") ?? "utf-8");
  const [from, to] = [canonical(fromRaw), canonical(toRaw)];
  const data = await readOperand(ctx, operands[0]);
  if (!data) return fail(`iconv: cannot open input file \`${operands[0]}': ${await whyUnreadable(ctx, operands[0]!)}\n`);
  const text = decode(data, from);
  if (text === null)
    return fail(
      `iconv: ${decode(new Uint8Array(), from) === null ? `conversion from \`${fromRaw}' unsupported` : "illegal input sequence"}\n`,
    );
  const out = encode(text, to, /\/\/TRANSLIT/i.test(toRaw));
  if (out === null) return fail(`iconv: ${encode("", to, false) === null ? `conversion to \`${toRaw}' unsupported` : "cannot convert"}\n`);
  return bytesResult(out);
});
