// Pyodide reads the interrupt byte with `result = buf[0]; buf[0] = 0`: two steps, while the page
// stores SIGINT from another thread. A Stop stored between them is wiped out and never reaches
// Python, so a loop that could have been interrupted loses its worker, and its REPL, instead.
// Python reads the byte thousands of times a second in a busy loop, so under load (its thread
// preempted between the two steps) it happens: 5 of 30 timeouts of `while True: pass` on a
// 2-core machine running six other busy processes.
//
// The object handed to Pyodide in place of the byte clears only what its last read saw:
// `compareExchange(byte, 0, seen, 0)`. A Stop stored after that read stays for the next check.

/** The buffer to give `pyodide.setInterruptBuffer`: the same byte, cleared without losing a Stop. */
export function raceFreeInterruptBuffer(byte: Uint8Array): Uint8Array {
  let seen = 0;
  const view = {
    get 0() {
      seen = Atomics.load(byte, 0);
      return seen;
    },
    set 0(value: number) {
      if (value === 0) Atomics.compareExchange(byte, 0, seen, 0);
      else Atomics.store(byte, 0, value);
    },
  };
  // Pyodide only indexes [0] (its reader and checkInterrupt), but types the buffer as a TypedArray.
  return view as unknown as Uint8Array;
}
