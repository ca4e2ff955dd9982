// The container's files, reached through ordinary bash calls (find, cp to $OUTPUT_DIR, rm), so
// the file panel needs nothing beyond the Container contract.
import { summarize, type Container } from "./package-api.ts";
import type { Session } from "./session.ts";

export interface WorkspaceEntry {
  path: string;
  kind: "file" | "dir";
  size: number;
}

const ROOT = "/workspace";
const MAX_ENTRIES = 2000;

/** A path as one single-quoted shell word. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function outputOf(block: Awaited<ReturnType<Session["run"]>>): { stdout: string; stderr: string; code: number; fileIds: string[] } {
  const { stdout, stderr, returnCode, fileIds } = summarize(block)!;
  return { stdout, stderr, code: returnCode ?? -1, fileIds };
}

export async function listWorkspace(session: Session): Promise<WorkspaceEntry[]> {
  const result = outputOf(
    await session.runBash(
      `find ${ROOT} -mindepth 1 -type d -printf 'd\\t0\\t%p\\n' | head -n ${MAX_ENTRIES}; find ${ROOT} -type f -printf 'f\\t%s\\t%p\\n' | head -n ${MAX_ENTRIES}`,
    ),
  );
  if (result.code !== 0) throw new Error(result.stderr || "could not list the files");
  return result.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [kind, size, ...rest] = line.split("\t");
      return { kind: kind === "d" ? "dir" : "file", size: Number(size), path: rest.join("\t") } as WorkspaceEntry;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** A file's bytes: copied to $OUTPUT_DIR, which hands it back as a downloadable output. */
export async function readWorkspaceFile(session: Session, path: string): Promise<Uint8Array> {
  const result = outputOf(await session.runBash(`cp -- ${shellQuote(path)} "$OUTPUT_DIR/"`));
  const fileId = result.fileIds[0];
  if (result.code !== 0 || !fileId) throw new Error(result.stderr || `could not read ${path}`);
  return (await session.ready()).downloadFile(fileId);
}

export async function deleteWorkspacePath(session: Session, path: string): Promise<void> {
  if (!path.startsWith(`${ROOT}/`)) throw new Error(`refusing to delete ${path}: outside ${ROOT}`);
  const result = outputOf(await session.runBash(`rm -rf -- ${shellQuote(path)}`, true));
  if (result.code !== 0) throw new Error(result.stderr || `could not delete ${path}`);
}

export function relativePath(path: string): string {
  return path.startsWith(`${ROOT}/`) ? path.slice(ROOT.length + 1) : path;
}

/** An output or upload file of a local container, with its name when the container keeps one. */
export async function containerFile(container: Container, fileId: string): Promise<{ data: Uint8Array; name?: string }> {
  const [data, meta] = await Promise.all([container.downloadFile(fileId), container.fileMetadata?.(fileId).catch(() => undefined)]);
  return meta ? { data, name: meta.filename } : { data };
}
