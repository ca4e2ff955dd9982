// Where the app and the widget load Python packages from, unless the user says otherwise: the
// site's own folder when the build vendored packages (it leaves a meta tag saying so), else
// Pyodide's public distribution folder for the pinned version. "none" turns packages off.
/** Must name the Pyodide version in package.json (test/unit/package-source.test.ts checks it). */
export const PYODIDE_VERSION = "314.0.7";
export const PUBLIC_PACKAGE_SOURCE = `https://cdn.jsdelivr.net/pyodide/v${PYODIDE_VERSION}/full/`;
/** Written into index.html by scripts/vendor-packages.mjs. */
export const VENDORED_META = "code-exec-sandbox:package-source";

/** The default source: the vendored folder of this build, or the public one. */
export function defaultPackageSource(): string {
  const vendored =
    typeof document !== "undefined" ? document.querySelector(`meta[name="${VENDORED_META}"]`)?.getAttribute("content") : null;
  return vendored ? new URL(vendored, document.baseURI).href : PUBLIC_PACKAGE_SOURCE;
}

/**
 * Where to read a source's lock. The public folder's lock is the very file Pyodide's npm package
 * ships, served next to the runtime from this site: no request to the public host until a wheel
 * is needed, and the package list is there offline.
 */
export function packageLockURLFor(source: string | null, pyodideIndexURL: string): string | undefined {
  return source === PUBLIC_PACKAGE_SOURCE ? new URL("pyodide-lock.json", pyodideIndexURL).href : undefined;
}

/** A setting ("default", "none" or a folder URL) as createContainer's packageIndexURL. */
export function packageIndexURLFor(setting: string | null | undefined): string | null {
  const value = (setting ?? "").trim();
  if (value === "" || value.toLowerCase() === "default") return defaultPackageSource();
  if (value.toLowerCase() === "none") return null;
  return value;
}
