// Entry of embed.html, the page other sites put in an <iframe>: one <code-exec-sandbox> filling
// the frame, configured from the query string (?code=…&language=bash&read-only&theme=dark).
import { setUpServiceWorker } from "./state/service-worker.ts";

const params = new URLSearchParams(location.search);
await setUpServiceWorker();
await import("./widget/code-exec-sandbox.ts");
const element = document.createElement("code-exec-sandbox");
for (const name of ["code", "engine", "language", "theme"]) {
  const value = params.get(name);
  if (value !== null) element.setAttribute(name, value);
}
if (params.has("read-only")) element.setAttribute("read-only", "");
element.setAttribute("height", "100%");
document.querySelector("#boot")?.remove();
document.body.append(element);
