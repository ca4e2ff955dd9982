// Streams a shell command's output to the page while it runs. just-bash hands each command's
// output back as a value and concatenates values up to the script, so the call's output is only
// known at its end. Two things make it known earlier:
//  - where each node of the script sends its output is read from its place in the parse tree
//    (`placeScript`): the last stage of a pipeline writes where its pipeline does, other stages
//    into the pipe; a node's redirections move or drop its fds; `$(…)`, `<(…)` and function
//    bodies are never placed (their output is not the call's, or not known before they run);
//  - an observer of the interpreter (the node-observer patch in scripts/patch-just-bash.mjs) hears
//    each statement, pipeline and command end, with its output. A placed node whose output reaches
//    the call's stdout or stderr sends what of it has not been sent yet.
// Every piece sent is checked to continue what was sent before (a node's output must start with
// what its inner nodes sent); if it ever does not, the call stops streaming: the result block is
// always built from the shell's own output, never from what was streamed.
// python3 run directly by a placed command streams each write as it happens (`liveSink`).
import type { CommandNode, ScriptNode, SimpleCommandNode, StatementNode } from "just-bash";

/** Where an fd of a node ends up: the call's stdout, its stderr, or elsewhere (a pipe, a file, a variable). */
type Sink = "out" | "err" | null;
interface Route {
  1: Sink;
  2: Sink;
}
interface Placement {
  /** Where the node's results go (its fds before its own redirections). */
  route: Route;
  /** Its fds after its own redirections: where a process it runs writes. */
  own: Route;
  /** `exec`: may redirect the shell's own fds for the rest of the script. */
  exec: boolean;
}

type Redirection = SimpleCommandNode["redirections"][number];
type Compound = Exclude<CommandNode, SimpleCommandNode | { type: "FunctionDef" }>;

/** The statement lists each compound command runs, where its own fds are its inner nodes' fds. */
const INNER_STATEMENTS: { [T in Compound["type"]]: (command: Extract<Compound, { type: T }>) => StatementNode[][] } = {
  If: (c) => [...c.clauses.flatMap((clause) => [clause.condition, clause.body]), c.elseBody ?? []],
  For: (c) => [c.body],
  CStyleFor: (c) => [c.body],
  While: (c) => [c.condition, c.body],
  Until: (c) => [c.condition, c.body],
  Case: (c) => c.items.map((item) => item.body),
  Subshell: (c) => [c.body],
  Group: (c) => [c.body],
  ArithmeticCommand: () => [],
  ConditionalCommand: () => [],
};

function literal(word: { parts: Array<{ type: string; value?: string }> } | { type: string } | null): string | null {
  const parts = word && "parts" in word ? word.parts : null;
  return parts?.length === 1 && parts[0]!.type === "Literal" ? (parts[0]!.value ?? null) : null;
}

/** The fds after `redirections`; anything not understood counts as going elsewhere (not streamed). */
function redirect(route: Route, redirections: Redirection[] = []): Route {
  const fds = new Map<number, Sink>([
    [1, route[1]],
    [2, route[2]],
  ]);
  for (const r of redirections) {
    if (r.fdVariable) continue; // {name}>file opens a new fd (10 and up)
    const fd = r.fd ?? (r.operator.startsWith("<") ? 0 : 1);
    if (r.operator === "&>" || r.operator === "&>>") {
      fds.set(1, null);
      fds.set(2, null);
    } else if (r.operator === ">&" || r.operator === "<&") {
      const target = literal(r.target);
      if (target !== null && /^\d+$/.test(target)) fds.set(fd, fds.get(Number(target)) ?? null);
      else {
        fds.set(fd, null);
        if (r.fd === null && target !== "-") fds.set(2, null); // `>&file` is `&>file`
      }
    } else fds.set(fd, null);
  }
  return { 1: fds.get(1) ?? null, 2: fds.get(2) ?? null };
}

/** fd 1 on stdout or nowhere, fd 2 on stderr or nowhere: output keeps its stream, so inner nodes can send theirs. */
const keepsStreams = (route: Route) => (route[1] === "out" || route[1] === null) && (route[2] === "err" || route[2] === null);

