// `file`: just-bash's detection with file 5.x's wording (Debian 12), and PNG's dimensions.
import { defineCommand } from "just-bash";
import { readOperand } from "./util.ts";

/** just-bash's description -> file 5.44's, for the kinds agents meet. */
const WORDING: Array<[RegExp, string]> = [
  [/^JSON data$/, "JSON text data"],
  [/^CSV text$/, "ASCII text"],
  [/^UTF-8 Unicode text/, "Unicode text, UTF-8 text"],
  [/^UTF-8 Unicode \(with BOM\) text/, "Unicode text, UTF-8 (with BOM) text"],
];
const PNG_COLOR: Record<number, string> = { 0: "grayscale", 2: "RGB", 3: "colormap", 4: "gray+alpha", 6: "RGBA" };

function png(data: Uint8Array): string | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (data.length < 29 || !signature.every((b, i) => data[i] === b)) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const [width, height, depth, color, interlace] = [view.getUint32(16), view.getUint32(20), data[24]!, data[25]!, data[28]!];
  return `PNG image data, ${width} x ${height}, ${depth}-bit${color === 3 ? " colormap" : `/color ${PNG_COLOR[color] ?? "RGB"}`}, ${interlace ? "interlaced" : "non-interlaced"}`;
}

/** What file(1) says about the bytes of a text-like file: data, ASCII or UTF-8 text. */
function encoding(data: Uint8Array): "data" | "ASCII text" | "Unicode text, UTF-8 text" {
  if (data.includes(0)) return "data";
  if (data.every((b) => b < 0x80)) return "ASCII text";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(data);
    return "Unicode text, UTF-8 text";
  } catch {
    return "data";
  }
}
const TEXT_PREFIX = /^(ASCII text|Unicode text, UTF-8 text)/;

export const file = defineCommand("file", async (args, ctx) => {
  const brief = args.includes("-b") || args.includes("--brief");
  const mime = args.some((a) => a.startsWith("--mime") || a === "-i");
  const result = await ctx.origCommand!(args);
  if (mime) return result;
  const names = args.filter((a) => !a.startsWith("-"));
  const lines = result.stdout.split("\n");
  for (let i = 0; i < lines.length && i < names.length; i++) {
    const line = lines[i]!;
    const at = brief ? 0 : line.indexOf(": ") + 2;
    let description = line.slice(at);
    const data = await readOperand(ctx, names[i]!);
    description = (data && png(data)) ?? WORDING.reduce((text, [from, to]) => text.replace(from, to), description);
    // just-bash reads the file as text; the encoding is decided from the bytes here.
    if (data && TEXT_PREFIX.test(description)) {
      const kind = encoding(data);
      description = kind === "data" ? "data" : description.replace(TEXT_PREFIX, kind);
    }
    lines[i] = line.slice(0, at) + description;
  }
  return { ...result, stdout: lines.join("\n") };
});
