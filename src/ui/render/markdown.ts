// Assistant text is Markdown from a model: parsed with marked, then always sanitised by
// DOMPurify before it reaches the DOM, so a reply can never inject script or event handlers.
import DOMPurify from "dompurify";
import { Marked } from "marked";
import { highlightToHtml } from "./highlight.ts";

const marked = new Marked({ gfm: true, breaks: false, async: false });
marked.use({
  renderer: {
    // Fenced code gets the same highlighting as tool calls.
    code({ text, lang }) {
      const language = (lang ?? "").split(/\s/)[0] ?? "";
      return `<pre class="code"><code class="hljs">${highlightToHtml(text, language)}</code></pre>`;
    },
  },
});

export function markdownToSafeHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false }) as string;
  // No style attributes: the page's CSP will not allow inline styles, and a reply has no need of them.
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_ATTR: ["style"] });
}

/** Any HTML string (highlighter output) made safe to insert. */
export function sanitize(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
