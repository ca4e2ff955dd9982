// The key scheme. Everything lives in ONE object store, keyed by arrays. IndexedDB compares arrays
// element by element, so all keys that share a prefix are one contiguous key range: a container's
// files are read or deleted with a single range request, never by scanning other containers' keys.
// Because the id and the path are separate elements, "container_ab" never matches "container_abc"
// and "/w/a" never matches "/w/a.txt" (string prefixes of each other are still different elements).
//
// Schema v1 (SCHEMA_VERSION = 1):
//   ["schema"]                          -> { version: 1 }
//   ["v1", "meta",   id]                -> ContainerMeta
//   ["v1", "file",   id, path]          -> StoredFileRecord: { data, mode, mtime, checksum? }
//                                          checksum: xxHash32 of data (checksum.ts), written on
//                                          every put. Records stored before checksums existed have
//                                          none and open as before (an added optional field, not a
//                                          new layout, so no migration step and no version bump:
//                                          older builds read the new records too). A record whose
//                                          bytes do not match, or that has no bytes, is skipped
//                                          and reported when the container opens.
//   ["v1", "size",   id, path]          -> number (byte length of that file; lets diskUsage sum
//                                          sizes without loading file bytes)
//   ["v1", "out",    fileId]            -> StoredOutput
//   ["v1", "outidx", containerId, fileId] -> fileId (finds a container's outputs when deleting it)
//
// The leading "v1" exists so that a future layout can live next to this one while migrate.ts moves
// records over; a rename is a new prefix plus a migration step, never an in-place reinterpretation.

export const SCHEMA_VERSION = 1;
export const SCHEMA_KEY: IDBValidKey = ["schema"];

const V = "v1";

export type Key = IDBValidKey[];

export const metaPrefix = (): Key => [V, "meta"];
export const metaKey = (id: string): Key => [V, "meta", id];

export const filePrefix = (id: string): Key => [V, "file", id];
export const fileKey = (id: string, path: string): Key => [V, "file", id, path];

export const sizePrefix = (id: string): Key => [V, "size", id];
export const sizeKey = (id: string, path: string): Key => [V, "size", id, path];

export const outKey = (fileId: string): Key => [V, "out", fileId];

export const outIndexPrefix = (containerId: string): Key => [V, "outidx", containerId];
export const outIndexKey = (containerId: string, fileId: string): Key => [V, "outidx", containerId, fileId];

/** The last element of a key: the path of a file or size key. */
export function lastElement(key: IDBValidKey): IDBValidKey {
  if (!Array.isArray(key) || key.length === 0) throw new TypeError(`Unexpected store key ${String(key)}`);
  return key[key.length - 1] as IDBValidKey;
}

/**
 * Every key that starts with `prefix` and has more elements. The upper bound appends an empty
 * array: arrays sort after every string, number, date and binary key, so any key of the form
 * [...prefix, x] with x not an array lies below it.
 */
export function prefixRange(prefix: Key): IDBKeyRange {
  return IDBKeyRange.bound(prefix, [...prefix, []], true, true);
}

/**
 * Every key [...prefix, p] where p is a path strictly inside directory `dir`, i.e. p starts with
 * dir + "/". Those strings sort in [dir + "/", dir + "0"): "0" is the character right after "/".
 */
export function subtreeRange(prefix: Key, dir: string): IDBKeyRange {
  const inside = dir.endsWith("/") ? dir : `${dir}/`;
  const after = `${inside.slice(0, -1)}0`;
  return IDBKeyRange.bound([...prefix, inside], [...prefix, after], false, true);
}
