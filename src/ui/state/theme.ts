// Light or dark: the user's choice, or the system's when the choice is "system".
import type { ThemeChoice } from "./settings.ts";

const query = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;

export function isDark(choice: ThemeChoice): boolean {
  return choice === "dark" || (choice === "system" && Boolean(query?.matches));
}

/** Calls `listener` when the system theme flips; returns the unsubscribe function. */
export function onSystemThemeChange(listener: () => void): () => void {
  query?.addEventListener("change", listener);
  return () => query?.removeEventListener("change", listener);
}
