// Checks a budget typed in Settings before it is kept: a refused value gets a sentence in the
// units the user typed, never the name of an internal setting.
import { MAX_MEMORY_BYTES } from "../../shared/limits.ts";
import type { Limits } from "./package-api.ts";

const NAMES: Record<keyof Limits, string> = {
  timeoutMs: "The time per call",
  memoryBytes: "Python's memory",
  outputBytes: "The output per stream",
  diskBytes: "The disk budget",
};

/** Largest value each budget takes, in bytes or milliseconds, with how to say it. */
const MAXIMA: Partial<Record<keyof Limits, { value: number; text: string }>> = {
  memoryBytes: { value: MAX_MEMORY_BYTES, text: "4096 MB, all that WebAssembly can address" },
};

/** Why `raw` (in the field's unit, `scale` of them per byte or ms) is refused, or null if it is fine. */
export function budgetProblem(key: keyof Limits, raw: string, scale: number): string | null {
  const text = raw.trim();
  if (text === "") return null; // the default
  const value = Number(text);
  if (!Number.isFinite(value)) return `${NAMES[key]} must be a number; what was typed is not one, so the previous value is kept.`;
  if (value <= 0) return `${NAMES[key]} must be more than 0; ${text} was refused and the previous value is kept.`;
  const max = MAXIMA[key];
  if (max && value * scale > max.value)
    return `${NAMES[key]} can be at most ${max.text}; ${text} was refused and the previous value is kept.`;
  return null;
}
