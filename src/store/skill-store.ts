// Agent Skills kept in the browser: a record kind of its own in the sandbox's one object store,
// next to the containers' records and sharing their schema migration. Skills belong to no
// container: any container can mount them, any conversation can enable them.
//
//   ["v1", "skillmeta", name] -> SkillSummary  (what a list shows: no file bytes)
//   ["v1", "skill",     name] -> Record<path, Uint8Array> (the files)
//
// Both records of a skill are written and deleted in one transaction, so a list never shows a
// skill whose files are missing.
import { createStore, type UseStore } from "idb-keyval";
import { DEFAULT_DB_NAME, OBJECT_STORE_NAME } from "./container-store.ts";
import { prefixRange, type Key } from "./keys.ts";
import { migrate, type MigrationResult } from "./migrate.ts";
import { transact } from "./tx.ts";

const summaryPrefix = (): Key => ["v1", "skillmeta"];
const summaryKey = (name: string): Key => ["v1", "skillmeta", name];
const filesKey = (name: string): Key => ["v1", "skill", name];

export interface SkillSummary {
  name: string;
  description: string;
  /** Every file of the skill, by path inside its folder, with its size. */
  files: Array<{ path: string; size_bytes: number }>;
  size_bytes: number;
  /** RFC 3339 */
  added_at: string;
}

/** A skill with its files, as handed to a container and an agent. */
export interface StoredSkill extends SkillSummary {
  data: Record<string, Uint8Array>;
}

export class SkillStore {
  readonly #useStore: UseStore;
  readonly #now: () => Date;
  #ready: Promise<MigrationResult> | undefined;

  constructor(options: { dbName?: string; now?: () => Date } = {}) {
    this.#useStore = createStore(options.dbName ?? DEFAULT_DB_NAME, OBJECT_STORE_NAME);
    this.#now = options.now ?? (() => new Date());
  }

  #migrated(): Promise<MigrationResult> {
    this.#ready ??= migrate(this.#useStore).catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  /** Adds a skill, replacing one of the same name. The caller has validated it. */
  async put(skill: { name: string; description: string; files: Record<string, Uint8Array> }): Promise<SkillSummary> {
    await this.#migrated();
    const files = Object.entries(skill.files)
      .map(([path, data]) => ({ path, size_bytes: data.byteLength }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const summary: SkillSummary = {
      name: skill.name,
      description: skill.description,
      files,
      size_bytes: files.reduce((sum, file) => sum + file.size_bytes, 0),
      added_at: this.#now().toISOString(),
    };
    return transact(this.#useStore, "readwrite", (store) => {
      store.put(summary, summaryKey(skill.name));
      store.put({ ...skill.files }, filesKey(skill.name));
      return () => summary;
    });
  }

  /** Every skill, by name. */
  async list(): Promise<SkillSummary[]> {
    await this.#migrated();
    return transact(this.#useStore, "readonly", (store) => {
      const read = store.getAll(prefixRange(summaryPrefix())) as IDBRequest<SkillSummary[]>;
      return () => read.result;
    });
  }

  /** The skill with its files, or undefined. */
  async get(name: string): Promise<StoredSkill | undefined> {
    await this.#migrated();
    return transact(this.#useStore, "readonly", (store) => {
      const summary = store.get(summaryKey(name)) as IDBRequest<SkillSummary | undefined>;
      const data = store.get(filesKey(name)) as IDBRequest<Record<string, Uint8Array> | undefined>;
      return () => (summary.result && data.result ? { ...summary.result, data: data.result } : undefined);
    });
  }

  async delete(name: string): Promise<void> {
    await this.#migrated();
    return transact(this.#useStore, "readwrite", (store) => {
      store.delete(summaryKey(name));
      store.delete(filesKey(name));
      return () => undefined;
    });
  }
}
