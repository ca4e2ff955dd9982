// Builds <code-exec-sandbox> as one ES module script (plus its container worker, which must be
// a file of its own) into dist/app/widget/, next to the app's pyodide/ folder that it loads
// Python from. Run after the app build, which empties dist/app.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  // Pyodide's files are already in dist/app/pyodide/ from the app build.
  publicDir: false,
  build: {
    outDir: "dist/app/widget",
    emptyOutDir: true,
    target: "es2022",
    lib: {
      entry: "src/ui/widget/code-exec-sandbox.ts",
      formats: ["es"],
      fileName: () => "code-exec-sandbox.js",
    },
    // One file to include: no lazy chunks beside it.
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
  // One function scope, in strict mode (Hardened JavaScript needs it): run as a classic script
  // (see sandbox-frame.ts), an ES-format bundle's top-level bindings would be writable globals
  // that user code in the worker could replace.
  worker: { format: "iife", rolldownOptions: { output: { strict: true } } },
  optimizeDeps: { exclude: ["pyodide"] },
});
