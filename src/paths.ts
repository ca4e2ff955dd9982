// POSIX path handling shared by the editor and the filesystem adapter, and the container's
// well-known folders (the names hosted containers give them).

/** The working directory of every call. */
export const WORKDIR = "/workspace";
/** Files a call leaves at the top level of this folder are handed back to the user. */
export const OUTPUT_DIR = "/tmp/outputs";
/** Where uploaded files land. */
export const INPUT_DIR = "/workspace/inputs";

/** The environment variables that name those folders, as the shell and Python see them. */
export const FOLDER_VARIABLES: Readonly<Record<string, string>> = { HOME: WORKDIR, INPUT_DIR, OUTPUT_DIR };

/** Expands $NAME and ${NAME} for the folder variables; anything else is left as written. */
export function expandFolderVariables(path: string): string {
  return path.replace(
    /\$(?:\{(\w+)\}|(\w+))/g,
    (whole, braced: string | undefined, bare: string | undefined) => FOLDER_VARIABLES[(braced ?? bare)!] ?? whole,
  );
}

/** Resolves ".", ".." and repeated slashes; the result is absolute. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** Whether `path` is `dir` or lies below it (both absolute and normalised). */
export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}
