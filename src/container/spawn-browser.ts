// Starts a container worker in browsers: inside an opaque-origin sandboxed iframe (see
// sandbox-frame.ts), talking to this page over a MessageChannel with comlink. Results reach the
// container only through that channel's port, which user code cannot reach.
import * as Comlink from "comlink";
import workerUrl from "../../workers/container.worker.ts?worker&url";
import type { WorkerApi } from "../protocol/worker-api.ts";
import { RUNTIME_FILE_NAMES, VIRTUAL_INDEX_URL, type RuntimeFiles } from "../shared/runtime-files.ts";
import { shippedSnapshotFile, snapshotKey } from "../shared/snapshot-key.ts";
import { frameDocument } from "./sandbox-frame.ts";
import { postToFrame, readFrameMessage } from "../protocol/frame.ts";
import { wakingEndpoint } from "../shared/waking-endpoint.ts";
import type { WorkerHandle } from "./worker-handle.ts";
import { rejectOnExit } from "./worker-exit.ts";
import { markBoot } from "../boot-marks.ts";

/** How long the sandbox frame may take to say whether Python has taken an interrupt. */
const INTERRUPT_STATE_WAIT_MS = 250;

interface Assets {
  /** Blobs: posting one to the frame passes a reference, not megabytes of copied bytes. */
  workerSource: Promise<Blob>;
  runtime: Promise<RuntimeFiles>;
}

/** Per index URL, fetched once per page (a respawn after a kill reuses them). */
const assetsByIndex = new Map<string, Assets>();

async function fetchBlob(url: URL): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url.href}: HTTP ${response.status}`);
  // Hosts that answer every path with their index page (single-page-app fallbacks) send HTML
  // for a wrong folder: say so, instead of failing later on "Unexpected token '<'".
  if (/^text\/html/i.test(response.headers.get("content-type") ?? "")) {
    throw new Error(`could not load ${url.href}: the server answered with an HTML page, not this file (is the folder right?)`);
  }
  return response.blob();
}

/**
 * The worker's script and Pyodide's files, fetched by this page (not by the frame, which may
 * not), each as soon as possible: the script lets the worker start before the rest is in.
 */
function loadAssets(indexURL: string): Assets {
  indexURL = new URL(indexURL, document.baseURI).href;
  let assets = assetsByIndex.get(indexURL);
  if (assets) return assets;
  // Relative to this module, so a page that embeds the built widget from elsewhere works too.
  const workerSource = fetchBlob(new URL(workerUrl, import.meta.url));
  const runtime = Promise.all(RUNTIME_FILE_NAMES.map((name) => fetchBlob(new URL(name, indexURL)))).then((blobs) =>
    Object.fromEntries(RUNTIME_FILE_NAMES.map((name, i) => [name, blobs[i]!])),
  );
  assets = { workerSource, runtime };
  assetsByIndex.set(indexURL, assets);
  // A failed fetch is retried by the next worker.
  const forget = () => assetsByIndex.get(indexURL) === assets && assetsByIndex.delete(indexURL);
  workerSource.catch(forget);
  runtime.catch(forget);
  return assets;
}

/** The worker script's URL carries a content hash in built pages: it stands for our worker code. */
export function browserSnapshotKey(): string {
  return snapshotKey(`browser ${workerUrl}`);
}

/** The snapshot the build put next to Pyodide's files, if the host serves one. */
export async function fetchShippedSnapshot(indexURL = "pyodide/"): Promise<Blob | undefined> {
  try {
    const response = await fetch(new URL(shippedSnapshotFile(), new URL(indexURL, document.baseURI)));
    return response.ok ? await response.blob() : undefined;
  } catch {
    return undefined; // offline, or not shipped: the first worker makes one
  }
}

export async function preloadAssets(indexURL = "pyodide/"): Promise<void> {
  const { workerSource, runtime } = loadAssets(indexURL);
  await Promise.all([workerSource, runtime, frameDocument()]);
}

/** `indexURL` (default: ./pyodide/ next to the page) is where this page fetches Pyodide's files. */
export async function spawnBrowserWorker(indexURL = "pyodide/"): Promise<WorkerHandle> {
  // The frame (often a new process) starts while the files come in.
  const assets = loadAssets(indexURL);
  const srcdoc = await frameDocument();
  const iframe = document.createElement("iframe");
  iframe.setAttribute("sandbox", "allow-scripts");
  iframe.setAttribute("allow", "cross-origin-isolated");
  iframe.setAttribute("aria-hidden", "true");
  iframe.title = "code sandbox";
  iframe.style.display = "none";
  iframe.srcdoc = srcdoc;
  const loaded = new Promise((resolve) => iframe.addEventListener("load", resolve, { once: true }));
  document.body.append(iframe);
  let workerSource: Blob;
  try {
    [workerSource] = await Promise.all([assets.workerSource, loaded]);
  } catch (error) {
    iframe.remove();
    throw error;
  }
  const frame = iframe.contentWindow;
  if (!frame) throw new Error("the sandbox frame did not start");

  let died: (error: Error) => void = () => {};
  const exited = new Promise<Error>((resolve) => (died = resolve));
  // Who waits for the frame's next "interrupt-state" answer.
  const interruptStateWaiters: Array<(taken: boolean) => void> = [];
  const ready = new Promise<{ interruptible: boolean }>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const message = event.source === frame ? readFrameMessage(event.data) : null;
      if (message?.type === "frame-ready") resolve({ interruptible: message.interruptible });
      if (message?.type === "worker-error") died(new Error(`the sandbox worker failed: ${message.message}`));
      if (message?.type === "interrupt-state") for (const answer of interruptStateWaiters.splice(0)) answer(message.taken);
    };
    window.addEventListener("message", onMessage);
    exited.then(() => window.removeEventListener("message", onMessage));
  });

  const channel = new MessageChannel();
  postToFrame(frame, { type: "start", workerSource }, [channel.port2]);
  markBoot("frame started");
  // Calls made before the files arrive wait in the channel; a failed fetch ends this worker.
  assets.runtime.then(
    (runtime) => {
      postToFrame(frame, { type: "runtime", runtime });
      markBoot("runtime handed over");
    },
    (error: Error) => died(error),
  );
  // A failed fetch of the files can end this worker before the frame says it is ready.
  let interruptible: boolean;
  try {
    ({ interruptible } = await Promise.race([ready, rejectOnExit(exited)]));
  } catch (error) {
    channel.port1.close();
    iframe.remove();
    throw error;
  }
  // The worker sleeps between calls (src/worker/idle-gate.ts); the frame wakes it for each message.
  const api = Comlink.wrap<WorkerApi>(
    interruptible ? wakingEndpoint(channel.port1, () => postToFrame(frame, { type: "wake" })) : channel.port1,
  );
  return {
    api,
    // The worker boots from the bytes above, under a base URL that never reaches a network.
    workerIndexURL: VIRTUAL_INDEX_URL,
    interruptible,
    interrupt: () => postToFrame(frame, { type: "interrupt" }),
    // The frame holds the byte and answers at once; no answer in time counts as not taken.
    interruptTaken: () =>
      new Promise<boolean>((resolve) => {
        if (!interruptible) return resolve(false);
        interruptStateWaiters.push(resolve);
        postToFrame(frame, { type: "interrupt-state" });
        setTimeout(() => resolve(false), INTERRUPT_STATE_WAIT_MS);
      }),
    setBusy: () => {},
    exited,
    // Removing the frame ends its worker; no releaseProxy, which would wait on a busy worker.
    terminate: async () => {
      channel.port1.close();
      iframe.remove();
      died(new Error("terminated"));
    },
  };
}
