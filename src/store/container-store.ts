// ContainerStore: the durable side of a container. Metadata, every user-writable file and every
// downloadable output live in one IndexedDB object store (idb-keyval's createStore), laid out as in
// keys.ts and migrated by migrate.ts before first use.
//
// Two tabs (or a tab and a restarted worker) on one container: LAST WRITE WINS PER FILE. Each file
// is its own record, and each applyChanges is one readwrite transaction, which IndexedDB runs one
// after another; so whichever tab commits a file last owns that file's content, and files the
// other tab did not touch in that call are left alone. There is deliberately no lock: a lock
// would either shut the second tab out or leave it waiting on a tab that died while holding it,
// and two shells writing into one disk behave exactly like this. What else follows:
// - one call's changes are atomic: a tab sees all of another tab's call or none of it;
// - a deleted directory removes what the other tab stored under it up to that moment; a later put
//   from the other tab brings back only the file it puts;
// - once a container is deleted (or purged), writes to it fail with ContainerNotFoundError instead
//   of leaving orphan files behind;
// - tabs are not notified of each other's writes; reopening the container reloads the files.
//
// Expiry is checked where a container is (re)opened or listed, against the injectable clock. A
// container already open keeps working until it is deleted or purged, so a long session that
// crosses the 30-day mark does not lose the write it is making.
import { createStore, type UseStore } from "idb-keyval";
import type { ContainerMeta, ContainerStorage, DamagedFile, FileChanges, StoredFile, StoredFileRecord, StoredOutput } from "./types.ts";
import { checksum } from "./checksum.ts";
import { ContainerExpiredError, ContainerNotFoundError } from "./errors.ts";
import { newContainerId } from "./ids.ts";
import { storableBytes } from "./bytes.ts";
import { migrate, type MigrationResult } from "./migrate.ts";
import { createStoreOn, type IndexedDBImpl } from "./open.ts";
import { deleteWorkbenchRecords } from "./workbench-keys.ts";
import { transact, type Guard } from "./tx.ts";
import {
  fileKey,
  filePrefix,
  lastElement,
  metaKey,
  metaPrefix,
  outIndexKey,
  outIndexPrefix,
  outKey,
  prefixRange,
  sizeKey,
  sizePrefix,
  subtreeRange,
} from "./keys.ts";

export type { ContainerMeta, ContainerStorage, DamagedFile, FileChanges, StoredFile, StoredOutput } from "./types.ts";
export { ContainerExpiredError, ContainerNotFoundError } from "./errors.ts";

export const DEFAULT_DB_NAME = "code-exec-sandbox";
/** The one object store inside the database; the key prefixes (keys.ts) separate record kinds. */
export const OBJECT_STORE_NAME = "records";
/** Containers expire 30 days after creation, like the hosted tool's. */
export const CONTAINER_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface ContainerStoreOptions {
  /** IndexedDB database name; tests use a fresh one per test. */
  dbName?: string;
  /** The clock used for created_at and expiry; injectable so tests can jump 30 days. */
  now?: () => Date;
  /** Id generator for new containers (default: newContainerId); tests use it to pick ids. */
  newId?: () => string;
  /** The IndexedDB to use (default: the page's); an in-memory one keeps nothing on disk. */
  indexedDB?: IndexedDBImpl;
}

export class ContainerStore implements ContainerStorage {
  readonly ttlMs: number = CONTAINER_TTL_MS;
  readonly dbName: string;
  readonly #useStore: UseStore;
  readonly #now: () => Date;
  readonly #newId: () => string;
  #ready: Promise<MigrationResult> | undefined;

  constructor(options: ContainerStoreOptions = {}) {
    this.dbName = options.dbName ?? DEFAULT_DB_NAME;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? newContainerId;
    // createStore opens the database lazily, on the first transaction.
    this.#useStore = options.indexedDB
      ? createStoreOn(options.indexedDB, this.dbName, OBJECT_STORE_NAME)
      : createStore(this.dbName, OBJECT_STORE_NAME);
  }

