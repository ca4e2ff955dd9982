// What the command overrides may ask of the runtime that hosts them.
import type { PythonProcessHost } from "../python-command.ts";
import type { TrapTable } from "./trap.ts";

export interface Usage {
  totalBytes: number;
  usedBytes: number;
}

export interface CommandHost {
  /** Runs Python in the container's interpreter (for commands built on the standard library). */
  python: Pick<PythonProcessHost, "router" | "processOutputCap" | "runProcess">;
  /** The memory budget and the wasm heap in use (free). */
  memory(): Usage;
  /** The disk budget and the bytes the user's files take (df). */
  disk(): Usage;
  /** The current call's trap handlers; the runtime runs the EXIT one when the script ends. */
  traps: TrapTable;
}
