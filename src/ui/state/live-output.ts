// The output of a running call as it streams in, kept to a bounded size: each stream keeps its
// first HEAD_CHARS and its last TAIL_CHARS, with a line saying how much was left out between.
// A print flood of any size costs the page a few hundred kilobytes; the result block, which
// follows, has the output the engine kept.

const HEAD_CHARS = 32 * 1024;
const TAIL_CHARS = 96 * 1024;

class BoundedStream {
  private head = "";
  private tail: string[] = [];
  private tailChars = 0;
  private dropped = 0;

  append(text: string): void {
    if (this.head.length < HEAD_CHARS) {
      const room = HEAD_CHARS - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
      if (text === "") return;
    }
    this.tail.push(text);
    this.tailChars += text.length;
    while (this.tailChars > TAIL_CHARS && this.tail.length > 0) {
      const first = this.tail[0]!;
      const over = this.tailChars - TAIL_CHARS;
      if (first.length <= over) {
        this.tail.shift();
        this.tailChars -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.slice(over);
        this.tailChars -= over;
        this.dropped += over;
      }
    }
  }

  text(): string {
    const tail = this.tail.join("");
    if (this.tail.length > 1) this.tail = [tail];
    if (this.dropped === 0) return this.head + tail;
    const cut = tail.indexOf("\n");
    const rest = cut === -1 ? tail : tail.slice(cut + 1);
    return `${this.head}${this.head.endsWith("\n") ? "" : "\n"}[… ${(this.dropped + (tail.length - rest.length)).toLocaleString("en")} characters not shown while the call runs …]\n${rest}`;
  }
}

export class LiveOutputBuffer {
  private readonly streams = { stdout: new BoundedStream(), stderr: new BoundedStream() };
  /** Characters received so far, both streams. */
  received = 0;

  append(stream: "stdout" | "stderr", text: string): void {
    this.received += text.length;
    this.streams[stream].append(text);
  }

  snapshot(): { stdout: string; stderr: string } {
    return { stdout: this.streams.stdout.text(), stderr: this.streams.stderr.text() };
  }
}
