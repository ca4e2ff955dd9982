// Side-effect import that installs an in-memory IndexedDB on globalThis (Node has none).
declare module "fake-indexeddb/auto";
