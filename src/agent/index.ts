// The agent layer's public surface. Typical use:
//
//   const agent = createAgent({ engine: "auto", apiKey, container: await createContainer() });
//   for await (const event of agent.send("Plot y = x^2")) {
//     if (event.type === "text_delta") appendText(event.text);
//     else if (event.type === "block") render(event.block);        // SDK block shapes, both engines
//     else if (event.type === "file") offerDownload(event);         // output files, already fetched
//     else if (event.type === "engine") notice(event.reason);
//     else if (event.type === "error") showError(event.message, event.retryable);
//   }
export { createAgent } from "./agent.ts";
export { replayTranscript, type ReplayStep } from "./replay.ts";
export { containerTools } from "./custom-tools.ts";
export {
  ANTHROPIC_SKILLS,
  SKILL_LIMITS,
  skillFromFiles,
  type AgentSkill,
  type LocalSkill,
} from "./skills.ts";
export type {
  Agent,
  AgentEvent,
  AgentOptions,
  CustomTool,
  EngineName,
  ToolVersion,
  TranscriptBlock,
  TranscriptTurn,
  UserContent,
} from "./types.ts";
