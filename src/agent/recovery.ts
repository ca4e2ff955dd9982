// A hosted container that is lost (expired, or failing with server errors) is replaced instead of
// ending the conversation: the next request goes out without its id, so the API starts a new one,
// and the files the agent holds for the old one (the user's uploads and the output files it
// fetched) are uploaded again and attached to the turn being sent, with a note for the model.
import { toFile } from "@anthropic-ai/sdk";
import type { BetaContentBlockParam } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import type { ConversationState, RunContext } from "./context.ts";
import { AgentError, describeError } from "./errors.ts";

interface HeldFile {
  /** The id it was last known by. */
  fileId: string;
  name: string;
  data: Uint8Array;
}

/**
 * Files the old container had that the agent holds the bytes of: uploads sent in earlier turns
 * (the turn being sent carries its own uploads again anyway) and fetched output files.
 */
function heldFiles(state: ConversationState, userIndex: number): HeldFile[] {
  // Keyed by the bytes: a file uploaded again into an earlier replacement is the same file.
  const held = new Map<Uint8Array, HeldFile>();
  for (const [fileId, file] of state.hostedOutputs) held.set(file.data, { fileId, ...file });
  for (const message of state.messages.slice(0, userIndex)) {
    if (message.role !== "user" || typeof message.content === "string") continue;
    for (const block of message.content) {
      if (block.type !== "container_upload") continue;
      const upload = state.uploads.get(block.file_id);
      if (upload && !held.has(upload.data)) held.set(upload.data, { fileId: block.file_id, name: upload.name, data: upload.data });
    }
  }
  return [...held.values()];
}

/**
 * Forgets the lost container, uploads the held files again and puts them (with a note) at the
 * start of the user turn at `userIndex`, then reports it with a `container_replaced` event.
 */
export async function replaceContainer(ctx: RunContext, userIndex: number, previousId: string, detail: string): Promise<void> {
  const { state } = ctx;
  state.hostedContainerId = null;
  // Cleared once a request in the new container succeeds; if this send fails instead, its
  // history is rolled back, and the next send attaches the files again.
  state.pendingReplacement = { previousId, detail };
  const reuploaded: Array<{ name: string; file_id: string }> = [];
  for (const file of heldFiles(state, userIndex)) {
    try {
      const meta = await ctx.client.beta.files.upload({ file: await toFile(file.data, file.name) }, { signal: ctx.signal });
      state.uploads.set(meta.id, { name: file.name, data: file.data });
      reuploaded.push({ name: file.name, file_id: meta.id });
    } catch (error) {
      throw new AgentError(
        `The hosted container ${previousId} was lost (${detail}) and ${file.name} could not be uploaded again to a new one (${describeError(error)}). Send again to retry.`,
        true,
      );
    }
  }

  const names = reuploaded.map((file) => file.name).join(", ");
  const note =
    `[The code execution container ${previousId} was lost (${detail}); this conversation goes on in a new container. ` +
    (reuploaded.length > 0 ? `These files of the old one were uploaded again: ${names}. ` : "") +
    "Anything else of the old container (other files, Python variables) is gone.]";
  const turn = state.messages[userIndex];
  if (turn?.role === "user") {
    const original: BetaContentBlockParam[] = typeof turn.content === "string" ? [{ type: "text", text: turn.content }] : turn.content;
    state.messages[userIndex] = {
      role: "user",
      content: [
        ...reuploaded.map((file): BetaContentBlockParam => ({ type: "container_upload", file_id: file.file_id })),
        { type: "text", text: note },
        ...original,
      ],
    };
  }
  ctx.emit({
    type: "container_replaced",
    previous_id: previousId,
    reason:
      `The hosted container ${previousId} was lost (${detail}); the conversation goes on in a new one` +
      (reuploaded.length > 0 ? `, with ${reuploaded.length} file${reuploaded.length === 1 ? "" : "s"} uploaded again: ${names}.` : "."),
    reuploaded,
  });
}
