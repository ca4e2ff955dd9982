// The package entry as the UI sees it: one import point for the components and state modules.
export {
  clearPackageCache,
  createContainer,
  DEFAULT_LIMITS,
  listCachedPackages,
  preloadRuntime,
  ANTHROPIC_SKILLS,
  SKILL_LIMITS,
  skillFromFiles,
} from "../../index.ts";
export { ContainerNotFoundError, ContainerStore, SkillStore, Workbench } from "../../store/index.ts";
export { defaultStore } from "../../container/default-store.ts";
export { isToolResult, subTool, subToolOfResult, summarize } from "../../tools/registry.ts";
export type {
  CachedWheel,
  Container,
  ContainerMeta as ContainerSummary,
  ContainerOptions,
  Limits,
  ToolName,
  AgentSkill,
  LocalSkill,
  PackageProgress,
  SkillSummary,
  ToolCall,
  ToolResultBlock,
} from "../../index.ts";
export type { ConsoleRun, ContainerLabel, ContainerStats, IndexedDBImpl } from "../../store/index.ts";
