// The agent layer's public surface.
export { createAgent, DEFAULT_MAX_TOKENS, DEFAULT_MODEL } from "./agent.ts";
export { replayTranscript, outcome, type ReplayStep, type ReplayableTranscript } from "./replay.ts";
export { containerTools } from "./custom-tools.ts";
export { MAX_PAUSE_CONTINUATIONS, MAX_TOOL_ROUNDS } from "./loop.ts";
export type {
  Agent,
  AgentEvent,
  AgentOptions,
  AgentUsage,
  CustomTool,
  EngineName,
  ToolVersion,
  TranscriptBlock,
  TranscriptTurn,
  UserContent,
} from "./types.ts";
