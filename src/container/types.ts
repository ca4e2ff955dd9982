// Public types of the container layer. Every block type comes from the SDK so that
// the local engine and the hosted tool can never drift apart in shape.

import type { Limits } from "../shared/limits.ts";
import type { ToolName, ToolResultBlock } from "../tools/registry.ts";

/** The sub-tools of the hosted code execution tool, and their result blocks (src/tools/registry.ts). */
export type { ToolName, ToolResultBlock } from "../tools/registry.ts";

/** One tool call, in the shape of the SDK's `server_tool_use` block. */
export interface ToolCall {
  type: "server_tool_use";
  id: string;
  name: ToolName;
  input: Record<string, unknown>;
}

export type { Limits } from "../shared/limits.ts";

/** A host function that Python code can await as `await name({...})`. */
export type ToolHandler = (input: Record<string, unknown>) => string | Promise<string>;

/** An Agent Skill's files, by path inside its folder ("SKILL.md", "scripts/run.py"). */
export interface SkillMount {
  name: string;
  files: Record<string, Uint8Array>;
}

export interface ContainerOptions {
  /** Reopen this container: its files are restored from the store. */
  id?: string;
  limits?: Partial<Limits>;
  tools?: Record<string, ToolHandler>;
  /**
   * Agent Skills, mounted read-only at /skills/<name>/ (writes there fail with EROFS). They are
   * not the container's files: not stored with them, not counted against the disk budget. A
   * LocalSkill of the agent layer fits as it is.
   */
  skills?: SkillMount[];
}

/** What the container knows of an upload or output file (the names the Files API uses). */
export interface FileMetadata {
  file_id: string;
  filename: string;
  size_bytes: number;
  created_at: string;
}

/** Options of one call. */
export interface ExecuteOptions {
  /** Output as it is written (local engine: Python cells and shell commands); the result block still has all of it. */
  onOutput?: (chunk: { stream: "stdout" | "stderr"; text: string }) => void;
}

export interface Container {
  readonly id: string;
  /** RFC 3339 */
  readonly expiresAt: string;
  /** Runs one tool call. Never rejects: every failure is an error result block. */
  execute(call: ToolCall, options?: ExecuteOptions): Promise<ToolResultBlock>;
  /** Stops the running call, as Ctrl-C would; no-op when idle. */
  interrupt(): void;
  uploadFile(name: string, data: Uint8Array): Promise<{ file_id: string; path: string }>;
  downloadFile(fileId: string): Promise<Uint8Array>;
  /** Name, size and creation time of an upload or output file (result blocks carry only ids). */
  fileMetadata?(fileId: string): Promise<FileMetadata>;
  /** The sentence behind a recent error block of this container, when it has one (the hosted
   * blocks of bash and Python carry only an error code). */
  errorMessage?(toolUseId: string): string | undefined;
  /**
   * Problems found outside any one result, as sentences: stored files that could not be
   * restored (damaged records), what a timed-out call could not save. The local engine fills it.
   */
  readonly warnings?: readonly string[];
  /** Names of the Python packages that load on import (local engine with a package source). */
  availablePackages?(): Promise<string[]>;
  /** Persists everything and ends the worker. */
  close(): Promise<void>;
}
