// Output files of code execution results: finding their ids and fetching their bytes, from the
// Files API (hosted) or from the local container.
import type Anthropic from "@anthropic-ai/sdk";
import type { TranscriptBlock } from "./types.ts";
import type { RunContext } from "./context.ts";
import { describeError } from "./errors.ts";
import { isToolResult, summarize } from "../tools/registry.ts";

/** File ids a result block hands to the user (`bash_code_execution_output`, `code_execution_output`). */
export function outputFileIds(block: TranscriptBlock): string[] {
  return isToolResult(block) ? (summarize(block)?.fileIds ?? []) : [];
}

export async function fetchHostedFile(
  client: Anthropic,
  fileId: string,
  signal?: AbortSignal,
): Promise<{ name: string; data: Uint8Array }> {
  const meta = await client.beta.files.retrieveMetadata(fileId, {}, signal ? { signal } : undefined);
  const response = await client.beta.files.download(fileId, {}, signal ? { signal } : undefined);
  return { name: meta.filename, data: new Uint8Array(await response.arrayBuffer()) };
}

/** Fetches every output file of `blocks` and reports each as a `file` or `file_error` event. */
export async function emitOutputFiles(ctx: RunContext, blocks: readonly TranscriptBlock[], local: boolean): Promise<void> {
  for (const block of blocks) {
    for (const fileId of outputFileIds(block)) {
      if (ctx.signal.aborted) return;
      try {
        if (local) {
          const container = ctx.settings.localContainer;
          if (!container) throw new Error("no local container");
          ctx.state.localFileIds.add(fileId);
          const name = (await container.fileMetadata?.(fileId))?.filename;
          ctx.emit({ type: "file", file_id: fileId, ...(name ? { name } : {}), data: await container.downloadFile(fileId) });
        } else {
          const file = await fetchHostedFile(ctx.client, fileId, ctx.signal);
          // Held for the container's sake too: a replacement container gets it again.
          ctx.state.hostedOutputs.set(fileId, { name: file.name, data: file.data });
          ctx.emit({ type: "file", file_id: fileId, name: file.name, data: file.data });
        }
      } catch (error) {
        // A missing file must not end a conversation that otherwise went fine.
        ctx.emit({ type: "file_error", file_id: fileId, message: describeError(error) });
      }
    }
  }
}
