// What a file is, from its name or its first bytes: local output files carry no name in their
// result block, so the chip and the preview sniff the content.

export type FileKind = "image" | "svg" | "pdf" | "csv" | "text" | "binary";

const MIME: Record<FileKind, string> = {
  image: "image/png",
  svg: "image/svg+xml",
  pdf: "application/pdf",
  csv: "text/csv",
  text: "text/plain",
  binary: "application/octet-stream",
};

function startsWith(data: Uint8Array, bytes: number[]): boolean {
  return bytes.every((b, i) => data[i] === b);
}

function imageMime(data: Uint8Array): string | null {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47])) return "image/png";
  if (startsWith(data, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(data, [0x47, 0x49, 0x46, 0x38])) return "image/gif";
  if (startsWith(data, [0x52, 0x49, 0x46, 0x46]) && startsWith(data.subarray(8), [0x57, 0x45, 0x42, 0x50])) return "image/webp";
  return null;
}

/** Decoded text, or null when the bytes are not UTF-8 text. */
export function asText(data: Uint8Array): string | null {
  if (data.subarray(0, 4096).includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return null;
  }
}

export function kindOf(data: Uint8Array, name = ""): { kind: FileKind; mime: string } {
  const image = imageMime(data);
  if (image) return { kind: "image", mime: image };
  if (startsWith(data, [0x25, 0x50, 0x44, 0x46])) return { kind: "pdf", mime: MIME.pdf };
  const text = asText(data);
  if (text === null) return { kind: "binary", mime: MIME.binary };
  if (/\.svg$/i.test(name) || /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(text)) return { kind: "svg", mime: MIME.svg };
  if (/\.(csv|tsv)$/i.test(name) || (!name && looksLikeCsv(text))) return { kind: "csv", mime: MIME.csv };
  return { kind: "text", mime: MIME.text };
}

export function extensionFor(kind: FileKind, mime: string): string {
  if (kind === "image") return `.${mime.split("/")[1] === "jpeg" ? "jpg" : mime.split("/")[1]}`;
  return { svg: ".svg", pdf: ".pdf", csv: ".csv", text: ".txt", binary: ".bin" }[kind];
}

function looksLikeCsv(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l !== "")
    .slice(0, 20);
  if (lines.length < 2) return false;
  const commas = lines.map((l) => l.split(",").length);
  return commas[0]! > 1 && commas.every((n) => n === commas[0]);
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF), capped at `maxRows` rows. */
export function parseCsv(text: string, maxRows = 200): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if ((field !== "" || row.length > 0) && rows.length < maxRows) rows.push([...row, field]);
  return rows;
}

/**
 * Hands bytes to the browser as a download. The blob is always application/octet-stream, whatever
 * the file is: its URL lives in this origin for a while (and in the browser's download list), and
 * a type that browsers never render keeps it a download if someone opens that URL as a page.
 */
export function saveBytes(data: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
