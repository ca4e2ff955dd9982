// The typed channel between the page (the container layer) and its worker, one MessagePort each
// way, in the manner of comlink's protocol.ts: every message is one member of a discriminated
// union, declared here once and imported by both sides (src/worker imports nothing else from the
// page). Calls go down through the worker's comlink API; this channel carries what the worker
// asks of the page while a call runs (host tools, package bytes) and what it reports as it goes
// (streamed output). A new kind is one entry in `HostRequests` or in `WorkerEvent`.

/** One lock-listed wheel, checked against its sha256 by the page before it is handed over. */
export interface PackageWheel {
  name: string;
  version: string;
  fileName: string;
  /** The lock's `install_dir`: "site" for Python packages, "dynlib" for shared libraries. */
  installDir: string;
  bytes: Uint8Array;
}

/** What the page answers to a package request: the wheels to install, in dependency order. */
export interface PackageDelivery {
  wheels: PackageWheel[];
  /** Requested names the source does not list (pip install only; imports are not errors). */
  unknown: string[];
  /** Why nothing could be delivered (no source, source unreachable, a hash mismatch), else null. */
  error: string | null;
  /** Where packages come from, for messages; null when no source is configured. */
  source: string | null;
  /** Names the source lists, for pip's "what is available" message (pip install only). */
  available?: string[];
}

/** Requests the worker makes of the page: the arguments it sends and the reply it awaits. */
export interface HostRequests {
  /** A host tool called from Python. */
  tool: { args: { name: string; inputJson: string }; reply: string };
  /**
   * Packages for the code about to run (`imports`: top-level module names it imports that are
   * not installed) or for `pip install` (`names`: distribution names). Already-installed
   * packages are listed in `installed` so the page sends only what is missing.
   */
  packages: { args: { imports: string[]; names: string[]; installed: string[] }; reply: PackageDelivery };
}
export type HostRequestType = keyof HostRequests;

/** Reports the worker sends without waiting for an answer. "output-end" follows a streamed call's
 * last chunk: the call's result travels on another port, so the page waits for it to have them all. */
export type WorkerEvent = { type: "output"; stream: "stdout" | "stderr"; text: string } | { type: "output-end" };

/** Worker → page. */
export type WorkerMessage =
  | { [K in HostRequestType]: { type: "request"; id: number; request: K; args: HostRequests[K]["args"] } }[HostRequestType]
  | WorkerEvent;

/** Page → worker: the answer to request `id`, a value or an error message. */
export type PageMessage = { type: "reply"; id: number; value: unknown } | { type: "reply"; id: number; error: string };

/** Buffers inside a package delivery move to the worker instead of being copied. */
export function transferablesOf(value: unknown): Transferable[] {
  const wheels = (value as Partial<PackageDelivery> | null)?.wheels;
  return Array.isArray(wheels) ? [...new Set(wheels.map((w) => w.bytes.buffer as ArrayBuffer))] : [];
}
