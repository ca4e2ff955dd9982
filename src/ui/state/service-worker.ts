// Registers the service worker (offline app shell, cached Pyodide, isolation headers) and, on
// hosts that cannot send COOP/COEP themselves, reloads once under its control so the page is
// cross-origin isolated and running code can be interrupted.

const RELOAD_FLAG = "code-exec-sandbox:isolation-reload";
const CONTROL_TIMEOUT_MS = 5000;

function waitForController(): Promise<boolean> {
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), CONTROL_TIMEOUT_MS);
    navigator.serviceWorker.addEventListener(
      "controllerchange",
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
  });
}

/**
 * Resolves "reloading" when the page is about to reload for isolation (do not start the app),
 * otherwise "ready" (registered, unsupported, or failed: the app runs either way).
 */
export async function setUpServiceWorker(scriptURL = "./sw.js"): Promise<"ready" | "reloading"> {
  // The dev server has no build manifest to precache; it sends the isolation headers itself.
  if (import.meta.env.DEV || !("serviceWorker" in navigator)) return "ready";
  // A returning visit is controlled and isolated already: check for an update in the background
  // instead of holding the app back by a round trip to the server.
  if (navigator.serviceWorker.controller && crossOriginIsolated) {
    navigator.serviceWorker.register(scriptURL, { scope: "./" }).catch(() => undefined);
    return "ready";
  }
  try {
    await navigator.serviceWorker.register(scriptURL, { scope: "./" });
  } catch {
    return "ready"; // private modes and file:// pages have no service workers
  }
  // A nested frame cannot become isolated unless its parent is, so only the top page reloads.
  if (crossOriginIsolated || window.top !== window) return "ready";
  let reloaded = false;
  try {
    reloaded = sessionStorage.getItem(RELOAD_FLAG) === "1";
  } catch {}
  if (reloaded) return "ready"; // tried once: the host or browser does not allow it
  if (!(await waitForController())) return "ready";
  try {
    sessionStorage.setItem(RELOAD_FLAG, "1");
  } catch {
    return "ready"; // without the flag a reload could loop
  }
  location.reload();
  return "reloading";
}
