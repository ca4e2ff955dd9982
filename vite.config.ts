import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Plugin } from "vite";
import { FRAME_BOOTSTRAP } from "./src/container/sandbox-frame.ts";
import { appCsp } from "./src/ui/csp.ts";

// Cross-origin isolation gives the worker SharedArrayBuffer, so runaway Python can be
// interrupted without killing the worker (see src/container/container.ts).
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/** What a static host adds so that pages of other origins can load the widget's files. */
const embeddable = {
  "Access-Control-Allow-Origin": "*",
  "Cross-Origin-Resource-Policy": "cross-origin",
};

/** Every file under `dir`, as paths relative to it with "/" separators. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

/**
 * Writes sw.js from src/ui/sw/sw.js once the build is on disk, with the build's manifest: the
 * sha256 of every file the worker may serve from a cache (the app, its assets, Pyodide's files),
 * and which of them to precache. The hashes change with every build, so browsers install the new
 * worker. widget/ is built afterwards for other sites and is not served from the cache.
 */
function serviceWorkerPlugin(): Plugin {
  let outDir = "";
  return {
    name: "code-exec-sandbox:service-worker",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const files: Record<string, string> = {};
      for (const path of filesUnder(outDir).sort()) {
        if (path === "sw.js" || path.endsWith(".map") || path.startsWith("widget/")) continue;
        files[path] = createHash("sha256")
          .update(readFileSync(join(outDir, path)))
          .digest("hex");
      }
      // Pyodide's files go into the runtime cache through the page, with its progress bar.
      const precache = Object.keys(files).filter((path) => !path.startsWith("pyodide/"));
      const pyodide = JSON.parse(readFileSync(new URL("./node_modules/pyodide/package.json", import.meta.url), "utf8")).version as string;
      const template = readFileSync(new URL("./src/ui/sw/sw.js", import.meta.url), "utf8");
      const version = createHash("sha256").update(JSON.stringify(files)).update(template).digest("hex").slice(0, 12);
      const manifest = JSON.stringify({ version, pyodide, files, precache });
      writeFileSync(
        join(outDir, "sw.js"),
        template.replace("__SW_MANIFEST__", () => manifest),
      );
    },
  };
}

/**
 * Puts the app's Content-Security-Policy (src/ui/csp.ts) at the top of <head> of the app and
 * embed pages, in dev and build alike, so a violation shows up while developing too.
 * CSP_CONNECT_SRC (space-separated origins) adds API origins, e.g. a proxy elsewhere.
 */
function contentSecurityPolicyPlugin(): Plugin {
  const policy = appCsp({
    frameScriptHash: createHash("sha256").update(FRAME_BOOTSTRAP).digest("base64"),
    extraConnectSources: (process.env.CSP_CONNECT_SRC ?? "").split(/\s+/).filter(Boolean),
  });
  return {
    name: "code-exec-sandbox:csp",
    transformIndexHtml: {
      order: "pre",
      handler(html, context) {
        if (!/(^|\/)(index|embed)\.html$/.test(context.filename)) return html;
        return [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: policy }, injectTo: "head-prepend" }];
      },
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the built site works from any static host and sub-path.
  base: "./",
  build: {
    outDir: "dist/app",
    target: "es2022",
    emptyOutDir: true,
    // The app, the page that other sites put in an <iframe>, and the library harness for tests.
    rollupOptions: { input: { index: "index.html", embed: "embed.html", harness: "harness.html" } },
  },
  // One function scope, in strict mode (Hardened JavaScript needs it): run as a classic script
  // (see sandbox-frame.ts), an ES-format bundle's top-level bindings would be writable globals
  // that user code in the worker could replace.
  worker: { format: "iife", rolldownOptions: { output: { strict: true } } },
  // Pyodide finds its runtime files through indexURL; pre-bundling would break that.
  optimizeDeps: { exclude: ["pyodide"] },
  plugins: [contentSecurityPolicyPlugin(), serviceWorkerPlugin()],
  server: { headers: isolation },
  // Pages of other origins may embed the widget: its script, worker and Pyodide's files are
  // fetched in CORS mode from there (README: "Embedding from another origin").
  preview: { headers: { ...isolation, ...embeddable } },
});
