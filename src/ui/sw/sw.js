// The app's service worker. The build (vite.config.ts, serviceWorkerPlugin) writes it as sw.js
// with the placeholder below replaced by the build's manifest: the sha256 of every file it
// built, so every build is a new worker.
//
// - Integrity: it serves a file from Cache Storage only if the bytes hash to the manifest's
//   value for that path. Cache Storage belongs to the whole origin, so script that ever ran in
//   it could have rewritten an entry; such an entry is dropped and the file fetched again. Paths
//   that are not in the manifest are never served from a cache at all.
// - Offline: the app shell is precached at install; Pyodide's runtime files are put into
//   RUNTIME_CACHE by the page while it shows download progress (src/ui/state/runtime-cache.ts),
//   so a first visit downloads them once. Both are checked the same way when served.
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

/** A URL's path inside the scope ("" is the app page), or null outside it. */
function scopePath(url) {
  const scope = self.registration.scope;
  const href = new URL(url);
  href.search = "";
  href.hash = "";
  return href.href.startsWith(scope) ? decodeURIComponent(href.href.slice(scope.length)) : null;
}

/** The manifest's name for a URL ("" is index.html), or null when the build has no such file. */
function manifestPath(url) {
  const path = scopePath(url);
  if (path === null) return null;
  const file = path === "" || path.endsWith("/") ? `${path}index.html` : path;
  return Object.hasOwn(MANIFEST.files, file) ? file : null;
}

function cacheFor(path) {
  return path.startsWith("pyodide/") ? RUNTIME_CACHE : SHELL_CACHE;
}

/** The one URL a manifest file is cached under (the page writes runtime files under the same). */
function cacheKey(path) {
  return new URL(path === "index.html" ? "./" : path, self.registration.scope).href;
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A response holding `bytes` when they are the manifest's bytes for `path`, else null. */
async function checked(path, response) {
  if (!response || response.type === "opaque" || response.type === "opaqueredirect" || response.status !== 200) return null;
  const bytes = await response.arrayBuffer();
  if ((await sha256(bytes)) !== MANIFEST.files[path]) return null;
  return new Response(bytes, { status: 200, statusText: response.statusText, headers: response.headers });
}

/** The cached copy of `path` if its bytes are the build's; a tampered copy is deleted. */
async function cachedCopy(path) {
  const cache = await caches.open(cacheFor(path));
  const key = cacheKey(path);
  const entry = await cache.match(key, { ignoreVary: true });
  if (!entry) return null;
  const good = await checked(path, entry);
  if (!good) await cache.delete(key, { ignoreVary: true });
  return good;
}

/** Fetches `path` from the server and keeps it when it is the build's file. */
async function fetchAndKeep(path, request) {
  const response = await fetch(request);
  if (response.type !== "basic" || !response.ok || response.status !== 200) return response;
  const good = await checked(path, response.clone());
  // Other bytes than the build's (a newer deployment, say) are served as the server sent them,
  // as without a service worker, but never cached.
  if (!good) return response;
  await (await caches.open(cacheFor(path))).put(cacheKey(path), good.clone());
  return good;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await Promise.all(
        MANIFEST.precache.map(async (path) => {
          // "reload" skips the HTTP cache, so the shell matches this build exactly.
          const good = await checked(path, await fetch(new Request(cacheKey(path), { cache: "reload" })));
          if (!good) throw new Error(`${path} is not the file this service worker was built with`);
          await cache.put(cacheKey(path), good);
        }),
      );
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

async function navigate(request) {
  const path = manifestPath(request.url);
  // Network first, so a new deployment shows at once; the checked cached copy when offline.
  try {
    return isolate(path ? await fetchAndKeep(path, request) : await fetch(request));
  } catch (error) {
    const cached = (path && (await cachedCopy(path))) || (await cachedCopy("index.html"));
    if (cached) return isolate(cached);
    throw error;
  }
}

async function resource(request) {
  const path = manifestPath(request.url);
  // Not a file of this build (or a partial read): nothing to check it against, so no cache.
  if (!path || request.headers.has("range")) return isolate(await fetch(request));
  return isolate((await cachedCopy(path)) ?? (await fetchAndKeep(path, request)));
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
