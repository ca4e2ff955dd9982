// idb-keyval's createStore on a given IndexedDB implementation instead of the page's, so a store
// can live in memory (fake-indexeddb) where the page's storage must stay untouched (the widget's
// persist="false"). The store's key ranges are built with the global IDBKeyRange (keys.ts); an
// implementation only accepts its own, so ranges are translated on the way in.
import type { UseStore } from "idb-keyval";

export interface IndexedDBImpl {
  factory: IDBFactory;
  keyRange: typeof IDBKeyRange;
}

function settled<T>(request: IDBRequest<T> | IDBOpenDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result as T);
    request.onerror = () => reject(request.error);
  });
}

/** The object store, with global IDBKeyRange arguments rebuilt as `keyRange`'s. */
function translatingRanges(store: IDBObjectStore, keyRange: typeof IDBKeyRange): IDBObjectStore {
  if (typeof IDBKeyRange === "undefined" || keyRange === IDBKeyRange) return store;
  const translate = (arg: unknown) =>
    arg instanceof IDBKeyRange ? keyRange.bound(arg.lower, arg.upper, arg.lowerOpen, arg.upperOpen) : arg;
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map(translate));
    },
  });
}

export function createStoreOn(impl: IndexedDBImpl, dbName: string, storeName: string): UseStore {
  let db: Promise<IDBDatabase> | undefined;
  const open = () => {
    if (db) return db;
    const request = impl.factory.open(dbName);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    db = settled<IDBDatabase>(request);
    db.then(
      (opened) => (opened.onclose = () => (db = undefined)),
      () => (db = undefined),
    );
    return db;
  };
  return (mode, callback) =>
    open().then((opened) => callback(translatingRanges(opened.transaction(storeName, mode).objectStore(storeName), impl.keyRange)));
}
