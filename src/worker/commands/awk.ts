// `awk`: just-bash's, with `-v` assignments to the special variables (OFS, ORS, FS, SUBSEP),
// which it ignores, applied as a BEGIN rule in front of the program.
import { defineCommand } from "just-bash";

const SPECIAL = new Set(["OFS", "ORS", "FS", "SUBSEP", "RS"]);
const quote = (value: string) => `"${value.replace(/"/g, '\\"')}"`;

export const awk = defineCommand("awk", async (args, ctx) => {
  const forwarded: string[] = [];
  const assignments: string[] = [];
  let programSeen = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const assignment = arg === "-v" ? (args[++i] ?? "") : arg.startsWith("-v") && !programSeen ? arg.slice(2) : null;
    if (assignment !== null && !programSeen) {
      const eq = assignment.indexOf("=");
      const name = assignment.slice(0, eq);
      if (eq > 0 && SPECIAL.has(name)) assignments.push(`${name}=${quote(assignment.slice(eq + 1))}`);
      else forwarded.push("-v", assignment);
      continue;
    }
    if (!programSeen && (arg === "-F" || arg === "-f")) {
      forwarded.push(arg, args[++i] ?? "");
      if (arg === "-f") programSeen = true;
      continue;
    }
    if (!programSeen && arg.startsWith("-") && arg.length > 1 && arg !== "--") {
      forwarded.push(arg);
      continue;
    }
    if (!programSeen && arg !== "--") {
      programSeen = true;
      forwarded.push(assignments.length ? `BEGIN { ${assignments.join("; ")} }\n${arg}` : arg);
      continue;
    }
    forwarded.push(arg);
  }
  return ctx.origCommand!(forwarded);
});
