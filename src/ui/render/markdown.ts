// Assistant text is Markdown from a model, which a prompt injection can steer. It is parsed with
// marked, then sanitised by DOMPurify against an allowlist before it reaches the DOM, so a reply
// can never run script, restyle the app, submit a form, or make the page load anything: every
// image, frame, media element, input and style is gone, and a remote picture becomes a link the
// user can choose to open (never an <img> that leaks data by being fetched).
import DOMPurify from "dompurify";
import { Marked } from "marked";
import { highlightToHtml } from "./highlight.ts";

/** Text structure only: nothing here loads a resource, takes input or carries style. */
const ALLOWED_TAGS = [
  "a",
  "abbr",
  "b",
  "blockquote",
  "br",
  "code",
  "dd",
  "del",
  "details",
  "div",
  "dl",
  "dt",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "kbd",
  "li",
  "mark",
  "ol",
  "p",
  "pre",
  "q",
  "s",
  "samp",
  "small",
  "span",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "u",
  "ul",
];
const ALLOWED_ATTR = ["href", "title", "class", "align", "colspan", "rowspan", "start", "open"];
/** Classes a reply may carry: the highlighter's, and ours. The app's own layout classes are not. */
const ALLOWED_CLASS = /^(hljs(-[\w-]+)?|language-[\w-]+|code|remote-image|image-placeholder)$/;
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

const purifier = DOMPurify(window);

/** The URL when it is an absolute http(s) or mailto link, else null (javascript:, relative, data:…). */
function safeLinkTarget(href: string | null): string | null {
  if (!href) return null;
  try {
    // No base: a relative address would point into the app itself, so it is not a link we keep.
    const url = new URL(href);
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** What a picture becomes: a link to it when it is on the web, else a placeholder with its text. */
function pictureStandIn(document: Document, src: string | null, alt: string): Element {
  const target = safeLinkTarget(src);
  const label = `image: ${alt.trim() || (target ? new URL(target).host : "no description")}`;
  if (target && !target.startsWith("mailto:")) {
    const link = document.createElement("a");
    link.setAttribute("href", target);
    link.setAttribute("class", "remote-image");
    link.textContent = label;
    return link;
  }
  const placeholder = document.createElement("span");
  placeholder.setAttribute("class", "image-placeholder");
  placeholder.textContent = `[${label}]`;
  return placeholder;
}

// Runs inside DOMPurify's inert document, where an <img> never loads: the stand-in goes after the
// picture, so DOMPurify walks and checks it like everything else, and the picture is dropped.
purifier.addHook("uponSanitizeElement", (node, data) => {
  if (data.tagName !== "img" || !(node instanceof Element)) return;
  node.after(pictureStandIn(node.ownerDocument, node.getAttribute("src"), node.getAttribute("alt") ?? ""));
});

purifier.addHook("afterSanitizeAttributes", (node) => {
  if (!(node instanceof Element)) return;
  const classes = (node.getAttribute("class") ?? "").split(/\s+/).filter((name) => ALLOWED_CLASS.test(name));
  if (classes.length > 0) node.setAttribute("class", classes.join(" "));
  else node.removeAttribute("class");
  if (node.tagName !== "A") return;
  const target = safeLinkTarget(node.getAttribute("href"));
  if (!target) {
    node.removeAttribute("href");
    return;
  }
  node.setAttribute("href", target);
  // A new tab that cannot reach back to the app, and that tells the site nothing about it.
  node.setAttribute("target", "_blank");
  node.setAttribute("rel", "noopener noreferrer");
});

const marked = new Marked({ gfm: true, breaks: false, async: false });
marked.use({
  renderer: {
    // Fenced code gets the same highlighting as tool calls.
    code({ text, lang }) {
      const language = (lang ?? "").split(/\s/)[0] ?? "";
      return `<pre class="code"><code class="hljs">${highlightToHtml(text, language)}</code></pre>`;
    },
    // Markdown pictures take the same way as raw <img>: DOMPurify's hook turns them into links.
    // Task list boxes are text, not <input>s.
    checkbox({ checked }) {
      return checked ? "☑ " : "☐ ";
    },
    // Raw HTML in a reply: event handlers, style attributes and <style>/<base> elements are
    // renamed before anything parses them. DOMPurify drops them either way, but Chromium checks
    // even DOMPurify's inert parse against the page's CSP and reports each one as a violation.
    // (Noise control, not a defence: whatever this misses is still dropped by the allowlist.)
    html({ text }) {
      return text.replace(/(\s)(on[a-z]+|style)(\s*=)/gi, "$1data-dropped-$2$3").replace(/<(\/?)(style|base)(?=[\s/>])/gi, "<$1dropped-$2");
    },
  },
});

export function markdownToSafeHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false }) as string;
  return purifier.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ADD_FORBID_CONTENTS: ["dropped-style"],
  });
}

/** Highlighter output (spans with classes around escaped text) made safe to insert. */
export function sanitize(html: string): string {
  return purifier.sanitize(html, { ALLOWED_TAGS: ["span"], ALLOWED_ATTR: ["class"], ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false });
}
