// Budgets, their defaults and the output-truncation rule: shared by the worker and the container.

/** Per-call budgets. Every field is optional when passed to createContainer. */
export interface Limits {
  /** Wall time of one call, in milliseconds. */
  timeoutMs: number;
  /** Cap on the Python heap (wasm linear memory), in bytes. */
  memoryBytes: number;
  /** Cap on stdout and on stderr of one call, each, in bytes. */
  outputBytes: number;
  /** Cap on all user files of the container together, in bytes. */
  diskBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  timeoutMs: 90_000,
  memoryBytes: 1024 ** 3,
  outputBytes: 1024 ** 2,
  diskBytes: 1024 ** 3,
};

/** wasm32 cannot address more than 4 GiB; Pyodide's own ceiling is 4 GiB - 64 KiB. */
export const MAX_MEMORY_BYTES = 4 * 1024 ** 3;

export function resolveLimits(partial: Partial<Limits> | undefined): Limits | string {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      return `limits.${name} must be a positive number, got ${String(value)}`;
    }
  }
  if (limits.memoryBytes > MAX_MEMORY_BYTES) return `limits.memoryBytes must be at most 4 GiB (${MAX_MEMORY_BYTES})`;
  return limits;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes (never inside a character) and appends a
 * notice saying how much was cut, so the model knows the output is incomplete.
 */
export function truncateOutput(text: string, maxBytes: number, stream: "stdout" | "stderr"): string {
  if (text.length <= maxBytes / 3) return text; // cannot exceed: at most 3 bytes per UTF-16 unit
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  let cut = maxBytes;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--; // back off to a character boundary
  const kept = decoder.decode(bytes.subarray(0, cut));
  return `${kept}\n[${stream} truncated: ${bytes.length - cut} of ${bytes.length} bytes not shown (limit ${maxBytes} bytes)]\n`;
}

/**
 * The page's own cut of what a worker sends: user code runs in the worker and may have
 * switched the worker's cut off. A text the worker already cut (at most `maxBytes`, then its
 * notice) passes unchanged; anything longer is cut here.
 */
export function enforceOutputLimit(text: string, maxBytes: number, stream: "stdout" | "stderr"): string {
  if (typeof text !== "string") return "";
  if (text.length <= maxBytes / 3) return text;
  const notice = new RegExp(`\\n\\[${stream} truncated: \\d+ of \\d+ bytes not shown \\(limit ${maxBytes} bytes\\)\\]\\n$`).exec(
    text.slice(-160),
  );
  const body = notice ? text.slice(0, text.length - notice[0].length) : text;
  return encoder.encode(body).length <= maxBytes ? text : truncateOutput(text, maxBytes, stream);
}
