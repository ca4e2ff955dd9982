// `cksum`: POSIX CRC-32 and byte count.
import { defineCommand } from "just-bash";
import { readOperand, whyUnreadable } from "./util.ts";

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 24;
  for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  return c >>> 0;
});

function crc(bytes: Uint8Array): number {
  let c = 0;
  const step = (byte: number) => (c = ((c << 8) ^ TABLE[((c >>> 24) ^ byte) & 0xff]!) >>> 0);
  for (const byte of bytes) step(byte);
  for (let len = bytes.length; len > 0; len = Math.floor(len / 256)) step(len & 0xff);
  return ~c >>> 0;
}

export const cksum = defineCommand("cksum", async (args, ctx) => {
  const names = args.length ? args : [undefined];
  let stdout = "";
  let stderr = "";
  for (const name of names) {
    const data = await readOperand(ctx, name);
    if (!data) {
      stderr += `cksum: ${name}: ${await whyUnreadable(ctx, name!)}\n`;
      continue;
    }
    stdout += `${crc(data)} ${data.length}${name === undefined ? "" : ` ${name}`}\n`;
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
});
