// A page with no UI that puts the library on window.sandbox: the browser tests drive the real
// package through it (persistence across reloads, isolation, benchmarks).
import * as sandbox from "../index.ts";

declare global {
  interface Window {
    sandbox: typeof sandbox;
  }
}

window.sandbox = sandbox;
document.querySelector("#status")!.textContent = "ready";
