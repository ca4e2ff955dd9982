// Styles shared by the components. Colours are custom properties set once on the top-level
// element (<sandbox-app> or <code-exec-sandbox>), so they pass into every shadow root and the
// theme switch is one attribute.
import { css } from "lit";

const light = css`
  --bg: #ffffff;
  --bg-soft: #f5f6f8;
  --bg-code: #f6f8fa;
  --fg: #1d2127;
  --fg-soft: #59616c;
  --border: #d5d9de;
  --accent: #a34a1e;
  --accent-fg: #ffffff;
  --ok: #1a7f37;
  --ok-bg: #dafbe1;
  --bad: #b42318;
  --bad-bg: #fde7e5;
  --warn-bg: #fff4d6;
  --add-bg: #e6ffec;
  --del-bg: #ffebe9;
  --tok-keyword: #a626a4;
  --tok-string: #0a7e07;
  --tok-number: #986801;
  --tok-comment: #6e7781;
  --tok-builtin: #005cc5;
  --tok-var: #953800;
`;

const dark = css`
  --bg: #17191d;
  --bg-soft: #1f2227;
  --bg-code: #111316;
  --fg: #e6e8eb;
  --fg-soft: #a3aab4;
  --border: #373c44;
  --accent: #f08a5d;
  --accent-fg: #17191d;
  --ok: #56d364;
  --ok-bg: #12301b;
  --bad: #ff7b72;
  --bad-bg: #3b1614;
  --warn-bg: #3a2e0d;
  --add-bg: #12301b;
  --del-bg: #3b1614;
  --tok-keyword: #d2a8ff;
  --tok-string: #a5d6ff;
  --tok-number: #f2cc60;
  --tok-comment: #8b949e;
  --tok-builtin: #79c0ff;
  --tok-var: #ffa657;
`;

/** For the top-level element only: defines the palette and follows the theme attribute. */
export const themeVars = css`
  :host {
    ${light}
    color-scheme: light;
    color: var(--fg);
    background: var(--bg);
    font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    font-size: 15px;
    line-height: 1.45;
  }
  :host([theme="dark"]) {
    ${dark}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme="light"])) {
      ${dark}
      color-scheme: dark;
    }
  }
`;

export const shared = css`
  :host {
    box-sizing: border-box;
  }
  /* Components set their own display, which would otherwise beat the hidden attribute. */
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    background: var(--bg-soft);
    border: 1px solid var(--border);
    border-radius: 6px;
    padding: 0.3rem 0.75rem;
    cursor: pointer;
    min-height: 2rem;
  }
  button:hover:not(:disabled) {
    border-color: var(--fg-soft);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button.primary {
    background: var(--accent);
    color: var(--accent-fg);
    border-color: var(--accent);
    font-weight: 600;
  }
  button.danger {
    color: var(--bad);
  }
  button.link {
    border: none;
    background: none;
    padding: 0.1rem 0.3rem;
    min-height: 0;
    color: var(--accent);
    text-decoration: underline;
  }
  select,
  input[type="text"],
  input[type="password"],
  input[type="url"],
  input[type="number"],
  textarea {
    background: var(--bg);
    border: 1px solid var(--border);
    border-radius: 6px;
    padding: 0.3rem 0.5rem;
    min-height: 2rem;
  }
  :focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: 1px;
  }
  pre,
  code {
    font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
    font-size: 0.86rem;
  }
  pre {
    margin: 0;
    padding: 0.5rem 0.75rem;
    background: var(--bg-code);
    border-radius: 6px;
    overflow-x: auto;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .muted {
    color: var(--fg-soft);
  }
  .spacer {
    flex: 1;
  }
  svg.icon {
    vertical-align: -2px;
    flex: none;
  }
  .link {
    color: var(--accent);
    text-decoration: underline;
    cursor: pointer;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  /* highlight.js token classes, coloured from the palette */
  .hljs-keyword,
  .hljs-built_in.hljs-keyword,
  .hljs-meta {
    color: var(--tok-keyword);
  }
  .hljs-string,
  .hljs-regexp {
    color: var(--tok-string);
  }
  .hljs-number,
  .hljs-literal {
    color: var(--tok-number);
  }
  .hljs-comment {
    color: var(--tok-comment);
    font-style: italic;
  }
  .hljs-built_in,
  .hljs-title,
  .hljs-title.function_ {
    color: var(--tok-builtin);
  }
  .hljs-variable,
  .hljs-params,
  .hljs-attr,
  .hljs-subst {
    color: var(--tok-var);
  }
`;

/** The layout every tab panel shares: a vertical stack, and toolbars of wrapping controls. */
export const panel = css`
  :host {
    display: grid;
    gap: 0.75rem;
    align-content: start;
  }
  .bar {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    align-items: center;
  }
`;
