// The package's main entry.
export { createContainer, LocalContainer, type BootInfo, type LocalContainerOptions } from "./container/container.ts";
export { configureWarmSpare, preloadRuntime, type PreloadOptions } from "./container/warm-pool.ts";
export { configureSnapshots, type SnapshotSettings } from "./container/snapshot-cache.ts";
export { deleteContainer, listContainers } from "./container/default-store.ts";
export { DEFAULT_LIMITS } from "./shared/limits.ts";
export { clearPackageCache, listCachedPackages, type PackageProgress } from "./packages/source.ts";
export type { CachedWheel } from "./packages/wheel-cache.ts";
export type {
  Container,
  ContainerOptions,
  ExecuteOptions,
  FileMetadata,
  Limits,
  SkillMount,
  ToolCall,
  ToolHandler,
  ToolName,
  ToolResultBlock,
} from "./container/types.ts";
export { ContainerExpiredError, ContainerNotFoundError, ContainerStore, SkillStore } from "./store/index.ts";
export type { ContainerMeta, ContainerStoreOptions, SkillSummary, StoredSkillRecord } from "./store/index.ts";
export { containerTools, createAgent, replayTranscript, skillFromFiles, ANTHROPIC_SKILLS, SKILL_LIMITS } from "./agent/index.ts";
export type {
  Agent,
  AgentEvent,
  AgentOptions,
  AgentSkill,
  CustomTool,
  EngineName,
  LocalSkill,
  ToolVersion,
  TranscriptBlock,
  TranscriptTurn,
} from "./agent/index.ts";
