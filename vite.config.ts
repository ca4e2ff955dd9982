import { defineConfig } from "vite";

// Cross-origin isolation gives the worker SharedArrayBuffer, so runaway Python can be
// interrupted without killing the worker (see src/container/container.ts).
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  // Relative asset URLs: the built site works from any static host and sub-path.
  base: "./",
  build: { outDir: "dist/app", target: "es2022", emptyOutDir: true },
  worker: { format: "es" },
  // Pyodide finds its runtime files through indexURL; pre-bundling would break that.
  optimizeDeps: { exclude: ["pyodide"] },
  server: { headers: isolation },
  preview: { headers: isolation },
});
