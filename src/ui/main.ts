// Entry of the single-page app (index.html).
import { setUpServiceWorker } from "./state/service-worker.ts";

if ((await setUpServiceWorker()) === "ready") {
  await import("./components/sandbox-app.ts");
  document.querySelector("#boot")?.remove();
  document.body.append(document.createElement("sandbox-app"));
}
