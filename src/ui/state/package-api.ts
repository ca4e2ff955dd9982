// The package entry as the UI sees it. The container list API (listContainers, deleteContainer)
// and Container.interrupt() are being added to the entry; until they land, the UI reads them as
// optional so it type-checks and runs either way, and the panels degrade (see hasContainerList).
import * as pkg from "../../index.ts";
import type { Container, ContainerOptions, Limits } from "../../index.ts";

export type { Container, ContainerOptions, Limits };
export type { ToolCall, ToolResultBlock } from "../../index.ts";
export { DEFAULT_LIMITS } from "../../index.ts";

export interface ContainerSummary {
  id: string;
  created_at: string;
  expires_at: string;
}

interface ContainerListApi {
  listContainers?: () => Promise<ContainerSummary[]>;
  deleteContainer?: (id: string) => Promise<void>;
}

const optional = pkg as unknown as ContainerListApi;

export function createContainer(options: ContainerOptions & { indexURL?: string }): Promise<Container> {
  return pkg.createContainer(options);
}

/** True once the package exports the persistent container list. */
export const hasContainerList = typeof optional.listContainers === "function" && typeof optional.deleteContainer === "function";

export async function listContainers(): Promise<ContainerSummary[]> {
  return optional.listContainers ? optional.listContainers() : [];
}

export async function deleteContainer(id: string): Promise<void> {
  if (!optional.deleteContainer) throw new Error("This build cannot delete stored containers yet.");
  await optional.deleteContainer(id);
}

/** Stops the running call, when the container supports it. */
export function interruptOf(container: Container | null): (() => void) | null {
  const fn = (container as { interrupt?: () => unknown } | null)?.interrupt;
  return typeof fn === "function" ? () => void fn.call(container) : null;
}
