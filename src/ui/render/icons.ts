// Small inline SVG icons: emoji are not in every system font (Debian's Chromium shows boxes).
import { html, svg } from "lit";

const icon = (path: ReturnType<typeof svg>) =>
  html`<svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round">${path}</svg>`;

export const fileIcon = icon(svg`<path d="M4 1.5h5l3.5 3.5v9.5h-8.5z M9 1.5v3.5h3.5" />`);
export const folderIcon = icon(svg`<path d="M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z" />`);
export const clipIcon = icon(svg`<path d="M10.5 4.5l-5 5a1.5 1.5 0 0 0 2 2l5.5-5.5a3 3 0 0 0-4-4l-5.5 5.5a4.2 4.2 0 0 0 6 6l4.5-4.5" />`);