/** Every statement, pipeline and command of the script whose output place is known before it runs. */
export function placeScript(ast: ScriptNode): WeakMap<object, Placement> {
  const placements = new WeakMap<object, Placement>();
  const top: Route = { 1: "out", 2: "err" };
  const placeStatements = (statements: StatementNode[], route: Route) => {
    for (const statement of statements) {
      placements.set(statement, { route, own: route, exec: false });
      for (const pipeline of statement.pipelines) {
        placements.set(pipeline, { route, own: route, exec: false });
        pipeline.commands.forEach((command, index) => {
          const last = index === pipeline.commands.length - 1;
          placeCommand(command, last ? route : { 1: null, 2: pipeline.pipeStderr?.[index] ? null : route[2] });
        });
      }
    }
  };
  const placeCommand = (command: CommandNode, route: Route) => {
    const own = redirect(route, command.redirections);
    placements.set(command, { route, own, exec: command.type === "SimpleCommand" && literal(command.name) === "exec" });
    // A function's body runs where it is called; a merged or swapped stream is placed by just-bash
    // only when the whole command is done (`{ …; } 2>&1` puts all of stderr after all of stdout).
    if (command.type === "FunctionDef" || command.type === "SimpleCommand" || !keepsStreams(own)) return;
    const inner = INNER_STATEMENTS[command.type] as (command: Compound) => StatementNode[][];
    for (const statements of inner(command)) placeStatements(statements, own);
  };
  placeStatements(ast.statements, top);
  return placements;
}

type StreamName = "stdout" | "stderr";
const STREAM_OF = { out: "stdout", err: "stderr" } as const;

/** What a node hands back: its result, or the output a control-flow error (exit, errexit…) carries. */
interface NodeOutput {
  stdout: string;
  stderr: string;
  stdoutKind?: string;
  stdoutEncoding?: string;
}

