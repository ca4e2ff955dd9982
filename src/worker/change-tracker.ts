// Knows what each call changed in the filesystem, so the container persists only that (no walk
// of the whole tree per call), and enforces the disk budget on writes.
//
// Emscripten's FS.trackingDelegate reports opens, writes, moves, deletes, mkdirs and symlinks by
// path. Paths are collected as "dirty" during a call; `take()` then reads each one's current state
// (its bytes, or that it is gone) and hands the set to the container, which stores it.
import type { PyodideAPI } from "pyodide";
import type { ChangeSet, FileRecord } from "../protocol/worker-api.ts";
import { describeFsError, normalizePath, pathsUnder } from "./pyodide-fs.ts";
import { isUnder } from "../paths.ts";

type EmscriptenFS = PyodideAPI["FS"];

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const ENOSPC = 51;
// open(2) flags that can change a file: O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND.
const WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000;

const utf8 = new TextEncoder();

/** An Emscripten FS error with a readable message (Python shows its errno; our own callers the text). */
export function fsError(FS: EmscriptenFS, errno: number, message: string): Error {
  const ErrnoError = (FS as unknown as { ErrnoError: new (errno: number) => Error }).ErrnoError;
  return Object.assign(new ErrnoError(errno), { message });
}

type Node = { usedBytes?: number; mode: number };

export class ChangeTracker {
  private dirty = new Set<string>();
  private deleted = new Set<string>();
  /** Directories moved into place this call: everything under them is new at its path. */
  private movedIn = new Set<string>();
  /** Byte size of every tracked regular file as of the last take(), for the disk budget. */
  private sizes = new Map<string, number>();
  private used = 0;
  /**
   * Sizes this call has given files so far (0 for a removed one): a file's new size replaces its
   * old one, so rewriting a file in place counts the difference, not both copies. Settled in take().
   */
  private callSizes = new Map<string, number>();
  /** Bytes this call added (negative: freed), the sum of callSizes against sizes. */
  private growth = 0;
  private paused = false;

  constructor(
    private readonly FS: EmscriptenFS,
    private readonly diskBytes: number,
    /** Runtime folders (the stdlib, /dev, $OUTPUT_DIR…) are not the user's files. */
    private readonly isTracked: (path: string) => boolean,
  ) {}

  get usedBytes(): number {
    return this.used + this.growth;
  }

  private sizeNow(path: string): number {
    return this.callSizes.get(path) ?? this.sizes.get(path) ?? 0;
  }

  /** The message of a refused write: what the budget is and what is left. */
  private noSpace(path: string, size: number): Error {
    const free = Math.max(0, this.diskBytes - this.usedBytes + this.sizeNow(path));
    return fsError(
      this.FS,
      ENOSPC,
      `No space left on device: the disk budget is ${this.diskBytes} bytes, and ${path} would need ${size} bytes where ${free} are free`,
    );
  }

  /** Throws ENOSPC unless `path` may become `size` bytes long; records the new size if so. */
  private resize(path: string, size: number): void {
    const delta = size - this.sizeNow(path);
    if (delta > 0 && this.usedBytes + delta > this.diskBytes) throw this.noSpace(path, size);
    this.growth += delta;
    this.callSizes.set(path, size);
  }

  /**
   * Checks, before anything is truncated, that `path` may be rewritten with `size` bytes: the
   * editor and uploads call this so a refused write leaves the old file as it was.
   */
  checkRoom(path: string, size: number): void {
    const normal = normalizePath(path);
    if (!this.isTracked(normal)) return;
    const delta = size - this.sizeNow(normal);
    if (delta > 0 && this.usedBytes + delta > this.diskBytes) throw this.noSpace(normal, size);
  }

