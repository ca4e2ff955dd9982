// The app's Content-Security-Policy, written into index.html and embed.html at build time (and
// by the dev server) as a <meta> tag, because static hosts cannot be relied on to send headers.
// See SECURITY.md, "The app page's policy", for why each source is there.
import { PUBLIC_PACKAGE_SOURCE } from "./state/package-source.ts";

/** Where the API may be, besides the app itself: Anthropic, and a proxy on this machine. */
export const DEFAULT_CONNECT_SOURCES = ["https://api.anthropic.com", "http://localhost:*", "http://127.0.0.1:*"];
/** The app's default Python package source (Pyodide's public folder; the page fetches from it, the sandbox never). */
export const PACKAGE_CONNECT_SOURCES = [new URL(PUBLIC_PACKAGE_SOURCE).origin];

export interface AppCspOptions {
  /** base64 sha256 of the sandbox frame's one inline script (the srcdoc frame inherits this policy). */
  frameScriptHash: string;
  /** More API origins, from CSP_CONNECT_SRC at build time (space-separated). */
  extraConnectSources?: readonly string[];
}

export function appCsp({ frameScriptHash, extraConnectSources = [] }: AppCspOptions): string {
  return [
    "default-src 'self'",
    // 'self' for the app's modules. The rest is for the sandbox frame and its worker, which
    // inherit this policy on top of their own stricter one: its bootstrap by hash, the worker's
    // script and Pyodide's module as blob: URLs the frame makes, and wasm compilation.
    `script-src 'self' 'sha256-${frameScriptHash}' blob: 'wasm-unsafe-eval'`,
    // lit and CodeMirror style through adoptedStyleSheets, which this directive does not govern.
    // Style attributes are allowed: Chromium's own editing writes them into CodeMirror's
    // contenteditable while text is inserted. They cannot load anything (url() in them is under
    // img-src and font-src), and the Markdown sanitiser strips them from replies.
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob: data:",
    "font-src 'self'",
    // data: reaches no network; the SDK fetches "data:," to find the Response class it uploads with.
    `connect-src ${["'self'", "data:", ...DEFAULT_CONNECT_SOURCES, ...PACKAGE_CONNECT_SOURCES, ...extraConnectSources].join(" ")}`,
    // The service worker ('self') and the sandbox frame's worker (a blob: URL).
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** The connect-src sources of a policy (what the settings panel checks a base URL against). */
export function connectSources(policy: string): string[] {
  const directive = policy
    .split(";")
    .map((part) => part.trim().split(/\s+/))
    .find(([name]) => name === "connect-src");
  return directive ? directive.slice(1) : [];
}

/** Whether `url` matches one of `sources` ('self', an origin, or an origin with port `*`). */
export function connectAllowed(url: string, sources: readonly string[], self: string): boolean {
  let target: URL;
  try {
    target = new URL(url, self);
  } catch {
    return false;
  }
  return sources.some((source) => {
    if (source === "'self'") return target.origin === new URL(self).origin;
    const wildcardPort = source.match(/^(https?:\/\/[^/:]+):\*$/);
    if (wildcardPort) return `${target.protocol}//${target.hostname}` === wildcardPort[1];
    try {
      return new URL(source).origin === target.origin;
    } catch {
      return false;
    }
  });
}

/**
 * Why the page cannot reach `baseURL`, or "" when it can: the page's own policy is read back, so
 * a user who sets a proxy elsewhere is told what to do instead of seeing a bare network error.
 */
export function connectBlockedReason(baseURL: string, document: Document): string {
  const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  const policy = meta?.getAttribute("content");
  if (!policy || !baseURL) return "";
  const sources = connectSources(policy);
  if (connectAllowed(baseURL, sources, document.baseURI)) return "";
  return (
    `This page's Content-Security-Policy lets it connect only to ${sources.filter((s) => s !== "data:").join(" ")}. ` +
    "To use another API address, build the app with CSP_CONNECT_SRC set to its origin, or serve a proxy from this site or this machine."
  );
}
