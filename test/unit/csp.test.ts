// The app page's policy and the settings panel's reading of it (src/ui/csp.ts).
import { describe, expect, it } from "vitest";
import { appCsp, connectAllowed, connectSources } from "../../src/ui/csp.ts";

const APP = "https://sandbox.example/app/";

describe("the app's CSP", () => {
  const policy = appCsp({ frameScriptHash: "abc=", extraConnectSources: ["https://proxy.example"] });

  it("lists the API origins after the app itself, CSP_CONNECT_SRC last", () => {
    expect(connectSources(policy)).toEqual([
      "'self'",
      "data:",
      "https://api.anthropic.com",
      "http://localhost:*",
      "http://127.0.0.1:*",
      "https://cdn.jsdelivr.net",
      "https://proxy.example",
    ]);
    expect(policy).toContain("script-src 'self' 'sha256-abc=' blob: 'wasm-unsafe-eval'");
  });

  it("allows a base URL only on a listed origin", () => {
    const sources = connectSources(policy);
    expect(connectAllowed("https://api.anthropic.com", sources, APP)).toBe(true);
    expect(connectAllowed("https://api.anthropic.com/v1/", sources, APP)).toBe(true);
    expect(connectAllowed("http://127.0.0.1:8787/v1", sources, APP)).toBe(true);
    expect(connectAllowed("http://localhost:3000", sources, APP)).toBe(true);
    expect(connectAllowed("https://proxy.example/anthropic", sources, APP)).toBe(true);
    expect(connectAllowed("/api", sources, APP)).toBe(true);
    expect(connectAllowed("https://sandbox.example/other/", sources, APP)).toBe(true);
    expect(connectAllowed("https://evil.example", sources, APP)).toBe(false);
    expect(connectAllowed("http://api.anthropic.com", sources, APP)).toBe(false);
    expect(connectAllowed("https://127.0.0.1:8787", sources, APP)).toBe(false);
    expect(connectAllowed("http://localhost.evil.example", sources, APP)).toBe(false);
    expect(connectAllowed("not a url at all::", sources, "about:blank")).toBe(false);
  });
});
