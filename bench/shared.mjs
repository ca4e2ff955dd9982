// Settings and data shared by the Node and Chromium halves of the benchmark.
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
export const CALLS = Number(process.env.BENCH_CALLS ?? 100);
export const FILES = 1000;
export const BIG_BYTES = 20 * 1024 * 1024;

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

// The restore-and-persist scenario, once for both halves. Each function stands alone (no names
// from this module): Chromium runs it in a page, from its source, through page.evaluate.

/**
 * Our side: a container with FILES small files and one BIG_BYTES file, reopened by id ROUNDS
 * times with the warm spare ready, then one file changed in it. `sandbox` is the library.
 * Answers { restore, persist, persistCall } in ms: the reopen, the store's write alone (its
 * `applyChanges` is timed), and the whole call that changed the file.
 */
export async function restoreAndPersist({ sandbox, ROUNDS, FILES, BIG_BYTES }) {
  const { createContainer, preloadRuntime, ContainerStore } = sandbox;
  const seed = await createContainer();
  for (const command of [
    `mkdir -p d && for i in $(seq 1 ${FILES}); do echo "file $i of the benchmark container" > d/f$i.txt; done`,
    `python3 -c "open('big.bin','wb').write(bytes(range(256)) * ${BIG_BYTES / 256})"`,
  ]) {
    await seed.execute({ type: "server_tool_use", id: "srvtoolu_seed", name: "bash_code_execution", input: { command } });
  }
  const id = seed.id;
  await seed.close();
  const restore = [];
  const persist = [];
  const persistCall = [];
  // The default store's database, with its write timed: the persist row is the store's work alone.
  const store = new ContainerStore();
  const storeWrites = [];
  const applyChanges = store.applyChanges.bind(store);
  store.applyChanges = async (...args) => {
    const t = performance.now();
    await applyChanges(...args);
    storeWrites.push(performance.now() - t);
  };
  for (let i = 0; i < ROUNDS; i++) {
    await preloadRuntime();
    const t0 = performance.now();
    const reopened = await createContainer({ id, store });
    restore.push(performance.now() - t0);
    // The first call of a fresh worker also warms its code paths; measure the second.
    await reopened.execute({
      type: "server_tool_use",
      id: "srvtoolu_w",
      name: "bash_code_execution",
      input: { command: `echo warm > d/f2.txt` },
    });
    storeWrites.length = 0;
    const t1 = performance.now();
    await reopened.execute({
      type: "server_tool_use",
      id: "srvtoolu_p",
      name: "bash_code_execution",
      input: { command: `echo changed ${i} > d/f1.txt` },
    });
    persistCall.push(performance.now() - t1);
    if (storeWrites.length !== 1) throw new Error(`expected one store write, saw ${storeWrites.length}`);
    persist.push(storeWrites[0]);
    const check = await reopened.execute({
      type: "server_tool_use",
      id: "srvtoolu_c",
      name: "bash_code_execution",
      input: { command: "ls d | wc -l; wc -c < big.bin" },
    });
    if (check.content.stdout !== `${FILES}\n${BIG_BYTES}\n`) throw new Error(JSON.stringify(check.content));
    await reopened.close();
  }
  return { restore, persist, persistCall };
}

/**
 * The baseline: idb-keyval `getMany` of the same records and `set` of the changed file, on the
 * same IndexedDB. `idbKeyval` is the idb-keyval module. Answers { read, write } in ms.
 */
export async function idbKeyvalRestoreAndPersist({ idbKeyval, ROUNDS, FILES, BIG_BYTES }) {
  const { createStore, getMany, set, setMany } = idbKeyval;
  const store = createStore("bench-idb-keyval", "files");
  const encoder = new TextEncoder();
  const entries = Array.from({ length: FILES }, (_, i) => [
    `d/f${i + 1}.txt`,
    encoder.encode(`file ${i + 1} of the benchmark container\n`),
  ]);
  const big = new Uint8Array(BIG_BYTES);
  for (let i = 0; i < big.length; i++) big[i] = i & 255;
  entries.push(["big.bin", big]);
  await setMany(entries, store);
  const keys = entries.map(([k]) => k);
  const read = [];
  const write = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const values = await getMany(keys, store);
    read.push(performance.now() - t0);
    if (values.length !== keys.length || values[FILES].byteLength !== BIG_BYTES) throw new Error("idb-keyval lost files");
    const t1 = performance.now();
    await set("d/f1.txt", encoder.encode(`changed ${i}\n`), store);
    write.push(performance.now() - t1);
  }
  return { read, write };
}
