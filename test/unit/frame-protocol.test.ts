// The sandbox frame's script is a string (it runs under a CSP hash and imports nothing), so its
// side of the page ↔ frame protocol is checked here against the typed union in protocol/frame.ts.
import { describe, expect, it } from "vitest";
import { FRAME_BOOTSTRAP } from "../../src/container/sandbox-frame.ts";
import { FRAME_TO_PAGE_TYPES, PAGE_TO_FRAME_TYPES, readFrameMessage } from "../../src/protocol/frame.ts";

const handled = [...FRAME_BOOTSTRAP.matchAll(/data\.type === "([\w-]+)"/g)].map((m) => m[1]);
const sent = [...FRAME_BOOTSTRAP.matchAll(/parent\.postMessage\(\{ type: "([\w-]+)"/g)].map((m) => m[1]);

describe("the page ↔ sandbox frame protocol", () => {
  it("the frame handles exactly the page's message types and sends exactly the frame's", () => {
    expect(handled.sort()).toEqual([...PAGE_TO_FRAME_TYPES].sort());
    expect(sent.sort()).toEqual([...FRAME_TO_PAGE_TYPES].sort());
  });

  it("reads the frame's messages and nothing else that reaches the window", () => {
    expect(readFrameMessage({ type: "frame-ready", interruptible: true })).toEqual({ type: "frame-ready", interruptible: true });
    expect(readFrameMessage({ type: "frame-ready" })).toEqual({ type: "frame-ready", interruptible: false });
    expect(readFrameMessage({ type: "worker-error", message: "boom" })).toEqual({ type: "worker-error", message: "boom" });
    expect(readFrameMessage({ type: "interrupt-state", taken: true })).toEqual({ type: "interrupt-state", taken: true });
    expect(readFrameMessage({ type: "interrupt-state", taken: "yes" })).toEqual({ type: "interrupt-state", taken: false });
    for (const other of [null, undefined, "frame-ready", { type: "start" }, { type: "runtime", runtime: {} }, {}]) {
      expect(readFrameMessage(other)).toBeNull();
    }
  });
});