  /** The object store's transactions, for record kinds kept by other modules (workbench.ts). */
  get records(): UseStore {
    return this.#useStore;
  }

  /**
   * Brings the database to the current schema (once per instance; every method awaits it).
   * Exposed so callers can surface a migration failure early and tests can see what it did.
   */
  ready(): Promise<MigrationResult> {
    if (this.#ready === undefined) {
      const pending = migrate(this.#useStore);
      this.#ready = pending;
      // A failed attempt (e.g. storage blocked) is not cached: the next call tries again.
      pending.catch(() => {
        if (this.#ready === pending) this.#ready = undefined;
      });
    }
    return this.#ready;
  }

  async createContainer(): Promise<ContainerMeta> {
    await this.ready();
    const created = this.#now();
    const meta: ContainerMeta = {
      id: this.#newId(),
      created_at: created.toISOString(),
      expires_at: new Date(created.getTime() + this.ttlMs).toISOString(),
    };
    return transact(this.#useStore, "readwrite", (store) => {
      // add, not put: an id collision (2^-142) fails loudly instead of taking over a container.
      store.add(meta, metaKey(meta.id));
      return () => meta;
    });
  }

  /** The container's metadata; never creates one. */
  async openContainer(id: string): Promise<ContainerMeta> {
    await this.ready();
    const meta = await transact(this.#useStore, "readonly", (store) => {
      const read = store.get(metaKey(id)) as IDBRequest<ContainerMeta | undefined>;
      return () => read.result;
    });
    if (meta === undefined) throw new ContainerNotFoundError(id);
    if (this.#isExpired(meta)) throw new ContainerExpiredError(id, meta.expires_at);
    return meta;
  }

  /** Unexpired containers, newest first (ties: by id, so the order is stable). */
  async listContainers(): Promise<ContainerMeta[]> {
    await this.ready();
    const all = await transact(this.#useStore, "readonly", (store) => {
      const read = store.getAll(prefixRange(metaPrefix())) as IDBRequest<ContainerMeta[]>;
      return () => read.result;
    });
    return all
      .filter((meta) => !this.#isExpired(meta))
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Removes the metadata, every file and every output of the container. Unknown id: no-op. */
  async deleteContainer(id: string): Promise<void> {
    await this.ready();
    await transact(this.#useStore, "readwrite", (store, guard) => {
      deleteContainerRecords(store, guard, id);
      return () => undefined;
    });
  }

  /**
   * Every sound file of the container, by absolute path: one range read, whatever else is stored.
   * A record that is damaged (no bytes, bad mode, bytes that do not match its checksum) is left
   * out and reported to `onDamaged`, so one bad record never makes a container unopenable.
   * Fast path: getAllKeys + getAll over the container's range. Older Chromium releases failed
   * such batch reads once the records added up past their IPC message limit ("Maximum IPC message
   * size exceeded"); if the batch read fails for any reason, the same range is read again with a
   * cursor, one record per request, rather than leaving the container unopenable.
   */
  async loadFiles(id: string, onDamaged: (damaged: DamagedFile) => void = () => {}): Promise<Map<string, StoredFile>> {
    await this.ready();
    let raw: Array<[IDBValidKey, unknown]>;
    try {
      raw = await transact(this.#useStore, "readonly", (store) => {
        const meta = store.get(metaKey(id));
        // Keys and values of the same range in the same transaction come back in the same order.
        const keys = store.getAllKeys(prefixRange(filePrefix(id)));
        const values = store.getAll(prefixRange(filePrefix(id)));
        return () => {
          if (meta.result === undefined) throw new ContainerNotFoundError(id);
          return keys.result.map((key, i) => [key, values.result[i]] as [IDBValidKey, unknown]);
        };
      });
    } catch (error) {
      if (error instanceof ContainerNotFoundError) throw error;
      raw = await this.#loadFilesWithCursor(id);
    }
    const files = new Map<string, StoredFile>();
    for (const [key, value] of raw) {
      const path = lastElement(key) as string;
      const checked = soundFile(value);
      if (typeof checked === "string") onDamaged({ path, reason: checked });
      else files.set(path, checked);
    }
    return files;
  }

