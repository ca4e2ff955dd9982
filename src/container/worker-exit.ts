// "The worker exited" as a rejected promise, to race against what a worker is asked: nothing
// waits forever on a dead worker. One promise per worker, marked handled: a worker that dies
// while nobody is waiting is not an error.

const rejections = new WeakMap<Promise<Error>, Promise<never>>();

/** Rejects with the reason once `exited` (a worker's exit promise) settles; never resolves. */
export function rejectOnExit(exited: Promise<Error>): Promise<never> {
  let rejection = rejections.get(exited);
  if (!rejection) {
    rejection = exited.then((error): never => {
      throw error;
    });
    rejection.catch(() => {});
    rejections.set(exited, rejection);
  }
  return rejection;
}
