// POSIX path handling shared by the editor and the filesystem adapter.

/** Resolves ".", ".." and repeated slashes; the result is absolute. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}
