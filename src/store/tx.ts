// One IndexedDB transaction as one promise. idb-keyval's UseStore hands us the object store of a
// fresh transaction; this helper adds what the store needs on top:
// - it resolves only when the transaction has COMMITTED ("complete"), so a write is durable when
//   the caller's promise settles, and reads are taken from one consistent snapshot;
// - an exception thrown while issuing requests (synchronously or inside a request's success
//   handler, e.g. a DataCloneError from put) aborts the transaction, so nothing of it is written,
//   and becomes the rejection reason instead of a vague AbortError.
import type { UseStore } from "idb-keyval";

/**
 * Wraps a request event handler: if it throws, the transaction is aborted with that error.
 * Handlers that issue follow-up requests must be wrapped, or a throw would be swallowed.
 */
export type Guard = <A extends unknown[]>(handler: (...args: A) => void) => (...args: A) => void;

/**
 * Runs `body` inside one transaction. `body` issues its requests and returns a `finish` function,
 * called after the commit to build the result from the requests' results.
 */
export function transact<T>(
  useStore: UseStore,
  mode: IDBTransactionMode,
  body: (store: IDBObjectStore, guard: Guard) => () => T,
): Promise<T> {
  return useStore(
    mode,
    (store) =>
      new Promise<T>((resolve, reject) => {
        const tx = store.transaction;
        let failed = false;
        let failure: unknown;
        const fail = (error: unknown): void => {
          if (!failed) {
            failed = true;
            failure = error;
          }
          try {
            tx.abort();
          } catch {
            // Already finished or aborting: the abort handler below reports `failure`.
          }
        };
        const guard: Guard =
          (handler) =>
          (...args) => {
            try {
              handler(...args);
            } catch (error) {
              fail(error);
            }
          };

        let finish: (() => T) | undefined;
        try {
          finish = body(store, guard);
        } catch (error) {
          fail(error);
        }

        tx.oncomplete = () => {
          if (failed || finish === undefined) {
            reject(failure);
            return;
          }
          try {
            resolve(finish());
          } catch (error) {
            reject(error);
          }
        };
        tx.onabort = () => {
          reject(failed ? failure : (tx.error ?? new Error("IndexedDB transaction aborted")));
        };
      }),
  );
}
