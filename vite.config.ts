import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vite";

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

/**
 * Emits sw.js from src/ui/sw/sw.js with the list of built files to precache. The list changes
 * with every build (file names carry content hashes), so browsers install the new worker.
 */
function serviceWorkerPlugin(): Plugin {
  return {
    name: "code-exec-sandbox:service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((name) => !name.endsWith(".map"));
      const shell = ["./", "favicon.svg", ...built].sort();
      const pyodide = JSON.parse(readFileSync(new URL("./node_modules/pyodide/package.json", import.meta.url), "utf8")).version as string;
      const template = readFileSync(new URL("./src/ui/sw/sw.js", import.meta.url), "utf8");
      const version = createHash("sha256").update(JSON.stringify(shell)).update(template).digest("hex").slice(0, 12);
      const manifest = JSON.stringify({ version, pyodide, shell });
      this.emitFile({ type: "asset", fileName: "sw.js", source: template.replace("__SW_MANIFEST__", manifest) });
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
  worker: { format: "es" },
  // Pyodide finds its runtime files through indexURL; pre-bundling would break that.
  optimizeDeps: { exclude: ["pyodide"] },
  plugins: [serviceWorkerPlugin()],
  server: { headers: isolation },
  // Pages of other origins may embed the widget: its script, worker and Pyodide's files are
  // fetched in CORS mode from there (README: "Embedding from another origin").
  preview: { headers: { ...isolation, ...embeddable } },
});