const utf8 = new TextEncoder();
function bytesOf(text: string, latin1: boolean): Uint8Array {
  if (!latin1) return utf8.encode(text);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The bytes sent on one stream so far, up to the cap (past it nothing more is sent or checked). */
class SentBytes {
  private buffer = new Uint8Array(256);
  length = 0;
  full = false;

  constructor(private readonly capBytes: number) {}

  /** Appends what fits under the cap and answers it. */
  add(bytes: Uint8Array): Uint8Array {
    const part = bytes.subarray(0, Math.max(0, this.capBytes - this.length));
    if (part.length < bytes.length) this.full = true;
    if (this.length + part.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + part.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(part, this.length);
    this.length += part.length;
    return part;
  }

  since(offset: number): Uint8Array {
    return this.buffer.subarray(offset, this.length);
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** One streamed bash call. */
class StreamedCall {
  placements: WeakMap<object, Placement> | null = null;
  private readonly sent: Record<"out" | "err", SentBytes>;
  /** Something did not continue what was sent: nothing more is. */
  private diverged = false;
  /** An `exec` ran: the shell's own fds may have moved, so a process's writes are not sent live. */
  liveOff = false;

  constructor(
    private readonly send: (stream: StreamName, bytes: Uint8Array) => void,
    capBytes: number,
  ) {
    this.sent = { out: new SentBytes(capBytes), err: new SentBytes(capBytes) };
  }

  get open(): boolean {
    return !this.diverged;
  }

  mark(): { out: number; err: number } {
    return { out: this.sent.out.length, err: this.sent.err.length };
  }

  emit(sink: "out" | "err", bytes: Uint8Array): void {
    const sent = this.sent[sink];
    if (this.diverged || sent.full || bytes.length === 0) return;
    const part = sent.add(bytes);
    if (part.length > 0) this.send(STREAM_OF[sink], part);
  }

  /** A placed node is done: `text` is what it wrote to `sink`, which must start with what was sent since `mark`. */
  settle(sink: "out" | "err", mark: number, text: string, latin1: boolean): void {
    const sent = this.sent[sink];
    if (this.diverged || sent.full) return;
    const bytes = bytesOf(text, latin1);
    const already = sent.since(mark);
    if (!startsWith(bytes, already)) {
      this.diverged = true;
      return;
    }
    this.emit(sink, bytes.subarray(already.length));
  }

  /** The call is over: sends what of its final output was not sent yet (an EXIT trap's, a note). */
  finish(stdout: string, stderr: string): void {
    this.settle("out", 0, stdout, false);
    this.settle("err", 0, stderr, false);
  }
}

interface Token {
  simple: boolean;
  placement: Placement | null;
  mark: { out: number; err: number };
  /** set -x: the trace line is put before the command's stderr when it ends, so its process's stderr waits. */
  traced: boolean;
}

/** What the observer reads of the shell's state as a node starts. */
interface ShellState {
  options?: { xtrace?: boolean; verbose?: boolean };
  suppressVerbose?: boolean;
}

/** Receives the interpreter's enter/leave calls (the node-observer patch) for every bash call of one shell. */
export class ShellOutputObserver {
  private call: StreamedCall | null = null;
  /** Whether the next parse belongs to the call (its script), not to a nested shell. */
  private armed = false;
  /** Simple commands running now: a node inside one (a function body, eval, a nested shell) is not placed. */
  private depth = 0;
  /** The outermost running simple command, when it is placed. */
  private running: Token | null = null;

  /** For Bash.registerTransformPlugin: places the call's script as it is parsed. */
  readonly plugin = {
    name: "stream-placements",
    transform: ({ ast }: { ast: ScriptNode }) => {
      if (this.armed && this.call) {
        this.armed = false;
        this.call.placements = placeScript(ast);
      }
      return { ast };
    },
  };

  /** Starts a streamed call; the next script the shell parses is its script. */
  begin(send: (stream: StreamName, bytes: Uint8Array) => void, capBytes: number): void {
    this.call = new StreamedCall(send, capBytes);
    this.armed = true;
    this.depth = 0;
    this.running = null;
  }

  /** Ends the call, with the output its result block is built from. */
  end(stdout: string, stderr: string): void {
    this.call?.finish(stdout, stderr);
    this.call = null;
    this.armed = false;
  }

  enter(node: { type?: string; sourceText?: string }, state?: ShellState): Token | null {
    const call = this.call;
    if (!call) return null;
    const simple = node.type === "SimpleCommand";
    const placement = this.depth === 0 ? (call.placements?.get(node) ?? null) : null;
    const token = { simple, placement, mark: call.mark(), traced: state?.options?.xtrace === true };
    // set -v: the statement's text goes to stderr before it runs (as just-bash's executeStatement writes it).
    if (
      placement?.route[2] === "err" &&
      node.type === "Statement" &&
      state?.options?.verbose &&
      !state.suppressVerbose &&
      node.sourceText
    ) {
      call.emit("err", utf8.encode(`${node.sourceText}\n`));
    }
    if (simple) {
      if (this.depth === 0) this.running = placement ? token : null;
      this.depth++;
    }
    return token;
  }

  leave(token: Token | null, result?: NodeOutput, error?: unknown): void {
    const call = this.call;
    if (!token || !call) return;
    if (token.simple && --this.depth === 0) this.running = null;
    const { placement } = token;
    if (!placement) return;
    if (placement.exec) call.liveOff = true;
    const output = result ?? outputOf(error);
    if (!output) return;
    if (placement.route[1] === "out") {
      call.settle("out", token.mark.out, output.stdout, output.stdoutKind === "bytes" || output.stdoutEncoding === "binary");
    }
    if (placement.route[2] === "err") call.settle("err", token.mark.err, output.stderr, false);
  }

  /**
   * Where a process run now (python3) may send each write as it happens: only when the outermost
   * running command is placed and runs it itself, and its writes keep their streams (or, with
   * `merged`, both go to stdout). Undefined: its output is sent when its command ends, if at all.
   */
  liveSink(merged: boolean): ((stream: StreamName, bytes: Uint8Array) => void) | undefined {
    const call = this.call;
    const running = this.running;
    const own = running?.placement?.own;
    if (!call?.open || call.liveOff || this.depth !== 1 || !own || !running) return undefined;
    if (merged ? own[1] !== "out" || own[2] !== "out" || running.traced : !keepsStreams(own)) return undefined;
    const sinks = { stdout: merged ? "out" : own[1], stderr: merged ? "out" : running.traced ? null : own[2] } as const;
    return (stream, bytes) => {
      const sink = sinks[stream];
      if (sink) call.emit(sink, bytes);
    };
  }
}

function outputOf(error: unknown): NodeOutput | null {
  const e = error as Partial<NodeOutput> | null;
  return e && typeof e.stdout === "string" && typeof e.stderr === "string" ? { stdout: e.stdout, stderr: e.stderr } : null;
}
