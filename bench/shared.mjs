// Settings and data shared by the Node and Chromium halves of the benchmark.
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
export const CALLS = Number(process.env.BENCH_CALLS ?? 100);
export const FILES = 1000;
export const BIG_BYTES = 20 * 1024 * 1024;

export const fileBytes = (i) => new TextEncoder().encode(`file ${i} of the benchmark container\n`);
export function bigBytes() {
  const big = new Uint8Array(BIG_BYTES);
  for (let i = 0; i < big.length; i++) big[i] = i & 255;
  return big;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
