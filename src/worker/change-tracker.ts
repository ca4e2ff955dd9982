// Knows what each call changed in the filesystem, so the container persists only that (no walk
// of the whole tree per call), and enforces the disk budget on writes.
//
// Emscripten's FS.trackingDelegate reports opens, writes, moves, deletes, mkdirs and symlinks by
// path. Paths are collected as "dirty" during a call; `take()` then reads each one's current state
// (its bytes, or that it is gone) and hands the set to the container, which stores it.
import type { PyodideAPI } from "pyodide";
import { normalizePath, pathsUnder } from "./pyodide-fs.ts";

type EmscriptenFS = PyodideAPI["FS"];

export interface FileRecord {
  path: string;
  /** File bytes; a symlink's target as UTF-8; empty for a directory. */
  data: Uint8Array;
  /** Full st_mode (type and permission bits). */
  mode: number;
  /** ms since the epoch */
  mtime: number;
}

export interface ChangeSet {
  put: FileRecord[];
  /** Removed paths; a directory's path stands for everything under it. */
  delete: string[];
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const ENOSPC = 51;
// open(2) flags that can change a file: O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND.
const WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000;

const utf8 = new TextEncoder();

const isUnder = (path: string, dir: string) => path === dir || path.startsWith(dir + "/");

export class ChangeTracker {
  private dirty = new Set<string>();
  private deleted = new Set<string>();
  /** Directories moved into place this call: everything under them is new at its path. */
  private movedIn = new Set<string>();
  /** Byte size of every tracked file, for the disk budget. */
  private sizes = new Map<string, number>();
  private used = 0;
  /** Bytes this call's writes added, counted as they happen; settled in take(). */
  private growth = 0;
  private paused = false;

  constructor(
    private readonly FS: EmscriptenFS,
    private readonly diskBytes: number,
    /** Runtime folders (the stdlib, /dev, $OUTPUT_DIR…) are not the user's files. */
    private readonly isTracked: (path: string) => boolean,
  ) {}

  get usedBytes(): number {
    return this.used;
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
      if (normal) this.deleted.add(normal);
    };
    FS.trackingDelegate.onMovePath = (from: string, to: string) => {
      const source = tracked(from);
      const target = tracked(to);
      if (source) this.deleted.add(source);
      if (target) {
        this.dirty.add(target);
        this.movedIn.add(target);
      }
    };
    this.capWrites();
  }

  /**
   * Refuses writes that would take the user's files past the disk budget, with ENOSPC, before any
   * byte lands: the file keeps its old contents and Python sees OSError [Errno 28]-style failure.
   */
  private capWrites(): void {
    type Stream = { path?: string; node: { usedBytes?: number }; position: number };
    type Write = (stream: Stream, buffer: Uint8Array, offset: number, length: number, position?: number, canOwn?: boolean) => number;
    const FS = this.FS as unknown as { write: Write; ErrnoError: new (errno: number) => Error };
    const write = FS.write.bind(FS);
    FS.write = (stream: Stream, buffer: Uint8Array, offset: number, length: number, position?: number, canOwn?: boolean) => {
      const path = stream.path && normalizePath(stream.path);
      if (path && !this.paused && this.isTracked(path)) {
        const size = stream.node.usedBytes ?? 0;
        const end = (typeof position === "number" ? position : stream.position) + length;
        const grows = Math.max(0, end - size);
        if (grows > 0 && this.used + this.growth + grows > this.diskBytes) throw new FS.ErrnoError(ENOSPC);
        this.growth += grows;
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

  /** Writes stored files into the filesystem without marking them as changed. */
  restore(records: FileRecord[]): void {
    const FS = this.FS;
    this.paused = true;
    try {
      // Parents first: a record's folder may itself be a record (with its own mode).
      const sorted = [...records].sort((a, b) => a.path.localeCompare(b.path));
      for (const record of sorted) {
        const type = record.mode & S_IFMT;
        const parent = record.path.slice(0, record.path.lastIndexOf("/"));
        if (parent) FS.mkdirTree(parent);
        if (type === S_IFDIR) {
          if (!FS.analyzePath(record.path, false).exists) FS.mkdir(record.path);
        } else if (type === S_IFLNK) {
          if (!FS.analyzePath(record.path, true).exists) FS.symlink(new TextDecoder().decode(record.data), record.path);
          continue;
        } else {
          FS.writeFile(record.path, record.data);
          this.sizes.set(record.path, record.data.length);
          this.used += record.data.length;
        }
        FS.chmod(record.path, record.mode & 0o7777);
        FS.utime(record.path, record.mtime, record.mtime);
      }
    } finally {
      this.paused = false;
    }
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
    this.growth = 0;
    return { put, delete: [...removed] };
  }
}
