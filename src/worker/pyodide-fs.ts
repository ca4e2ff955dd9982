// just-bash's IFileSystem implemented over Pyodide's Emscripten FS, so the shell and Python
// share ONE filesystem: a file written by `echo > a.txt` is the file `open("a.txt")` reads.
// Emscripten's FS is synchronous; the async signatures are just-bash's contract.
import type { FsStat, IFileSystem } from "just-bash";
import type { PyodideAPI } from "pyodide";
import { base64, latin1 } from "../bytes.ts";
import { normalizePath } from "../paths.ts";
import { ERRNO } from "../fs-errors.ts";

export { latin1, normalizePath };
export { describeFsError } from "../fs-errors.ts";

type EmscriptenFS = PyodideAPI["FS"];

export class FsError extends Error {
  constructor(
    readonly code: string,
    text: string,
    syscall: string,
    path: string,
  ) {
    super(`${code}: ${text}, ${syscall} '${path}'`);
  }
}

/** Turns an Emscripten ErrnoError (which has only a number) into a Node-style error. */
export function toFsError(error: unknown, syscall: string, path: string): unknown {
  const errno = (error as { errno?: unknown } | null)?.errno;
  if (typeof errno !== "number") return error;
  const [code, text] = ERRNO[errno] ?? ["EIO", `i/o error (errno ${errno})`];
  return new FsError(code, text, syscall, path);
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

function toBytes(content: string | Uint8Array, encoding?: string): Uint8Array {
  if (typeof content !== "string") return content;
  switch (encoding) {
    case "binary":
    case "latin1": {
      const bytes = new Uint8Array(content.length);
      for (let i = 0; i < content.length; i++) bytes[i] = content.charCodeAt(i) & 0xff;
      return bytes;
    }
    case "base64":
      return Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
    case "hex":
      return Uint8Array.from(content.match(/../g) ?? [], (h) => parseInt(h, 16));
    default:
      return utf8.encode(content);
  }
}

function fromBytes(bytes: Uint8Array, encoding?: string | null): string {
  switch (encoding) {
    case "binary":
    case "latin1":
      return latin1(bytes);
    case "base64":
      return base64(bytes);
    case "hex":
      return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    default:
      return utf8Decoder.decode(bytes);
  }
}

function encodingOf(options: unknown): string | undefined {
  if (typeof options === "string") return options;
  const encoding = (options as { encoding?: string | null } | undefined)?.encoding;
  return encoding ?? undefined;
}

/** Every path below `dir` (not `dir` itself), depth first; symlinks are listed, not followed. */
export function pathsUnder(fs: EmscriptenFS, dir: string, into: string[] = []): string[] {
  let names: string[];
  try {
    names = fs.readdir(dir) as string[];
  } catch {
    return into;
  }
  for (const name of names) {
    if (name === "." || name === "..") continue;
    const path = `${dir === "/" ? "" : dir}/${name}`;
    into.push(path);
    if ((fs.lstat(path).mode & S_IFMT) === S_IFDIR) pathsUnder(fs, path, into);
  }
  return into;
}

export class PyodideFs implements IFileSystem {
  constructor(private readonly fs: EmscriptenFS) {}

  private call<T>(syscall: string, path: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw toFsError(error, syscall, path);
    }
  }

  private toStat(st: { mode: number; size: number; mtime: Date | number; ino?: number; dev?: number }): FsStat {
    const type = st.mode & S_IFMT;
    return {
      isFile: type === S_IFREG,
      isDirectory: type === S_IFDIR,
      isSymbolicLink: type === S_IFLNK,
      mode: st.mode & 0o7777,
      size: st.size,
      mtime: st.mtime instanceof Date ? st.mtime : new Date(st.mtime),
      ino: st.ino,
      dev: st.dev,
    };
  }

  async readFile(path: string, options?: unknown): Promise<string> {
    return fromBytes(await this.readFileBuffer(path), encodingOf(options));
  }

  /** Raw bytes as a latin1 string (one char per byte): what pipes and `<` redirects carry. */
  async readFileBytes(path: string): Promise<never> {
    return latin1(await this.readFileBuffer(path)) as never;
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    return this.call("open", path, () => this.fs.readFile(path) as Uint8Array);
  }

  async writeFile(path: string, content: string | Uint8Array, options?: unknown): Promise<void> {
    const data = toBytes(content, encodingOf(options));
    this.call("open", path, () => this.fs.writeFile(path, data));
  }

  async appendFile(path: string, content: string | Uint8Array, options?: unknown): Promise<void> {
    const data = toBytes(content, encodingOf(options));
    this.call("open", path, () => {
      const stream = this.fs.open(path, "a");
      try {
        this.fs.write(stream, data, 0, data.length);
      } finally {
        this.fs.close(stream);
      }
    });
  }

  async exists(path: string): Promise<boolean> {
    return this.fs.analyzePath(path, false).exists;
  }

  async stat(path: string): Promise<FsStat> {
    return this.call("stat", path, () => this.toStat(this.fs.stat(path, false)));
  }

  async lstat(path: string): Promise<FsStat> {
    return this.call("lstat", path, () => this.toStat(this.fs.lstat(path)));
  }

  async mkdir(path: string, options?: { recursive?: boolean }): Promise<void> {
    this.call("mkdir", path, () => {
      if (options?.recursive) {
        if (this.fs.analyzePath(path, false).exists) {
          if (!this.fs.isDir(this.fs.stat(path, false).mode)) throw Object.assign(new Error(), { errno: 20 });
          return;
        }
        this.fs.mkdirTree(path);
      } else {
        this.fs.mkdir(path);
      }
    });
  }

  async readdir(path: string): Promise<string[]> {
    return this.call("scandir", path, () => (this.fs.readdir(path) as string[]).filter((name) => name !== "." && name !== "..").sort());
  }

  async readdirWithFileTypes(path: string) {
    const names = await this.readdir(path);
    return names.map((name) => {
      const st = this.fs.lstat(`${path === "/" ? "" : path}/${name}`);
      const type = st.mode & S_IFMT;
      return { name, isFile: type === S_IFREG, isDirectory: type === S_IFDIR, isSymbolicLink: type === S_IFLNK };
    });
  }

  async rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> {
    if (!this.fs.analyzePath(path, false).exists) {
      // analyzePath follows links; a dangling symlink still has to be removable.
      try {
        this.fs.lstat(path);
      } catch {
        if (options?.force) return;
        throw new FsError("ENOENT", "no such file or directory", "rm", path);
      }
    }
    this.call("rm", path, () => this.remove(path, options?.recursive ?? false));
  }

  private remove(path: string, recursive: boolean): void {
    const st = this.fs.lstat(path);
    if ((st.mode & S_IFMT) !== S_IFDIR) {
      this.fs.unlink(path);
      return;
    }
    const children = (this.fs.readdir(path) as string[]).filter((n) => n !== "." && n !== "..");
    if (children.length > 0 && !recursive) throw Object.assign(new Error(), { errno: 55 });
    for (const child of children) this.remove(`${path === "/" ? "" : path}/${child}`, true);
    this.fs.rmdir(path);
  }

  async cp(src: string, dest: string, options?: { recursive?: boolean }): Promise<void> {
    this.call("cp", src, () => this.copy(src, dest, options?.recursive ?? false));
  }

  private copy(src: string, dest: string, recursive: boolean): void {
    const st = this.fs.stat(src, false);
    if (this.fs.isDir(st.mode)) {
      if (!recursive) throw new FsError("EISDIR", "is a directory", "cp", src);
      if (!this.fs.analyzePath(dest, false).exists) this.fs.mkdir(dest, st.mode & 0o7777);
      for (const name of this.fs.readdir(src) as string[]) {
        if (name === "." || name === "..") continue;
        this.copy(`${src}/${name}`, `${dest}/${name}`, true);
      }
      return;
    }
    this.fs.writeFile(dest, this.fs.readFile(src) as Uint8Array);
    this.fs.chmod(dest, st.mode & 0o7777);
  }

  async mv(src: string, dest: string): Promise<void> {
    this.call("mv", src, () => {
      // rename(2) replaces an existing destination file; Emscripten's MEMFS does too,
      // except for directories, which must be empty.
      this.fs.rename(src, dest);
    });
  }

  resolvePath(base: string, path: string): string {
    return normalizePath(path.startsWith("/") ? path : `${base}/${path}`);
  }

  getAllPaths(): string[] {
    // Only used by just-bash for globbing fallbacks; the workspace is what users glob.
    return pathsUnder(this.fs, "/workspace");
  }

  async chmod(path: string, mode: number): Promise<void> {
    this.call("chmod", path, () => this.fs.chmod(path, mode));
  }

  async symlink(target: string, linkPath: string): Promise<void> {
    this.call("symlink", linkPath, () => this.fs.symlink(target, linkPath));
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    // MEMFS has no hard links; a copy is the closest faithful behaviour for scripts.
    this.call("link", existingPath, () => {
      if (this.fs.analyzePath(newPath, false).exists) throw Object.assign(new Error(), { errno: 20 });
      this.fs.writeFile(newPath, this.fs.readFile(existingPath) as Uint8Array);
    });
  }

  async readlink(path: string): Promise<string> {
    return this.call("readlink", path, () => this.fs.readlink(path));
  }

  async realpath(path: string): Promise<string> {
    return this.call("realpath", path, () => {
      const info = this.fs.analyzePath(path, false);
      if (!info.exists) throw Object.assign(new Error(), { errno: 44 });
      return info.path || path;
    });
  }

  async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    this.call("utime", path, () => this.fs.utime(path, atime.getTime(), mtime.getTime()));
  }
}
