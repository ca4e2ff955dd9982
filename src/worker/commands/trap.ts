// `trap`: just-bash has no trap builtin. This one keeps the EXIT handler of the current call,
// which the runtime runs when the script ends (with the script's final variables), as bash
// does. Signals never arrive here and ERR is not raised, so other conditions are accepted
// and kept only for `trap -p`.
import { defineCommand } from "just-bash";
import { fail, ok } from "./util.ts";

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The handlers set during one bash call. */
export class TrapTable {
  private handlers = new Map<string, string>();

  reset(): void {
    this.handlers.clear();
  }

  /** The EXIT handler to run now; it runs once. */
  takeExit(): string | null {
    const handler = this.handlers.get("EXIT") ?? null;
    this.handlers.delete("EXIT");
    return handler || null;
  }

  command() {
    return defineCommand("trap", async (args) => {
      const rest = args[0] === "--" ? args.slice(1) : args;
      if (!rest.length || rest[0] === "-p") {
        const wanted = rest.slice(1).map(canonical);
        return ok(
          [...this.handlers]
            .filter(([s]) => !wanted.length || wanted.includes(s))
            .map(([s, h]) => `trap -- ${quote(h)} ${s}\n`)
            .join(""),
        );
      }
      if (rest[0] === "-l") return ok(" 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 9) SIGKILL\t15) SIGTERM\n");
      const [handler, ...signals] = rest.length === 1 ? ["-", rest[0]!] : rest;
      for (const signal of signals) {
        const name = canonical(signal);
        if (!name) return fail(`bash: trap: ${signal}: invalid signal specification\n`);
        if (handler === "-") this.handlers.delete(name);
        else this.handlers.set(name, handler!);
      }
      return ok("");
    });
  }
}

const SIGNALS = ["EXIT", "ERR", "DEBUG", "RETURN", "HUP", "INT", "QUIT", "KILL", "USR1", "USR2", "PIPE", "ALRM", "TERM", "CHLD"];
const NUMBERS: Record<string, string> = { 0: "EXIT", 1: "HUP", 2: "INT", 3: "QUIT", 9: "KILL", 15: "TERM" };

function canonical(signal: string): string | null {
  const upper = signal.toUpperCase().replace(/^SIG/, "");
  if (NUMBERS[upper]) return NUMBERS[upper]!;
  return SIGNALS.includes(upper) ? upper : null;
}
