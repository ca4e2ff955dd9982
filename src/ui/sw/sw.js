// The app's service worker. The build (vite.config.ts, serviceWorkerPlugin) emits it as sw.js
// with the manifest placeholder below replaced by the list of built files, so every build is a
// new worker.
//
// - Offline: the app shell is precached at install; Pyodide's runtime files are put into
//   RUNTIME_CACHE by the page while it shows download progress (src/ui/state/runtime-cache.ts),
//   so a first visit downloads them once; anything else same-origin is cached when first fetched.
// - Isolation: every response it serves gets COOP/COEP headers, so the page is cross-origin
//   isolated (SharedArrayBuffer, interruptible Python) even on hosts that cannot set headers.
/* eslint-env serviceworker */

const MANIFEST = __SW_MANIFEST__;
const SHELL_CACHE = `code-exec-sandbox-shell-${MANIFEST.version}`;
// Same name as RUNTIME_CACHE in src/ui/state/runtime-cache.ts.
const RUNTIME_CACHE = "code-exec-sandbox-runtime";
const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // "reload" skips the HTTP cache, so the shell matches this build exactly.
      await cache.addAll(MANIFEST.shell.map((path) => new Request(path, { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("code-exec-sandbox-shell-") && name !== SHELL_CACHE) await caches.delete(name);
      }
      // Pyodide's files are pinned to one version per build; a new version drops the old ones.
      // Only an older marker empties the cache: on a first install the page may already have
      // stored this version's files there.
      const marker = new URL(`pyodide/.version-${MANIFEST.pyodide}`, self.registration.scope).href;
      const keys = (await (await caches.open(RUNTIME_CACHE)).keys()).map((request) => request.url);
      if (keys.some((key) => key.includes("/pyodide/.version-") && key !== marker)) await caches.delete(RUNTIME_CACHE);
      await (await caches.open(RUNTIME_CACHE)).put(marker, new Response(MANIFEST.pyodide));
      await self.clients.claim();
    })(),
  );
});

/** The response with the isolation headers added (opaque responses cannot be changed). */
function isolate(response) {
  if (response.type === "opaque" || response.type === "opaqueredirect" || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) if (!headers.has(name)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function isRuntimeFile(url) {
  return new URL("pyodide/", self.registration.scope).href === new URL("./", url).href;
}

async function fromCache(request, options) {
  return caches.match(request, { ignoreVary: true, ...options });
}

async function navigate(request) {
  // Network first, so a new deployment shows at once; the cached copy when offline.
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      const url = new URL(request.url);
      url.search = "";
      caches.open(SHELL_CACHE).then((cache) => cache.put(url.href, copy));
    }
    return isolate(response);
  } catch (error) {
    const cached = (await fromCache(request, { ignoreSearch: true })) ?? (await fromCache(new URL("./", self.registration.scope).href));
    if (cached) return isolate(cached);
    throw error;
  }
}

async function resource(request) {
  const cached = await fromCache(request);
  if (cached) return isolate(cached);
  const response = await fetch(request);
  // Hashed assets never change under one name, so whatever arrives can be kept.
  if (response.ok && response.type === "basic" && !request.headers.has("range")) {
    const copy = response.clone();
    caches.open(isRuntimeFile(request.url) ? RUNTIME_CACHE : SHELL_CACHE).then((cache) => cache.put(request, copy));
  }
  return isolate(response);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // The API and any other origin go straight to the network, untouched.
  if (url.origin !== self.location.origin) return;
  if (request.cache === "only-if-cached" && request.mode !== "same-origin") return;
  event.respondWith(request.mode === "navigate" ? navigate(request) : resource(request));
});
