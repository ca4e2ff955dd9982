// The wheel cache in a folder (Node): <sha256>.whl with <sha256>.json beside it, and one
// lock-<hash>.json per source. Files are written under a temporary name and renamed, so a
// crash never leaves a half-written wheel under its hash.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CachedWheel, WheelCache } from "./wheel-cache.ts";

const DEFAULT_DIR = join(tmpdir(), "code-exec-sandbox-wheels");

async function readOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function folderWheelCache(dir = DEFAULT_DIR): WheelCache {
  const write = async (name: string, data: Uint8Array | string) => {
    await mkdir(dir, { recursive: true });
    const temporary = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}`);
    await writeFile(temporary, data);
    await rename(temporary, join(dir, name));
  };
  const lockFile = (sourceURL: string) => `lock-${createHash("sha256").update(sourceURL).digest("hex").slice(0, 16)}.json`;
  return {
    async get(sha256) {
      const bytes = await readOrUndefined(() => readFile(join(dir, `${sha256}.whl`)));
      return bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
    },
    async put(wheel, bytes) {
      await write(`${wheel.sha256}.whl`, bytes);
      await write(`${wheel.sha256}.json`, JSON.stringify(wheel));
    },
    async getLock(sourceURL) {
      return readOrUndefined(() => readFile(join(dir, lockFile(sourceURL)), "utf8"));
    },
    async putLock(sourceURL, text) {
      await write(lockFile(sourceURL), text);
    },
    async list() {
      const names = (await readOrUndefined(() => readdir(dir))) ?? [];
      const wheels: CachedWheel[] = [];
      for (const name of names) {
        if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
        const text = await readOrUndefined(() => readFile(join(dir, name), "utf8"));
        if (text) wheels.push(JSON.parse(text) as CachedWheel);
      }
      return wheels.sort((a, b) => a.name.localeCompare(b.name));
    },
    async clear() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
