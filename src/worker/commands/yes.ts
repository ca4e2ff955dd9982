// `yes`: a finite stand-in for an endless stream. A pipe here is not a live stream (the next
// command reads this command's whole output), so it stops at a size no reader needs more of.
import { defineCommand } from "just-bash";

const MAX_BYTES = 1 << 20;

export const yes = defineCommand("yes", async (args) => {
  const line = `${args.length ? args.join(" ") : "y"}\n`;
  return { stdout: line.repeat(Math.max(1, Math.floor(MAX_BYTES / line.length))), stderr: "", exitCode: 0 };
});