  #loadFilesWithCursor(id: string): Promise<Array<[IDBValidKey, unknown]>> {
    return transact(this.#useStore, "readonly", (store, guard) => {
      const meta = store.get(metaKey(id));
      const records: Array<[IDBValidKey, unknown]> = [];
      const cursorRequest = store.openCursor(prefixRange(filePrefix(id)));
      cursorRequest.onsuccess = guard(() => {
        const cursor = cursorRequest.result;
        if (cursor === null) return;
        records.push([cursor.primaryKey, cursor.value]);
        cursor.continue();
      });
      return () => {
        if (meta.result === undefined) throw new ContainerNotFoundError(id);
        return records;
      };
    });
  }

  /**
   * Writes one call's changes in ONE readwrite transaction: all of them or none. Deletions run
   * before puts. No changes: returns without opening any transaction (a call that changed
   * nothing writes nothing). Throws ContainerNotFoundError, writing nothing, if the container
   * does not exist (e.g. another tab deleted it).
   */
  async applyChanges(id: string, changes: FileChanges): Promise<void> {
    // Validate and copy before touching the database, so bad input cannot half-apply.
    const deletes = changes.delete.map((path) => checkPath(path, "delete"));
    const puts = [...changes.put].map(([path, file]) => ({
      path: checkFilePath(path),
      file: storableFile(path, file),
    }));
    if (deletes.length === 0 && puts.length === 0) return;

    await this.ready();
    let missing = false;
    await transact(this.#useStore, "readwrite", (store, guard) => {
      const meta = store.get(metaKey(id));
      meta.onsuccess = guard(() => {
        if (meta.result === undefined) {
          missing = true;
          return;
        }
        for (const path of deletes) {
          store.delete(fileKey(id, path));
          store.delete(sizeKey(id, path));
          store.delete(subtreeRange(filePrefix(id), path));
          store.delete(subtreeRange(sizePrefix(id), path));
        }
        for (const { path, file } of puts) {
          store.put(file, fileKey(id, path));
          store.put(file.data.byteLength, sizeKey(id, path));
        }
      });
      return () => undefined;
    });
    if (missing) throw new ContainerNotFoundError(id);
  }

  /**
   * Stores a downloadable file under its file_id. file_ids are write-once (like the Files API's):
   * storing a second record under an existing file_id is an error and changes nothing. The
   * container must exist, so that deleting it can remove its outputs.
   */
  async putOutput(output: StoredOutput): Promise<void> {
    const record = storableOutput(output);
    await this.ready();
    let missing = false;
    await transact(this.#useStore, "readwrite", (store, guard) => {
      const meta = store.get(metaKey(record.container_id));
      const existing = store.count(outKey(record.file_id));
      // Requests complete in the order they were made, so both results are known here.
      existing.onsuccess = guard(() => {
        if (meta.result === undefined) {
          missing = true;
          return;
        }
        if (existing.result > 0) {
          throw new Error(`An output with file_id "${record.file_id}" is already stored; file_ids are write-once.`);
        }
        store.put(record, outKey(record.file_id));
        store.put(record.file_id, outIndexKey(record.container_id, record.file_id));
      });
      return () => undefined;
    });
    if (missing) throw new ContainerNotFoundError(record.container_id);
  }

  async getOutput(fileId: string): Promise<StoredOutput | undefined> {
    await this.ready();
    return transact(this.#useStore, "readonly", (store) => {
      const read = store.get(outKey(fileId)) as IDBRequest<StoredOutput | undefined>;
      return () => read.result;
    });
  }

  /** Bytes of all stored files of the container (outputs not counted), without loading them. */
  async diskUsage(id: string): Promise<number> {
    await this.ready();
    return transact(this.#useStore, "readonly", (store) => {
      const meta = store.get(metaKey(id));
      const sizes = store.getAll(prefixRange(sizePrefix(id))) as IDBRequest<number[]>;
      return () => {
        if (meta.result === undefined) throw new ContainerNotFoundError(id);
        return sizes.result.reduce((sum, size) => sum + size, 0);
      };
    });
  }

  /** Deletes every expired container with its files and outputs; answers how many. */
  async purgeExpired(): Promise<number> {
    await this.ready();
    let purged = 0;
    await transact(this.#useStore, "readwrite", (store, guard) => {
      const metas = store.getAll(prefixRange(metaPrefix())) as IDBRequest<ContainerMeta[]>;
      metas.onsuccess = guard(() => {
        for (const meta of metas.result) {
          if (!this.#isExpired(meta)) continue;
          deleteContainerRecords(store, guard, meta.id);
          purged += 1;
        }
      });
      return () => purged;
    });
    return purged;
  }

  // Expired from the instant expires_at is reached.
  #isExpired(meta: ContainerMeta): boolean {
    return this.#now().getTime() >= Date.parse(meta.expires_at);
  }
}

