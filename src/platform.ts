// The one answer to "where does this code run": Node (worker_threads, node:fs) or a browser (a
// page, its sandbox frame, a worker). Each platform-specific module is picked with it.

/** Node, as opposed to a browser page or worker (a Node process with a `window` counts as a browser). */
export const onNode = typeof process !== "undefined" && typeof process.versions?.node === "string" && typeof window === "undefined";

/** The page's base URL, which relative URLs resolve against; undefined without a page (Node, a worker). */
export function pageBaseURI(): string | undefined {
  return typeof document !== "undefined" ? document.baseURI : undefined;
}
