// A page with no UI that puts the library on window.sandbox: the browser tests drive the real
// package through it (persistence across reloads, isolation, benchmarks).
// `?preload` starts loading the runtime (files, snapshot, a warm spare worker) as the page opens.
import * as sandbox from "../index.ts";

declare global {
  interface Window {
    sandbox: typeof sandbox;
  }
}

window.sandbox = sandbox;
if (new URLSearchParams(location.search).has("preload")) void sandbox.preloadRuntime();
document.querySelector("#status")!.textContent = "ready";