/** Queues the deletion of everything stored for one container (inside the caller's transaction). */
function deleteContainerRecords(store: IDBObjectStore, guard: Guard, id: string): void {
  store.delete(metaKey(id));
  deleteWorkbenchRecords(store, id);
  store.delete(prefixRange(filePrefix(id)));
  store.delete(prefixRange(sizePrefix(id)));
  const outputs = store.getAll(prefixRange(outIndexPrefix(id))) as IDBRequest<string[]>;
  outputs.onsuccess = guard(() => {
    for (const fileId of outputs.result) store.delete(outKey(fileId));
    store.delete(prefixRange(outIndexPrefix(id)));
  });
}

function checkPath(path: unknown, what: string): string {
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new TypeError(`${what}: expected an absolute path such as "/workspace/a.txt", got ${JSON.stringify(path)}`);
  }
  return path;
}

function checkFilePath(path: unknown): string {
  const checked = checkPath(path, "put");
  if (checked.endsWith("/")) throw new TypeError(`put: "${checked}" names a directory, not a file`);
  return checked;
}

function storableFile(path: string, file: StoredFile): StoredFileRecord {
  if (!Number.isFinite(file?.mode) || !Number.isFinite(file?.mtime)) {
    throw new TypeError(`put "${path}": mode and mtime must be finite numbers`);
  }
  const data = storableBytes(file.data);
  return { data, mode: file.mode, mtime: file.mtime, checksum: checksum(data) };
}

/** The record as a StoredFile, or why it cannot be restored. */
function soundFile(value: unknown): StoredFile | string {
  const record = value as Partial<StoredFileRecord> | null | undefined;
  if (typeof record !== "object" || record === null) return "the record is not a file record";
  const { data, mode, mtime } = record;
  if (!(data instanceof Uint8Array)) return "the record has no file contents";
  if (!Number.isFinite(mode) || !Number.isFinite(mtime)) return "the record has no valid mode or modification time";
  // Records written before checksums existed have none (see keys.ts).
  if (record.checksum !== undefined && record.checksum !== checksum(data)) {
    return `its ${data.length} stored bytes do not match the record's checksum (truncated or altered)`;
  }
  return { data, mode: mode as number, mtime: mtime as number };
}

function storableOutput(output: StoredOutput): StoredOutput {
  for (const field of ["file_id", "container_id", "name", "created_at"] as const) {
    if (typeof output[field] !== "string" || output[field] === "") {
      throw new TypeError(`putOutput: ${field} must be a non-empty string`);
    }
  }
  return {
    file_id: output.file_id,
    container_id: output.container_id,
    name: output.name,
    data: storableBytes(output.data),
    created_at: output.created_at,
  };
}
