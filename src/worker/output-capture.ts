// Collects the bytes Python writes to fd 1 and fd 2 while one process or cell runs.
// Pyodide calls the writers with views into the wasm heap, so every chunk is copied.
// Past `capBytes` the bytes are counted but dropped: a print flood keeps running
// without growing the worker's memory, and the caller learns how much was cut.
export class StreamBuffer {
  private chunks: Uint8Array[] = [];
  private kept = 0;
  dropped = 0;

  constructor(
    private readonly capBytes: number,
    /** Sees every write as it happens (streamed output); the bytes are a view, valid only now. */
    private readonly onWrite?: (buffer: Uint8Array) => void,
  ) {}

  write(buffer: Uint8Array): number {
    this.onWrite?.(buffer);
    const room = this.capBytes - this.kept;
    if (room > 0) {
      const part = buffer.length <= room ? buffer : buffer.subarray(0, room);
      this.chunks.push(part.slice());
      this.kept += part.length;
    }
    this.dropped += Math.max(0, buffer.length - Math.max(0, room));
    return buffer.length;
  }

  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.kept);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

export interface Capture {
  stdout: StreamBuffer;
  stderr: StreamBuffer;
}

/** Routes Pyodide's stdout/stderr to whichever capture is active (one at a time). */
export class OutputRouter {
  private active: Capture | null = null;

  readonly stdoutWriter = { isatty: false, write: (b: Uint8Array) => this.active?.stdout.write(b) ?? b.length };
  readonly stderrWriter = { isatty: false, write: (b: Uint8Array) => this.active?.stderr.write(b) ?? b.length };

  /**
   * Runs `fn` with a fresh capture and returns it; nested captures restore the outer one.
   * `mergeStderr`: fd 2 goes where fd 1 goes (a process run with 2>&1), so both streams are
   * written, in the order they are written, to one buffer (capture.stderr is capture.stdout).
   */
  async capture<T>(
    capBytes: number,
    fn: () => Promise<T> | T,
    onWrite?: (stream: "stdout" | "stderr", buffer: Uint8Array) => void,
    mergeStderr = false,
  ): Promise<{ value: T; capture: Capture }> {
    const outer = this.active;
    const stdout = new StreamBuffer(capBytes, onWrite && ((b) => onWrite("stdout", b)));
    const capture = { stdout, stderr: mergeStderr ? stdout : new StreamBuffer(capBytes, onWrite && ((b) => onWrite("stderr", b))) };
    this.active = capture;
    try {
      return { value: await fn(), capture };
    } finally {
      this.active = outer;
    }
  }
}
