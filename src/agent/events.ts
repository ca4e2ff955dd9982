// A push-to-pull bridge: the engines push events as they happen, the caller pulls them with
// `for await`. The run starts on the first pull, so an unread `send()` does nothing, and leaving
// the loop early aborts the run.

/** Runs `run` when first pulled and yields what it emits. `run` must not throw (it is caught anyway). */
export function eventStream<T>(
  run: (emit: (event: T) => void, signal: AbortSignal) => Promise<void>,
  onUnexpected: (error: unknown) => T,
): AsyncIterable<T> {
  let running: Promise<void> | null = null;
  const buffered: T[] = [];
  const waiting: Array<(result: IteratorResult<T>) => void> = [];
  let finished = false;
  const controller = new AbortController();

  const emit = (event: T): void => {
    if (finished) return;
    const reader = waiting.shift();
    if (reader) reader({ value: event, done: false });
    else buffered.push(event);
  };
  const finish = (): void => {
    finished = true;
    for (const reader of waiting.splice(0)) reader({ value: undefined, done: true });
  };
  const start = (): void => {
    if (running) return;
    running = run(emit, controller.signal)
      // A bug in an engine still ends the stream with an event rather than a hang or an unhandled rejection.
      .catch((error: unknown) => emit(onUnexpected(error)))
      .finally(finish);
  };

  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      return {
        next(): Promise<IteratorResult<T>> {
          start();
          const value = buffered.shift();
          if (value !== undefined) return Promise.resolve({ value, done: false });
          if (finished) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => waiting.push(resolve));
        },
        async return(): Promise<IteratorResult<T>> {
          controller.abort();
          buffered.length = 0;
          finish();
          // `break` awaits this: once the loop is left, the aborted run has settled and the agent
          // takes the next send.
          await running;
          return { value: undefined, done: true };
        },
      };
    },
  };
}
