// `printf`: just-bash's, with \xHH and \NNN escapes in the format written as raw bytes (as bash
// does: printf '\x89PNG' makes a PNG signature) instead of the characters U+0080..U+00FF.
import { defineCommand } from "just-bash";
import { bytesResult, utf8Encode } from "./util.ts";

/** Private-use characters stand in for raw bytes while just-bash formats the text. */
const MARK = 0xf700;
const HIGH_ESCAPE = /\\(?:x([89a-fA-F][0-9a-fA-F])|([23][0-7]{2}))/g;

export const printf = defineCommand("printf", async (args, ctx) => {
  const formatAt = args[0] === "--" ? 1 : 0;
  const format = args[formatAt];
  if (args[0] === "-v" || format === undefined || !HIGH_ESCAPE.test(format)) return ctx.origCommand!(args);
  const marked = format.replace(HIGH_ESCAPE, (_, hex: string | undefined, octal: string | undefined) =>
    String.fromCharCode(MARK + (hex !== undefined ? parseInt(hex, 16) : parseInt(octal!, 8))),
  );
  const result = await ctx.origCommand!([...args.slice(0, formatAt), marked, ...args.slice(formatAt + 1)]);
  const bytes: number[] = [];
  for (const ch of result.stdout) {
    const code = ch.codePointAt(0)!;
    if (code >= MARK + 0x80 && code <= MARK + 0xff) bytes.push(code - MARK);
    else bytes.push(...utf8Encode(ch));
  }
  return bytesResult(Uint8Array.from(bytes), result.stderr, result.exitCode);
});
