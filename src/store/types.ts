// Record shapes kept by the ContainerStore. They are plain structured-cloneable objects so that
// IndexedDB stores them as they are (no JSON, no base64): bytes stay a Uint8Array.

/** One container's metadata. Timestamps are RFC 3339 strings (Date#toISOString). */
export interface ContainerMeta {
  /** "container_" followed by 24 base62 characters, like the hosted tool's ids. */
  id: string;
  created_at: string;
  /** created_at + 30 days; from this instant on the container is expired. */
  expires_at: string;
}

/** One user-writable file. Its absolute path (e.g. "/workspace/a.txt") is part of the key. */
export interface StoredFile {
  data: Uint8Array;
  /** POSIX mode bits as the worker's filesystem reports them (type and permission bits). */
  mode: number;
  /** Modification time in milliseconds since the epoch. */
  mtime: number;
}

/**
 * A file record as it lies in IndexedDB: a StoredFile plus the xxHash32 of its bytes
 * (checksum.ts). Records written before checksums existed have none; they are checked against
 * their size record instead (see keys.ts).
 */
export interface StoredFileRecord extends StoredFile {
  checksum?: number;
}

/** A record that could not be restored, and why (in words a user can act on). */
export interface DamagedFile {
  path: string;
  reason: string;
}

/** A downloadable file (an upload or a file a call left in $OUTPUT_DIR), found by its file_id. */
export interface StoredOutput {
  file_id: string;
  container_id: string;
  name: string;
  data: Uint8Array;
  created_at: string;
}

/**
 * What one tool call changed in a container's filesystem. `delete` lists absolute paths of removed
 * files and of removed directories; a directory's path removes every file stored under it as well.
 * Deletions are applied before puts, so `rm -r d; mkdir d; echo x > d/f` can be sent as
 * `{ delete: ["/d"], put: {"/d/f"} }`.
 */
export interface FileChanges {
  put: Map<string, StoredFile>;
  delete: string[];
}

/**
 * What a container needs of its storage: its record, its files and its output files. The
 * IndexedDB ContainerStore is one; the container depends on this, not on IndexedDB.
 */
export interface ContainerStorage {
  createContainer(): Promise<ContainerMeta>;
  /** Rejects with ContainerNotFoundError or ContainerExpiredError. */
  openContainer(id: string): Promise<ContainerMeta>;
  /** The container's files; a damaged record is reported and left out. */
  loadFiles(id: string, onDamaged?: (damaged: DamagedFile) => void): Promise<Map<string, StoredFile>>;
  /** Applies one call's changes, all or nothing. */
  applyChanges(id: string, changes: FileChanges): Promise<void>;
  putOutput(output: StoredOutput): Promise<void>;
  getOutput(fileId: string): Promise<StoredOutput | undefined>;
}
