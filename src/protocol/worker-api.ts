// The wire contract between the page and one container worker: the API the worker exposes
// across the worker boundary (comlink, src/worker/api.ts) and the data it carries. Types only,
// so the page (src/container) and the worker (src/worker) meet here and import nothing of each other.
import type { EditorContent } from "../tools/editor-commands.ts";
import type { Limits } from "../shared/limits.ts";

export interface FileRecord {
  path: string;
  /** File bytes; a symlink's target as UTF-8; empty for a directory. */
  data: Uint8Array;
  /** Full st_mode (type and permission bits). */
  mode: number;
  /** ms since the epoch */
  mtime: number;
}

/** What a call changed in the user's files (src/worker/change-tracker.ts), for the page to store. */
export interface ChangeSet {
  put: FileRecord[];
  /** Removed paths; a directory's path stands for everything under it. */
  delete: string[];
}

/** One skill's files, by path inside its folder ("SKILL.md", "scripts/run.py"). */
export interface SkillFiles {
  name: string;
  files: Record<string, Uint8Array>;
}

/** How the interpreter came to be, for tests, benchmarks and the host's cache. */
export interface InterpreterInfo {
  /** restored: from the snapshot; made: loaded normally and a snapshot was taken; plain: neither. */
  snapshot: "restored" | "made" | "plain";
  /** Why a given snapshot was not used, or why none could be made. */
  fallbackReason?: string;
  /** Milliseconds spent in loadPyodide and the prelude. */
  loadMs: number;
  /** Why Python cannot block on promises though the engine has stack switching (a restore whose
   * engine choices could not be put back, see src/worker/stack-switching.ts); absent when it can,
   * or the engine has none. */
  stackSwitchingProblem?: string;
}

export interface BootOptions {
  /** Where pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip and the lock file are served. */
  indexURL: string;
  /** The package source (a folder with a pyodide-lock.json) the page loads packages from; null: none. */
  packageIndexURL: string | null;
  limits: Limits;
  /** Names of host tools Python code can await, each taking one dict and returning a string. */
  toolNames?: string[];
  /** The container's stored files, written into the filesystem before the first call. */
  files?: FileRecord[];
  /** Agent Skills, mounted read-only at /skills/<name>/ (no /skills without). */
  skills?: SkillFiles[];
}

/** Loading the interpreter, which a warm spare worker does before it knows its container. */
export interface PrepareOptions {
  indexURL: string;
  packageIndexURL: string | null;
  /** The wasm heap's maximum, fixed as the interpreter loads (src/worker/wasm-memory-limit.ts). */
  memoryBytes: number;
  /** A sealed memory snapshot from the host's cache (see src/worker/snapshot.ts); a normal load if
   * unusable. A Blob (browsers) is read in the worker. */
  snapshot?: Uint8Array | Blob;
  /** It comes from the host's cache of checked snapshots (see InterpreterConfig.snapshotVerified). */
  snapshotVerified?: boolean;
  /** Take a snapshot for the host when none was restored. */
  makeSnapshot?: boolean;
  /** The key the host caches snapshots under; snapshots are sealed with it. */
  snapshotKey?: string;
}

export interface OutputFile {
  name: string;
  data: Uint8Array;
}

export interface RawResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  outputs: OutputFile[];
  /** What the call changed in the user's files, for the container to persist. */
  changes: ChangeSet;
  /** Bytes of $OUTPUT_DIR files that were over the disk budget and were not returned. */
  outputsTooLarge: number;
  /** Size of Python's wasm heap after the call (it never shrinks). */
  heapBytes: number;
  /** Things the sandbox did that the model should know of (shown as "[sandbox: …]" in stderr). */
  notes: string[];
}

export interface EditorOutcome {
  content: EditorContent;
  changes: ChangeSet;
}

export interface PrepareResult {
  info: InterpreterInfo;
  /** A new sealed snapshot for the host to cache (its buffer is transferred). */
  snapshot?: Uint8Array;
}

/** How a call runs: `stream` sends its output to the page as it is written. */
export interface CallOptions {
  stream?: boolean;
}

export interface WorkerApi {
  /** Loads the interpreter before the container is known (a warm spare); boot() follows. */
  prepare(options: PrepareOptions): Promise<PrepareResult>;
  /** A spare with time to spare runs some Python so its first real call is not on cold code (jit-warm-up.ts). */
  warmUp(): Promise<boolean>;
  /** Sets the container up (files, tools, budgets), loading the interpreter first unless prepared. */
  /** `hostPort`: the worker's end of the typed channel to the page (src/protocol/channel.ts). */
  /** `skipped`: stored files that could not be written back (the others are restored). */
  boot(
    options: BootOptions & { hostPort: MessagePort },
  ): Promise<{ pythonVersion: string; interpreter: InterpreterInfo; skipped: Array<{ path: string; reason: string }> }>;
  bash(command: string, options?: CallOptions): Promise<RawResult>;
  python(code: string, options?: CallOptions): Promise<RawResult>;
  editor(input: Record<string, unknown>): Promise<EditorOutcome>;
  /** An upload: writes the file, or answers why not (checked before anything is truncated). */
  writeFile(path: string, data: Uint8Array): Promise<{ changes: ChangeSet; error: string | null }>;
  /** Cancels a cell waiting in an await (the worker only hears this while it is not busy). */
  cancelCell(): Promise<boolean>;
  /** Aborts a shell command where it yields (sleep, between commands); false if none runs. */
  cancelShell(): Promise<boolean>;
}
