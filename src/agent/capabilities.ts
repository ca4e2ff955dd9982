// Which code execution tool to declare, and whether the application's tools may be called from
// code: from the model's capabilities as the Models API reports them, or fixed defaults when it
// cannot be asked. One lookup per agent: capabilities do not change within a conversation.
import type Anthropic from "@anthropic-ai/sdk";
import type { BetaModelCapabilities } from "@anthropic-ai/sdk/resources/beta/models";
import type { ToolVersion } from "./types.ts";

/** The default when the Models API is unreachable or reports no capabilities. */
export const FALLBACK_TOOL_VERSION: ToolVersion = "code_execution_20250825";
/** The newest version, chosen when the model reports programmatic tool calling. */
export const NEWEST_TOOL_VERSION: ToolVersion = "code_execution_20260521";

/** The versions that let code call tools, each with the caller name its tools must allow. */
const PROGRAMMATIC_VERSIONS: ReadonlySet<ToolVersion> = new Set<ToolVersion>(["code_execution_20260120", "code_execution_20260521"]);

export interface ToolPlan {
  toolVersion: ToolVersion;
  /** Tools marked callableFromCode get `allowed_callers: ["direct", toolVersion]`. */
  programmatic: boolean;
  /** false: the Models API says this model has no code execution tool at all. */
  codeExecution: boolean;
  /** Where the plan came from, for the record. */
  source: "capabilities" | "fallback";
}

/** Reads the two capabilities that matter here. */
export function planFromCapabilities(capabilities: BetaModelCapabilities | null, explicit: ToolVersion | undefined): ToolPlan {
  if (!capabilities) return fallbackPlan(explicit);
  const programmaticSupported = capabilities.code_execution.supported;
  const toolVersion = explicit ?? (programmaticSupported ? NEWEST_TOOL_VERSION : FALLBACK_TOOL_VERSION);
  return {
    toolVersion,
    programmatic: programmaticSupported && PROGRAMMATIC_VERSIONS.has(toolVersion),
    codeExecution: capabilities.server_tools.code_execution.supported,
    source: "capabilities",
  };
}

export function fallbackPlan(explicit: ToolVersion | undefined): ToolPlan {
  const toolVersion = explicit ?? FALLBACK_TOOL_VERSION;
  return { toolVersion, programmatic: PROGRAMMATIC_VERSIONS.has(toolVersion), codeExecution: true, source: "fallback" };
}

/**
 * Asks the Models API once. Any failure (no such route behind a proxy, a timeout, an old API)
 * gives the fallback: this lookup must never cost the conversation itself.
 */
export async function lookUpToolPlan(
  client: Anthropic,
  model: string,
  explicit: ToolVersion | undefined,
  signal: AbortSignal,
): Promise<ToolPlan> {
  try {
    const info = await client.beta.models.retrieve(model, {}, { signal, maxRetries: 0, timeout: 10_000 });
    return planFromCapabilities(info.capabilities ?? null, explicit);
  } catch {
    return fallbackPlan(explicit);
  }
}
