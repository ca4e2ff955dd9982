// A container as a zip file: its stored files at their paths (without the leading "/"), plus
// container.json with its name and each file's mode and modification time. Importing makes a
// new container from such a zip (or any zip: files land at "/" + their path in it).
//
// fflate does the zip work: a small pure-JS library with no dependencies that runs in the page
// and in Node, and reads an archive's directory before inflating, so an import can be refused
// by its declared size before any byte is decompressed.
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { DEFAULT_LIMITS, type ContainerStore, type Workbench } from "./package-api.ts";

function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${Math.round(n / 1024 ** 2)} MB`;
}

export const MANIFEST_NAME = "container.json";
const FORMAT = "code-exec-sandbox/container";
/** A regular file, rw-r--r--: what an imported file without a recorded mode gets. */
const DEFAULT_MODE = 0o100644;
/** A folder, rwxr-xr-x. */
const DEFAULT_DIR_MODE = 0o40755;
const TYPE_BITS = 0o170000;
const isDir = (mode: number) => (mode & TYPE_BITS) === 0o40000;

interface Manifest {
  format: typeof FORMAT;
  version: 1;
  id: string;
  name: string | null;
  created_at: string;
  exported_at: string;
  files: Record<string, { mode: number; mtime: number }>;
}

/** The zip's bytes and a file name for it. */
export async function exportContainer(
  store: ContainerStore,
  workbench: Workbench,
  id: string,
): Promise<{ data: Uint8Array; name: string }> {
  const [meta, files, label] = await Promise.all([store.openContainer(id), store.loadFiles(id), workbench.label(id)]);
  const entries: Zippable = {};
  const manifest: Manifest = {
    format: FORMAT,
    version: 1,
    id,
    name: label.name ?? null,
    created_at: meta.created_at,
    exported_at: new Date().toISOString(),
    files: {},
  };
  for (const [path, file] of files) {
    // Folders are kept too (an empty one is part of the work): zip folder entries end with "/".
    const inZip = isDir(file.mode) ? `${path.slice(1)}/` : path.slice(1);
    // Keep the file's time; zip times before 1980 cannot be written.
    entries[inZip] = [file.data, { mtime: Math.max(file.mtime, Date.UTC(1980, 0, 2)) }];
    manifest.files[inZip] = { mode: file.mode, mtime: file.mtime };
  }
  entries[MANIFEST_NAME] = strToU8(JSON.stringify(manifest, null, 2));
  const base = (label.name ?? id).replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || id;
  return { data: zipSync(entries, { level: 6 }), name: `${base}.zip` };
}

/** Why a path inside a zip cannot be a container file, or null when it can. */
function badPath(name: string): string | null {
  if (name.includes("\\")) return "it contains a backslash";
  if (name.startsWith("/")) return "it is absolute";
  const parts = name.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return "it has an empty, . or .. part";
  return null;
}

export interface ImportOutcome {
  id: string;
  name: string;
  files: number;
  bytes: number;
}

/**
 * A new container holding the zip's files. Refused as a whole (nothing created) when the zip
 * cannot be read, a path is unsafe, or the files together exceed `diskBytes`.
 */
export async function importContainer(
  store: ContainerStore,
  workbench: Workbench,
  zip: Uint8Array,
  fileName: string,
  diskBytes = DEFAULT_LIMITS.diskBytes,
): Promise<ImportOutcome> {
  let declared = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (file) => {
        declared += file.originalSize;
        if (declared > diskBytes) throw new RangeError(`its files add up to more than the disk budget of ${size(diskBytes)}`);
        return true;
      },
    });
  } catch (error) {
    throw new Error(
      `${fileName} was not imported: ${error instanceof RangeError ? error.message : `it is not a readable zip file (${(error as Error).message})`}.`,
    );
  }
  let manifest: Partial<Manifest> = {};
  const manifestBytes = entries[MANIFEST_NAME];
  if (manifestBytes) {
    try {
      manifest = JSON.parse(strFromU8(manifestBytes)) as Partial<Manifest>;
    } catch {
      throw new Error(`${fileName} was not imported: its ${MANIFEST_NAME} is not valid JSON.`);
    }
  }
  const put = new Map<string, { data: Uint8Array; mode: number; mtime: number }>();
  let bytes = 0;
  let files = 0;
  const now = Date.now();
  for (const [name, data] of Object.entries(entries)) {
    if (name === MANIFEST_NAME) continue;
    const folder = name.endsWith("/");
    const path = folder ? name.slice(0, -1) : name;
    const problem = badPath(path);
    if (problem) throw new Error(`${fileName} was not imported: the entry ${JSON.stringify(name)} cannot be a file path (${problem}).`);
    const recorded = manifest.files?.[name];
    const kind = folder ? 0o40000 : 0o100000;
    const mode =
      Number.isInteger(recorded?.mode) && (recorded!.mode & TYPE_BITS) === kind ? recorded!.mode : folder ? DEFAULT_DIR_MODE : DEFAULT_MODE;
    const mtime = Number.isFinite(recorded?.mtime) ? recorded!.mtime : now;
    put.set(`/${path}`, { data: folder ? new Uint8Array() : data, mode, mtime });
    if (folder) continue;
    files += 1;
    bytes += data.length;
  }
  if (bytes > diskBytes)
    throw new Error(`${fileName} was not imported: its files add up to more than the disk budget of ${size(diskBytes)}.`);
  const meta = await store.createContainer();
  try {
    await store.applyChanges(meta.id, { put, delete: [] });
    const name = (typeof manifest.name === "string" && manifest.name.trim()) || fileName.replace(/\.zip$/i, "");
    await workbench.rename(meta.id, name);
    return { id: meta.id, name, files, bytes };
  } catch (error) {
    await store.deleteContainer(meta.id).catch(() => undefined);
    throw error;
  }
}
