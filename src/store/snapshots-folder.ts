// Node's durable snapshot cache: one file per key under os.tmpdir(), written atomically (a
// temporary file renamed into place), so a crash mid-write never leaves a half snapshot.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DurableSnapshots } from "./snapshot-store.ts";

export const SNAPSHOT_DIR = join(tmpdir(), "code-exec-sandbox-snapshots");
const fileName = (key: string) => `${key.replace(/[^A-Za-z0-9._-]/g, "_")}.snapshot`;

export function nodeSnapshots(dir = SNAPSHOT_DIR): DurableSnapshots {
  const path = (key: string) => join(dir, fileName(key));
  return {
    async get(key) {
      try {
        const data = await readFile(path(key));
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      } catch {
        return undefined;
      }
    },
    async put(key, bytes) {
      await mkdir(dir, { recursive: true });
      const target = path(key);
      const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes instanceof Uint8Array ? bytes : new Uint8Array(await bytes.arrayBuffer()));
      await rename(temporary, target);
      // Snapshots of other builds are dead weight (30 MiB each).
      const keep = fileName(key);
      for (const name of await readdir(dir)) {
        if (name !== keep && name.endsWith(".snapshot")) await rm(join(dir, name), { force: true });
      }
    },
    async delete(key) {
      await rm(path(key), { force: true });
    },
  };
}
