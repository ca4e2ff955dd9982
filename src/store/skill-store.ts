// Agent Skills kept in the browser: a record kind of its own in a ContainerStore's object store,
// next to the containers' records (as workbench.ts keeps the console's), sharing its migration and
// its IndexedDB. Skills belong to no container: any container can mount them, any conversation
// can enable them.
//
//   ["v1", "skillmeta", name] -> SkillSummary  (what a list shows: no file bytes)
//   ["v1", "skill",     name] -> Record<path, Uint8Array> (the files)
//
// Both records of a skill are written and deleted in one transaction, so a list never shows a
// skill whose files are missing.
import type { UseStore } from "idb-keyval";
import type { ContainerStore } from "./container-store.ts";
import { prefixRange, type Key } from "./keys.ts";
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
  constructor(
    private readonly store: ContainerStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async #records(): Promise<UseStore> {
    await this.store.ready();
    return this.store.records;
  }

  /** Adds a skill, replacing one of the same name. The caller has validated it. */
  async put(skill: { name: string; description: string; files: Record<string, Uint8Array> }): Promise<SkillSummary> {
    const records = await this.#records();
    const files = Object.entries(skill.files)
      .map(([path, data]) => ({ path, size_bytes: data.byteLength }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const summary: SkillSummary = {
      name: skill.name,
      description: skill.description,
      files,
      size_bytes: files.reduce((sum, file) => sum + file.size_bytes, 0),
      added_at: this.now().toISOString(),
    };
    return transact(records, "readwrite", (store) => {
      store.put(summary, summaryKey(skill.name));
      store.put({ ...skill.files }, filesKey(skill.name));
      return () => summary;
    });
  }

  /** Every skill, by name. */
  async list(): Promise<SkillSummary[]> {
    return transact(await this.#records(), "readonly", (store) => {
      const read = store.getAll(prefixRange(summaryPrefix())) as IDBRequest<SkillSummary[]>;
      return () => read.result;
    });
  }

  /** The skill with its files, or undefined. */
  async get(name: string): Promise<StoredSkill | undefined> {
    return transact(await this.#records(), "readonly", (store) => {
      const summary = store.get(summaryKey(name)) as IDBRequest<SkillSummary | undefined>;
      const data = store.get(filesKey(name)) as IDBRequest<Record<string, Uint8Array> | undefined>;
      return () => (summary.result && data.result ? { ...summary.result, data: data.result } : undefined);
    });
  }

  async delete(name: string): Promise<void> {
    return transact(await this.#records(), "readwrite", (store) => {
      store.delete(summaryKey(name));
      store.delete(filesKey(name));
      return () => undefined;
    });
  }
}
