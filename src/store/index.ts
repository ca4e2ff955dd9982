// Public surface of the store layer.
export {
  CONTAINER_TTL_MS,
  ContainerExpiredError,
  ContainerNotFoundError,
  ContainerStore,
  DEFAULT_DB_NAME,
  OBJECT_STORE_NAME,
} from "./container-store.ts";
export type {
  ContainerMeta,
  ContainerStorage,
  ContainerStoreOptions,
  DamagedFile,
  FileChanges,
  StoredFile,
  StoredOutput,
} from "./container-store.ts";
export { SCHEMA_VERSION } from "./keys.ts";
export { CONTAINER_ID_PATTERN } from "./ids.ts";
export { RUNS_KEPT, Workbench } from "./workbench.ts";
export type { ConsoleRun, ContainerLabel, ContainerStats } from "./workbench.ts";
export type { IndexedDBImpl } from "./open.ts";
export { SkillStore } from "./skill-store.ts";
export type { SkillSummary, StoredSkill as StoredSkillRecord } from "./skill-store.ts";
