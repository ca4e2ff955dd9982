// The package's main entry: the local container today; the store and the agent join it.
export { createContainer, LocalContainer, sanitizeUploadName, type LocalContainerOptions } from "./container/container.ts";
export { DEFAULT_LIMITS } from "./container/limits.ts";
export type { Container, ContainerOptions, Limits, ToolCall, ToolHandler, ToolName, ToolResultBlock } from "./container/types.ts";
