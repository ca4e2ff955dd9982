// Emscripten filesystem errors in words. Its ErrnoError carries only a number (no message), so
// every place that shows one to the model or the user goes through describeFsError.

// Emscripten's wasm errno numbers (musl/WASI numbering), mapped to the Node-style codes
// and texts that just-bash's commands look for when they format their own messages.
export const ERRNO: Record<number, [code: string, text: string]> = {
  2: ["EACCES", "permission denied"],
  10: ["EBUSY", "resource busy or locked"],
  20: ["EEXIST", "file already exists"],
  28: ["EINVAL", "invalid argument"],
  31: ["EISDIR", "illegal operation on a directory"],
  32: ["ELOOP", "too many symbolic links encountered"],
  44: ["ENOENT", "no such file or directory"],
  51: ["ENOSPC", "no space left on device"],
  54: ["ENOTDIR", "not a directory"],
  55: ["ENOTEMPTY", "directory not empty"],
  63: ["EPERM", "operation not permitted"],
  69: ["EROFS", "read-only file system"],
  75: ["EXDEV", "cross-device link not permitted"],
};

/** Sentences for errno numbers, as strerror(3) words them. */
const ERRNO_SENTENCES: Record<string, string> = {
  EACCES: "Permission denied",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  EINVAL: "Invalid argument",
  EISDIR: "Is a directory",
  ELOOP: "Too many levels of symbolic links",
  ENOENT: "No such file or directory",
  ENOSPC: "No space left on device",
  ENOTDIR: "Not a directory",
  ENOTEMPTY: "Directory not empty",
  EPERM: "Operation not permitted",
  EXDEV: "Invalid cross-device link",
};

/**
 * Words for any error a filesystem operation throws. Emscripten's ErrnoError carries only a
 * number (its message is undefined), so it is looked up; never answers "undefined".
 */
export function describeFsError(error: unknown): string {
  const { errno, message } = (error ?? {}) as { errno?: unknown; message?: unknown };
  if (typeof message === "string" && message !== "") return message;
  if (typeof errno === "number") {
    const code = ERRNO[errno]?.[0];
    return code ? (ERRNO_SENTENCES[code] ?? code) : `Input/output error (errno ${errno})`;
  }
  return String(error ?? "unknown error");
}