  install(): void {
    const FS = this.FS as EmscriptenFS & { trackingDelegate: Record<string, unknown> };
    // The hooks see paths as the caller spelled them ("//lib/x", "a/../b"): one spelling per file.
    const tracked = (path: string) => {
      const normal = normalizePath(path);
      return !this.paused && this.isTracked(normal) ? normal : null;
    };
    const mark = (path: string) => {
      const normal = tracked(path);
      if (normal) this.dirty.add(normal);
    };
    FS.trackingDelegate.onOpenFile = (path: string, flags: number) => {
      if (flags & WRITE_FLAGS) mark(path);
    };
    FS.trackingDelegate.onWriteToFile = (path: string) => mark(path);
    FS.trackingDelegate.onMakeDirectory = (path: string) => mark(path);
    FS.trackingDelegate.onMakeSymlink = (_target: string, link: string) => mark(link);
    FS.trackingDelegate.onDeletePath = (path: string) => {
      const normal = tracked(path);
      if (!normal) return;
      this.deleted.add(normal);
      if (this.sizeNow(normal) > 0) this.resize(normal, 0);
    };
    FS.trackingDelegate.onMovePath = (from: string, to: string) => {
      const source = tracked(from);
      const target = tracked(to);
      const moving = source ? this.sizeNow(source) : 0;
      if (source) {
        this.deleted.add(source);
        if (moving > 0) this.resize(source, 0);
      }
      if (target) {
        this.dirty.add(target);
        this.movedIn.add(target);
        // The file replaced at the target frees its bytes; the moved one takes them (a folder's
        // contents are counted again in take()).
        this.growth += moving - this.sizeNow(target);
        this.callSizes.set(target, moving);
      }
    };
    this.capWrites();
    this.trackAttributes();
  }

  /**
   * Refuses writes that would take the user's files past the disk budget, with ENOSPC, before any
   * byte lands: the file keeps its old contents and Python sees OSError [Errno 28]-style failure.
   * (User code can write around FS.write, e.g. through a stream's own stream_ops; the page
   * counts every persisted change against the budget again, so that only loses the friendly error.)
   */
  private capWrites(): void {
    type Stream = { path?: string; node: Node; position: number };
    type Write = (stream: Stream, buffer: Uint8Array, offset: number, length: number, position?: number, canOwn?: boolean) => number;
    const FS = this.FS as unknown as { write: Write };
    const write = FS.write.bind(FS);
    FS.write = (stream: Stream, buffer: Uint8Array, offset: number, length: number, position?: number, canOwn?: boolean) => {
      const path = stream.path && normalizePath(stream.path);
      if (path && !this.paused && this.isTracked(path)) {
        const end = (typeof position === "number" ? position : stream.position) + length;
        const size = Math.max(stream.node.usedBytes ?? 0, end);
        if (size !== this.sizeNow(path)) this.resize(path, size);
      }
      return write(stream, buffer, offset, length, position, canOwn);
    };
  }

  /** Runs `fn` with its writes unrecorded and uncounted: packages from the package source are
   * the runtime's files, loaded again on import, not the user's. */
  async untracked<T>(fn: () => Promise<T>): Promise<T> {
    this.paused = true;
    try {
      return await fn();
    } finally {
      this.paused = false;
    }
  }

  /**
   * truncate/ftruncate, chmod/fchmod/chown and utime change a file without writing to it, and
   * Emscripten has no tracking hook for them: all of them but utime go through doSetAttr.
   */
  private trackAttributes(): void {
    type SetAttr = (stream: unknown, node: Node, attr: { size?: number }) => void;
    type Utime = (path: string, atime: number, mtime: number) => void;
    const FS = this.FS as unknown as { doSetAttr: SetAttr; utime: Utime; getPath(node: Node): string };
    const doSetAttr = FS.doSetAttr.bind(FS);
    FS.doSetAttr = (stream, node, attr) => {
      const path = this.paused ? null : normalizePath(FS.getPath(node));
      if (path && this.isTracked(path)) {
        if (typeof attr?.size === "number" && (node.mode & S_IFMT) === S_IFREG) this.resize(path, attr.size);
        this.dirty.add(path);
      }
      doSetAttr(stream, node, attr);
    };
    const utime = FS.utime.bind(FS);
    FS.utime = (path, atime, mtime) => {
      utime(path, atime, mtime);
      const normal = this.paused ? null : normalizePath(path);
      if (normal && this.isTracked(normal)) this.dirty.add(normal);
    };
  }

