// Files a Debian-like container has that tools and agents read to learn where they are.
// They live in /etc and /proc, runtime folders: written at every boot, never stored with the
// user's files.
import type { PyodideAPI } from "pyodide";

export const SYSTEM_DIR = "/etc";

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

/** One "processor" block per processor the page may use (nproc counts the same). */
function cpuinfo(): string {
  const count = Math.max(1, (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 1);
  return Array.from({ length: count }, (_, n) => `processor\t: ${n}\nvendor_id\t: GenuineIntel\nmodel name\t: Virtual CPU\n\n`).join("");
}

const SYSTEM_FILES: Record<string, () => string> = {
  "/etc/os-release": () => OS_RELEASE,
  "/etc/debian_version": () => "12.11\n",
  "/etc/hostname": () => "localhost\n",
  "/proc/cpuinfo": cpuinfo,
};

export function writeSystemFiles(FS: PyodideAPI["FS"]): void {
  for (const [path, text] of Object.entries(SYSTEM_FILES)) {
    FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    FS.writeFile(path, text());
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** The usual umask of a Debian shell: new files 0644, new folders 0755. */
const UMASK = 0o022;

/**
 * Emscripten has no umask: files and folders are created 0666 and 0777. Folders are made through
 * FS.mknod; a file made by FS.open (Python's open, the shell's writes) gets open's `mode` last.
 */
export function applyUmask(FS: PyodideAPI["FS"]): void {
  const fs = FS as unknown as {
    mknod(path: string, mode: number, dev: number): unknown;
    open(path: unknown, flags: unknown, mode?: number): unknown;
  };
  const mknod = fs.mknod.bind(FS);
  const open = fs.open.bind(FS);
  fs.mknod = (path, mode, dev) => mknod(path, (mode & S_IFMT) === S_IFLNK ? mode : mode & ~UMASK, dev);
  fs.open = (path, flags, mode = 0o666) => open(path, flags, mode & ~UMASK);
}
