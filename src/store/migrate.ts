// Schema migration, run once per ContainerStore before its first request. It reads ["schema"]
// and runs every step from the stored version up to SCHEMA_VERSION inside ONE readwrite
// transaction: if the page dies halfway, the transaction aborts and the old layout is intact, so
// a rename can never lose data. Two tabs migrating at once are serialised by IndexedDB; the second
// finds the version already current and does nothing.
//
// The legacy layout "v0" (no schema record, no version prefix) is what a layout rename looks
// like; it is kept as the first step so that the migration path is exercised by tests:
//   ["meta", id]        -> ContainerMeta
//   ["file", id, path]  -> StoredFile
//   ["out", fileId]     -> StoredOutput
// A database with no ["schema"] record is at version 0; a brand-new one simply has no v0 records.
import type { UseStore } from "idb-keyval";
import type { ContainerMeta, StoredFile, StoredOutput } from "./types.ts";
import { transact, type Guard } from "./tx.ts";
import { SCHEMA_KEY, SCHEMA_VERSION, fileKey, metaKey, outIndexKey, outKey, prefixRange, sizeKey, type Key } from "./keys.ts";

export interface SchemaRecord {
  version: number;
}

export interface MigrationResult {
  /** The version found in the database (0 when it had no schema record). */
  from: number;
  to: number;
}

/** One step: moves the layout of version N to N + 1 and calls `done` once all its work is queued. */
type Step = (store: IDBObjectStore, guard: Guard, done: () => void) => void;

const STEPS: Record<number, Step> = {
  0: v0ToV1,
};

export function migrate(useStore: UseStore): Promise<MigrationResult> {
  let from = 0;
  return transact(useStore, "readwrite", (store, guard) => {
    const read = store.get(SCHEMA_KEY);
    read.onsuccess = guard(() => {
      from = schemaVersion(read.result);
      if (from > SCHEMA_VERSION) {
        throw new Error(
          `The sandbox's IndexedDB data uses schema version ${from}, written by a newer version of ` +
            `this app; this version understands up to ${SCHEMA_VERSION}. Nothing was changed; ` +
            `use the newer app to open these containers.`,
        );
      }
      runSteps(store, guard, from);
    });
    return () => ({ from, to: SCHEMA_VERSION });
  });
}

function schemaVersion(record: unknown): number {
  if (record === undefined) return 0;
  const version = (record as Partial<SchemaRecord> | null)?.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0) {
    throw new Error(`Corrupt schema record in the sandbox's IndexedDB: ${JSON.stringify(record)}`);
  }
  return version;
}

// Steps run one after another (a later step may read what an earlier one wrote), then the new
// version is recorded, still inside the same transaction.
function runSteps(store: IDBObjectStore, guard: Guard, version: number): void {
  if (version === SCHEMA_VERSION) return;
  const step = STEPS[version];
  if (step === undefined) throw new Error(`No migration from schema version ${version}`);
  step(store, guard, () => {
    const record: SchemaRecord = { version: version + 1 };
    store.put(record, SCHEMA_KEY);
    runSteps(store, guard, version + 1);
  });
}

function v0ToV1(store: IDBObjectStore, guard: Guard, done: () => void): void {
  let pending = 3;
  const oneDone = (): void => {
    pending -= 1;
    if (pending === 0) done();
  };
  moveRange(
    store,
    guard,
    ["meta"],
    (_key, value) => {
      const meta = value as ContainerMeta;
      store.put(meta, metaKey(meta.id));
    },
    oneDone,
  );
  moveRange(
    store,
    guard,
    ["file"],
    (key, value) => {
      const [, id, path] = key as [string, string, string];
      const file = value as StoredFile;
      store.put(file, fileKey(id, path));
      store.put(file.data.byteLength, sizeKey(id, path));
    },
    oneDone,
  );
  moveRange(
    store,
    guard,
    ["out"],
    (_key, value) => {
      const output = value as StoredOutput;
      store.put(output, outKey(output.file_id));
      store.put(output.file_id, outIndexKey(output.container_id, output.file_id));
    },
    oneDone,
  );
}

/** Walks every record under `prefix` with a cursor, rewrites it with `write`, deletes the old one. */
function moveRange(
  store: IDBObjectStore,
  guard: Guard,
  prefix: Key,
  write: (key: IDBValidKey, value: unknown) => void,
  done: () => void,
): void {
  // A cursor holds one record at a time, so a migration of gigabytes does not need them in memory.
  const cursorRequest = store.openCursor(prefixRange(prefix));
  cursorRequest.onsuccess = guard(() => {
    const cursor = cursorRequest.result;
    if (cursor === null) {
      done();
      return;
    }
    write(cursor.primaryKey, cursor.value);
    cursor.delete();
    cursor.continue();
  });
}
