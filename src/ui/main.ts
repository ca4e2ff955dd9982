// Entry of the single-page app (index.html).
import { runtimeCached } from "./state/runtime-cache.ts";
import { setUpServiceWorker } from "./state/service-worker.ts";

/**
 * A returning visitor has Pyodide's files cached: start a worker (and keep a warm spare from then
 * on) while the UI's code loads; the first container takes it. A first visit does not, so the
 * files are downloaded once, with the progress bar, by the session.
 */
async function startRuntimeEarly(): Promise<void> {
  try {
    if (!(await runtimeCached(new URL("pyodide/", document.baseURI).href))) return;
    const { preloadRuntime } = await import("./state/package-api.ts");
    await preloadRuntime();
  } catch {
    // the session opens a container either way
  }
}

if ((await setUpServiceWorker()) === "ready") {
  void startRuntimeEarly();
  await import("./components/sandbox-app.ts");
  document.querySelector("#boot")?.remove();
  document.body.append(document.createElement("sandbox-app"));
}
