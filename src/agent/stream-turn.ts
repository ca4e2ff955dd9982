// One streaming request to the Messages API, shared by both engines: text deltas and finished
// blocks are reported as they arrive, the accumulated message is returned at the end.
import type Anthropic from "@anthropic-ai/sdk";
import { APIUserAbortError } from "@anthropic-ai/sdk";
import type { BetaContentBlock, BetaMessage, MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/beta/messages/messages";
import { addUsage, type RunContext } from "./context.ts";
import { EngineFailure } from "./errors.ts";

export interface TurnListener {
  onText(text: string): void;
  /** A content block is complete (inputs parsed). `index` is its position in the message. */
  onBlock(block: BetaContentBlock, index: number): void;
}

export async function streamTurn(
  client: Anthropic,
  params: MessageCreateParamsBase,
  signal: AbortSignal,
  listener: TurnListener,
): Promise<BetaMessage> {
  const stream = client.beta.messages.stream(params, { signal });
  let count = 0;
  // Listeners run synchronously as the SDK accumulates each event, so the block they see is final
  // and in order; reading `currentMessage` later could race with the end of the message.
  stream.on("text", (delta) => listener.onText(delta));
  stream.on("contentBlock", (block) => listener.onBlock(block, count++));
  // Rejects on HTTP errors (after the SDK's own retries), on a dropped connection, and when the
  // body ends before `message_stop`.
  return await stream.finalMessage();
}

/**
 * `streamTurn` inside a send: marks that output arrived (an auto engine must not switch after
 * that) and wraps failures so that they keep that fact.
 */
export async function requestTurn(
  ctx: RunContext,
  params: MessageCreateParamsBase,
  onBlock: (block: BetaContentBlock, index: number) => void,
): Promise<BetaMessage> {
  if (ctx.signal.aborted) throw new EngineFailure(new APIUserAbortError(), ctx.receivedOutput);
  try {
    const message = await streamTurn(ctx.client, params, ctx.signal, {
      onText: (text) => {
        ctx.receivedOutput = true;
        ctx.emit({ type: "text_delta", text });
      },
      onBlock: (block, index) => {
        ctx.receivedOutput = true;
        onBlock(block, index);
      },
    });
    ctx.receivedOutput = true;
    addUsage(ctx.usage, message);
    return message;
  } catch (error) {
    throw new EngineFailure(error, ctx.receivedOutput);
  }
}
