// `python3 app.py 2>&1`: in a real shell both streams share one pipe, so stdout and stderr bytes
// arrive in the order the process writes them (a traceback between prints). just-bash gives a
// command no way to know its fd 2 follows fd 1: it appends the whole stderr after the whole
// stdout. So, before the shell runs a script that could need it, the python commands whose
// stderr goes where their stdout goes are marked with a prefix assignment; the python command
// then collects both streams into one, in order, and reports an empty stderr.
//
// The mark is written into the script's text at the command's own line (the parser keeps line
// numbers, not offsets; its serializer does not round-trip here-documents): when the python words
// in command position on that line do not correspond one to one to the parsed python commands,
// the script runs unmarked, as before.
import type { ScriptNode } from "just-bash";

/** just-bash's parser (its browser bundle exports none of its own: Bash.transform(s).ast parses). */
export type ShellParser = (script: string) => ScriptNode;

/** The prefix assignment that marks a merged python command (removed from Python's environment). */
export const MERGED_STDERR_FLAG = "__SANDBOX_STDERR_IS_STDOUT";

const PYTHON_NAME = /^(?:.*\/)?python(?:3(?:\.\d+)?)?$/;
/** Scripts that may merge the streams of a python command; everything else is run as written. */
const MAY_MERGE = /python[\s\S]*(?:>&\s*1|&>|\|&)/;

interface Redirection {
  fd: number | null;
  operator: string;
  target: { type: string; parts?: Array<{ type: string; value?: string }> };
}

interface SimpleCommand {
  type: "SimpleCommand";
  line?: number;
  name: { parts: Array<{ type: string; value?: string }> } | null;
  assignments: unknown[];
  redirections: Redirection[];
}

function literal(word: Redirection["target"] | SimpleCommand["name"]): string | null {
  const parts = word?.parts;
  return parts?.length === 1 && parts[0]!.type === "Literal" ? (parts[0]!.value ?? null) : null;
}

/** Follows the command's redirections in order: does fd 2 end up where fd 1 does? */
function stderrFollowsStdout(redirections: Redirection[], pipedStderr: boolean): boolean {
  let fd1 = "pipe";
  let fd2 = pipedStderr ? "pipe" : "stderr";
  redirections.forEach((r, index) => {
    const place = `file${index}`;
    const fd = r.fd ?? (r.operator.startsWith("<") ? 0 : 1);
    if (r.operator === "&>" || r.operator === "&>>") fd1 = fd2 = place;
    else if (r.operator === ">&" && literal(r.target) === "1" && fd === 2) fd2 = fd1;
    else if (r.operator === ">&" && literal(r.target) === "2" && fd === 1) fd1 = fd2;
    else if (r.operator.startsWith(">") && fd === 1) fd1 = place;
    else if (r.operator.startsWith(">") && fd === 2) fd2 = place;
  });
  return fd1 === fd2;
}

/** Each python command of the script, in source order, with whether its stderr follows stdout. */
function pythonCommands(node: unknown, into: Array<{ line: number; merged: boolean }> = []): Array<{ line: number; merged: boolean }> {
  if (node === null || typeof node !== "object") return into;
  if ((node as { type?: string }).type === "Pipeline") {
    const pipeline = node as { commands: unknown[]; pipeStderr?: boolean[] };
    pipeline.commands.forEach((command, index) => {
      const simple = command as SimpleCommand;
      if (simple.type !== "SimpleCommand" || !PYTHON_NAME.test(literal(simple.name) ?? "")) return;
      into.push({ line: simple.line ?? 0, merged: stderrFollowsStdout(simple.redirections, pipeline.pipeStderr?.[index] === true) });
    });
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const item of value) pythonCommands(item, into);
    else if (value && typeof value === "object") pythonCommands(value, into);
  }
  return into;
}

/** A python word where a command starts (line start, after ; & | ( { ! or a keyword), maybe after VAR=value words. */
const PYTHON_IN_COMMAND_POSITION =
  /(^|[;&|({!]|\b(?:then|do|else|time)\b)(\s*(?:[A-Za-z_]\w*=\S*\s+)*)((?:[\w./-]*\/)?python(?:3(?:\.\d+)?)?)(?=\s|$)/g;

/** The script with its merged python commands marked, or the script itself when there is none. */
export function markMergedPythonStderr(script: string, parse: ShellParser): string {
  if (!MAY_MERGE.test(script)) return script;
  let ast: ScriptNode;
  try {
    ast = parse(script);
  } catch {
    return script; // the shell reports the syntax error itself
  }
  const commands = pythonCommands(ast);
  if (!commands.some((c) => c.merged)) return script;
  const lines = script.split("\n");
  for (const lineNumber of new Set(commands.filter((c) => c.merged).map((c) => c.line))) {
    const onLine = commands.filter((c) => c.line === lineNumber);
    const text = lines[lineNumber - 1];
    if (text === undefined || [...text.matchAll(PYTHON_IN_COMMAND_POSITION)].length !== onLine.length) return script;
    let ordinal = 0;
    lines[lineNumber - 1] = text.replace(PYTHON_IN_COMMAND_POSITION, (whole, before: string, space: string, name: string) =>
      onLine[ordinal++]!.merged ? `${before}${space}${MERGED_STDERR_FLAG}=1 ${name}` : whole,
    );
  }
  return lines.join("\n");
}
