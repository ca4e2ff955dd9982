// File pickers are hidden <input type=file> elements behind a styled label; this lets the
// label's visible text open the picker from the keyboard too (Enter or Space).
export function openPickerOnKey(event: KeyboardEvent): void {
  if (event.key !== "Enter" && event.key !== " ") return;
  event.preventDefault();
  const input = (event.currentTarget as HTMLElement).closest("label")?.querySelector("input[type=file]");
  (input as HTMLInputElement | null)?.click();
}