  /**
   * Writes stored files into the filesystem without marking them as changed. A record that cannot
   * be written (its folder is a file, say) is skipped and answered, never the end of the restore.
   */
  restore(records: FileRecord[]): Array<{ path: string; reason: string }> {
    const skipped: Array<{ path: string; reason: string }> = [];
    // Folders known to exist, so each file's parent chain is walked once, not once per file.
    const madeDirs = new Set<string>();
    this.paused = true;
    try {
      // Parents first: a record's folder may itself be a record (with its own mode).
      const sorted = [...records].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const record of sorted) {
        try {
          this.restoreOne(record, madeDirs);
        } catch (error) {
          skipped.push({ path: record.path, reason: `it could not be written back (${describeFsError(error)})` });
        }
      }
    } finally {
      this.paused = false;
    }
    return skipped;
  }

  /**
   * Writes one stored record back. A regular file's bytes are handed to the FS as they are
   * (`canOwn`): the records were transferred to this worker and nothing else holds them, so a
   * copy of every byte (20 MB of a big container) would be wasted.
   */
  private restoreOne(record: FileRecord, madeDirs: Set<string>): void {
    const FS = this.FS;
    const type = record.mode & S_IFMT;
    const parent = record.path.slice(0, record.path.lastIndexOf("/"));
    if (parent && !madeDirs.has(parent)) {
      FS.mkdirTree(parent);
      madeDirs.add(parent);
    }
    if (type === S_IFDIR) {
      if (!FS.analyzePath(record.path, false).exists) FS.mkdir(record.path);
      madeDirs.add(record.path);
    } else if (type === S_IFLNK) {
      if (!FS.analyzePath(record.path, true).exists) FS.symlink(new TextDecoder().decode(record.data), record.path);
      return;
    } else {
      const stream = FS.open(record.path, "w");
      try {
        FS.write(stream, record.data, 0, record.data.length, 0, /* canOwn */ true);
      } finally {
        FS.close(stream);
      }
      this.used += record.data.length - (this.sizes.get(record.path) ?? 0);
      this.sizes.set(record.path, record.data.length);
    }
    FS.chmod(record.path, record.mode & 0o7777);
    FS.utime(record.path, record.mtime, record.mtime);
  }

  /** The changes since the last take(), with current bytes; resets the dirty set. */
  take(): ChangeSet {
    const FS = this.FS;
    const paths = new Set(this.dirty);
    for (const dir of this.movedIn) for (const path of pathsUnder(FS, dir)) paths.add(path);
    const put: FileRecord[] = [];
    const removed = new Set(this.deleted);
    for (const path of paths) {
      let st: { mode: number; size: number; mtime: Date | number };
      try {
        st = FS.lstat(path);
      } catch {
        removed.add(path);
        continue;
      }
      const type = st.mode & S_IFMT;
      const mtime = st.mtime instanceof Date ? st.mtime.getTime() : Number(st.mtime);
      // A fresh array per record: records' buffers are transferred to the main thread.
      let data: Uint8Array = new Uint8Array(0);
      if (type === S_IFLNK) data = utf8.encode(FS.readlink(path));
      else if (type !== S_IFDIR) {
        data = FS.readFile(path) as Uint8Array;
        this.used += data.length - (this.sizes.get(path) ?? 0);
        this.sizes.set(path, data.length);
      }
      put.push({ path, data, mode: st.mode, mtime });
    }
    const stillThere = new Set(put.map((r) => r.path));
    for (const path of removed) {
      for (const [sized, bytes] of this.sizes) {
        if (isUnder(sized, path) && !stillThere.has(sized)) {
          this.used -= bytes;
          this.sizes.delete(sized);
        }
      }
    }
    this.dirty.clear();
    this.deleted.clear();
    this.movedIn.clear();
    this.callSizes.clear();
    this.growth = 0;
    return { put, delete: [...removed] };
  }
}
