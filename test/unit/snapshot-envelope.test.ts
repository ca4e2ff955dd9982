// The snapshot envelope on its own: zero pages are left out and come back, odd sizes survive,
// and a damaged page table or body is refused rather than handed to Pyodide.
import { describe, expect, it } from "vitest";
import { openSnapshot, sealSnapshot } from "../../src/worker/snapshot-envelope.ts";

const PAGE = 4096;
const KEY = "pyodide-test-key";

/** An image of `pages` pages (the last one `tail` bytes long) where the listed pages hold bytes. */
function image(pages: number, filled: number[], tail = PAGE): Uint8Array {
  const bytes = new Uint8Array((pages - 1) * PAGE + tail);
  for (const page of filled) {
    for (let i = page * PAGE; i < Math.min(bytes.length, (page + 1) * PAGE); i += 7) bytes[i] = (i * 31 + page) & 255 || 1;
  }
  return bytes;
}

describe("the snapshot envelope", () => {
  const cases: Array<[string, Uint8Array]> = [
    ["zero pages between runs", image(10, [0, 1, 4, 7, 8])],
    ["a last page shorter than a page", image(5, [1, 4], 1000)],
    ["nothing but zeros", image(6, [])],
    ["no zero page at all", image(4, [0, 1, 2, 3], 13)],
    [
      "a single non-zero byte at the very end",
      (() => {
        const b = new Uint8Array(3 * PAGE + 5);
        b[b.length - 1] = 9;
        return b;
      })(),
    ],
    ["an empty image", new Uint8Array(0)],
  ];
  for (const [name, original] of cases) {
    it(`gives back the exact image with ${name}`, () => {
      const sealed = sealSnapshot(KEY, original);
      const opened = openSnapshot(KEY, sealed);
      expect(opened.byteLength).toBe(original.byteLength);
      expect(Buffer.from(opened).equals(Buffer.from(original))).toBe(true);
      expect(opened.byteOffset % 4).toBe(0);
    });
  }

  it("stores only the pages that hold bytes", () => {
    const sparse = sealSnapshot(KEY, image(100, [3, 50]));
    const dense = sealSnapshot(
      KEY,
      image(
        100,
        Array.from({ length: 100 }, (_, i) => i),
      ),
    );
    expect(sparse.byteLength).toBeLessThan(3 * PAGE);
    expect(dense.byteLength).toBeGreaterThan(100 * PAGE);
  });

  it("opens a snapshot that starts at an odd offset of a larger buffer", () => {
    const sealed = sealSnapshot(KEY, image(8, [2, 3, 6], 333));
    const shifted = new Uint8Array(sealed.byteLength + 3);
    shifted.set(sealed, 3);
    expect(Buffer.from(openSnapshot(KEY, shifted.subarray(3))).equals(Buffer.from(image(8, [2, 3, 6], 333)))).toBe(true);
  });

  it("refuses a damaged page table even when the checksum is skipped", () => {
    const sealed = sealSnapshot(KEY, image(10, [1, 5]));
    const table = 6 * 4 + 128; // the first run's first page, after the header and key
    const overlapping = sealed.slice();
    new DataView(overlapping.buffer).setUint32(table + 8, 0, true); // second run starts before the first ends
    expect(() => openSnapshot(KEY, overlapping, { verifyChecksum: false })).toThrow(/page table is damaged/);
    const pastTheEnd = sealed.slice();
    new DataView(pastTheEnd.buffer).setUint32(table + 8, 1000, true);
    expect(() => openSnapshot(KEY, pastTheEnd, { verifyChecksum: false })).toThrow(/page table is damaged/);
    expect(() => openSnapshot(KEY, overlapping)).toThrow(/checksum mismatch/);
  });

  it("refuses other keys, other formats and truncated bytes", () => {
    const sealed = sealSnapshot(KEY, image(4, [1]));
    expect(() => openSnapshot("another-key", sealed)).toThrow(/was made for pyodide-test-key/);
    expect(() => openSnapshot([KEY, "x"], sealed.slice(0, -1))).toThrow(/truncated/);
    const format1 = sealed.slice();
    new DataView(format1.buffer).setUint32(0, 0x53454353, true);
    expect(() => openSnapshot(KEY, format1)).toThrow(/wrong magic number/);
    expect(() => openSnapshot(KEY, new Uint8Array(10))).toThrow(/too short/);
  });
});
