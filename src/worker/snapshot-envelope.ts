// Our envelope around Pyodide's snapshot bytes: the key it was made for, a checksum, and the image
// stored without its all-zero pages. Half of a fresh interpreter's 30 MiB heap is zero pages, so
// the envelope is half the size to store, download and read; opening it rebuilds the image. A
// truncated, corrupted or foreign blob is refused before Pyodide sees it.

const MAGIC = 0x32534543; // "CES2"
const HEADER_WORDS = 6; // magic, key length, checksum, body length, image length, run count
const KEY_BYTES = 128;
const HEADER_BYTES = HEADER_WORDS * 4 + KEY_BYTES;
const PAGE = 4096;

/** Sum-and-multiply checksum over 32-bit words (plus a byte tail). */
export function checksum(bytes: Uint8Array): number {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let a = 1;
  let b = 0;
  for (let i = 0; i < words.length; i++) {
    a = (a + words[i]!) | 0;
    b = (Math.imul(b, 31) + a) | 0;
  }
  for (let i = words.length * 4; i < bytes.byteLength; i++) {
    a = (a + bytes[i]!) | 0;
    b = (Math.imul(b, 31) + a) | 0;
  }
  return (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
}

function isZeroPage(words: Uint32Array, page: number): boolean {
  const end = Math.min(words.length, (page + 1) * (PAGE / 4));
  for (let i = page * (PAGE / 4); i < end; i++) if (words[i] !== 0) return false;
  return true;
}

/** Runs of pages that hold a non-zero byte, as [first page, page count] pairs. */
function nonZeroRuns(image: Uint8Array): Array<[number, number]> {
  const padded = new Uint8Array(Math.ceil(image.byteLength / PAGE) * PAGE);
  padded.set(image);
  const words = new Uint32Array(padded.buffer);
  const runs: Array<[number, number]> = [];
  for (let page = 0; page < padded.byteLength / PAGE; page++) {
    if (isZeroPage(words, page)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === page) last[1]++;
    else runs.push([page, 1]);
  }
  return runs;
}

/** Wraps Pyodide's snapshot bytes in our envelope, leaving out its all-zero pages. */
export function sealSnapshot(key: string, image: Uint8Array): Uint8Array {
  const keyBytes = new TextEncoder().encode(key);
  if (keyBytes.length > KEY_BYTES) throw new Error("snapshot key too long");
  const runs = nonZeroRuns(image);
  const runBytes = (first: number, count: number) => Math.min(count * PAGE, image.byteLength - first * PAGE);
  const dataBytes = runs.reduce((sum, [first, count]) => sum + runBytes(first, count), 0);
  const sealed = new Uint8Array(HEADER_BYTES + runs.length * 8 + dataBytes);
  const body = sealed.subarray(HEADER_BYTES);
  const table = new DataView(body.buffer, body.byteOffset, runs.length * 8);
  let at = runs.length * 8;
  runs.forEach(([first, count], i) => {
    table.setUint32(i * 8, first, true);
    table.setUint32(i * 8 + 4, count, true);
    const length = runBytes(first, count);
    body.set(image.subarray(first * PAGE, first * PAGE + length), at);
    at += length;
  });
  const header = new DataView(sealed.buffer, 0, HEADER_BYTES);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, keyBytes.length, true);
  header.setUint32(8, checksum(body), true);
  header.setUint32(12, body.byteLength, true);
  header.setUint32(16, image.byteLength, true);
  header.setUint32(20, runs.length, true);
  sealed.set(keyBytes, HEADER_WORDS * 4);
  return sealed;
}

/**
 * Pyodide's bytes inside a sealed snapshot made for `key` (or one of `keys`); throws when anything
 * is off. `verifyChecksum: false` skips the one costly check (tens of ms in a fresh worker, whose
 * JS is not optimised yet) for bytes that were checked before they were cached.
 */
export function openSnapshot(key: string | string[], sealed: Uint8Array, { verifyChecksum = true } = {}): Uint8Array {
  if (!(sealed instanceof Uint8Array) || sealed.byteLength < HEADER_BYTES) throw new Error("snapshot is too short");
  const header = new DataView(sealed.buffer, sealed.byteOffset, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) throw new Error("snapshot has the wrong magic number");
  const keyLength = header.getUint32(4, true);
  const storedKey = new TextDecoder().decode(sealed.subarray(HEADER_WORDS * 4, HEADER_WORDS * 4 + Math.min(keyLength, KEY_BYTES)));
  const keys = Array.isArray(key) ? key : [key];
  if (!keys.includes(storedKey)) throw new Error(`snapshot was made for ${storedKey}, not ${keys.join(" or ")}`);
  if (header.getUint32(12, true) !== sealed.byteLength - HEADER_BYTES) throw new Error("snapshot is truncated");
  // The checksum reads 32-bit words: an unaligned body is copied first.
  const body = (sealed.byteOffset + HEADER_BYTES) % 4 === 0 ? sealed.subarray(HEADER_BYTES) : sealed.slice(HEADER_BYTES);
  if (verifyChecksum && checksum(body) !== header.getUint32(8, true)) throw new Error("snapshot checksum mismatch");

  const imageLength = header.getUint32(16, true);
  const runCount = header.getUint32(20, true);
  if (runCount * 8 > body.byteLength) throw new Error("snapshot page table is damaged");
  const table = new DataView(body.buffer, body.byteOffset, runCount * 8);
  // A fresh buffer: zero pages are zero already, and Pyodide reads it through a Uint32Array.
  const image = new Uint8Array(imageLength);
  let at = runCount * 8;
  let nextPage = 0;
  for (let i = 0; i < runCount; i++) {
    const first = table.getUint32(i * 8, true);
    const count = table.getUint32(i * 8 + 4, true);
    const start = first * PAGE;
    const length = Math.min(count * PAGE, imageLength - start);
    if (first < nextPage || count === 0 || length <= 0 || at + length > body.byteLength) throw new Error("snapshot page table is damaged");
    image.set(body.subarray(at, at + length), start);
    at += length;
    nextPage = first + count;
  }
  if (at !== body.byteLength) throw new Error("snapshot page table is damaged");
  return image;
}
