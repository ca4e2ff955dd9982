// Agent Skills in the local container, where the hosted tool puts them: /skills/<name>/. The
// folder is a filesystem of its own (a separate MEMFS mount) whose nodes refuse every change with
// EROFS, as a read-only mount would. Being a mount point, /skills cannot be renamed or removed
// (EBUSY), files cannot be moved in or out (EXDEV), and the change tracker leaves it out, so
// skill files are never stored as user files nor counted against the disk budget.
import type { PyodideAPI } from "pyodide";
import type { SkillFiles } from "../protocol/worker-api.ts";

type EmscriptenFS = PyodideAPI["FS"];

export const SKILLS_DIR = "/skills";

// wasm (musl/WASI) errno of "Read-only file system".
const EROFS = 69;

interface FsNode {
  mode: number;
  contents?: Record<string, FsNode> | Uint8Array | null;
  node_ops: Record<string, unknown>;
  stream_ops: Record<string, unknown>;
}

/** Every operation that would change a node, by kind of node. */
const WRITING_NODE_OPS = ["setattr", "mknod", "rename", "unlink", "rmdir", "symlink"];
const WRITING_STREAM_OPS = ["write", "allocate", "msync"];

export function mountSkills(FS: EmscriptenFS, skills: readonly SkillFiles[]): void {
  const fs = FS as EmscriptenFS & { filesystems: Record<string, unknown>; mount(type: unknown, opts: object, path: string): unknown };
  FS.mkdirTree(SKILLS_DIR);
  fs.mount(fs.filesystems["MEMFS"], {}, SKILLS_DIR);
  for (const skill of skills) {
    for (const [path, data] of Object.entries(skill.files)) {
      const full = `${SKILLS_DIR}/${skill.name}/${path}`;
      FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
      FS.writeFile(full, data);
    }
  }
  freeze(FS, (FS.lookupPath(SKILLS_DIR, {}) as unknown as { node: FsNode }).node);
}

/** Replaces the writing operations of `node` and everything under it with ones that fail. */
function freeze(FS: EmscriptenFS, node: FsNode): void {
  const ErrnoError = (FS as unknown as { ErrnoError: new (errno: number) => Error }).ErrnoError;
  const refuse = () => {
    throw new ErrnoError(EROFS);
  };
  const without = (ops: Record<string, unknown>, names: string[]) => {
    const copy = { ...ops };
    for (const name of names) if (name in copy) copy[name] = refuse;
    return copy;
  };
  const visit = (current: FsNode) => {
    current.node_ops = without(current.node_ops, WRITING_NODE_OPS);
    if (current.stream_ops) current.stream_ops = without(current.stream_ops, WRITING_STREAM_OPS);
    if (FS.isDir(current.mode) && current.contents && !(current.contents instanceof Uint8Array)) {
      for (const child of Object.values(current.contents)) visit(child);
    }
  };
  visit(node);
}
