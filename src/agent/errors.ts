// Turns whatever the SDK threw into one clear sentence for the user, plus the facts the agent
// needs to decide what to do next (retry, fall back to the local engine, drop the container).
import { APIConnectionError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";

export type FailureKind =
  | "aborted"
  | "connection"
  | "dropped"
  | "tool_unavailable"
  | "container_expired"
  | "auth"
  | "permission"
  | "not_found"
  | "bad_request"
  | "rate_limited"
  | "server"
  | "other";

export interface ClassifiedFailure {
  kind: FailureKind;
  message: string;
  retryable: boolean;
}

/** Every "no model" error ends with this pointer to the app's offline console, which needs no model. */
export const OFFLINE_HINT = "The offline console still runs code locally without a model.";

/** A failure inside one engine run, kept raw so that the auto engine can decide to switch. */
export class EngineFailure extends Error {
  constructor(
    readonly original: unknown,
    /** True once any part of an answer arrived during this send: then switching engines would repeat work. */
    readonly receivedOutput: boolean,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** A failure the agent itself detects (bad input, limits), already phrased for the user. */
export class AgentError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly kind: FailureKind = "other",
  ) {
    super(message);
  }
}

/** A short description of any error: the API's own message when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof APIError && error.status !== undefined) return apiText(error);
  return error instanceof Error ? error.message : String(error);
}

function apiText(error: APIError): string {
  const type = error.type ? ` ${error.type}` : "";
  return `${error.status ?? "?"}${type}: ${error.apiMessage ?? error.message}`;
}

/**
 * The 400 that the API gives when the code execution tool cannot be used with this model or account.
 * Its wording is not documented, so this matches on the words such an answer has to contain.
 */
export function isToolUnavailable(error: APIError): boolean {
  const text = error.apiMessage ?? error.message;
  return (
    error.status === 400 &&
    /code[ _-]?execution/i.test(text) &&
    /not (available|supported|enabled|allowed)|unavailable|unsupported|does not support|unknown tool|invalid tool/i.test(text)
  );
}

// The docs only say that a request naming an expired container "returns an error"; status and
// wording are undocumented, so this matches on the words.
function isContainerGone(error: APIError): boolean {
  const text = error.apiMessage ?? error.message;
  if ((error.type as string | null) === "container_expired" || /container_expired/.test(text)) return true;
  return (
    (error.status === 400 || error.status === 404) && /container/i.test(text) && /expired|not found|no longer|does not exist/i.test(text)
  );
}

/**
 * The request failed because of the container it named: it expired, or the server failed on it
 * (an untyped 5xx whose message names the container). A new container may get the work done.
 */
export function isLostContainer(error: unknown, containerId: string): boolean {
  const original = error instanceof EngineFailure ? error.original : error;
  if (!(original instanceof APIError) || original.status === undefined) return false;
  if (isContainerGone(original)) return true;
  return original.status >= 500 && (original.apiMessage ?? original.message).includes(containerId);
}

export function classify(error: unknown, context: { baseURL: string; containerId: string | null }): ClassifiedFailure {
  if (error instanceof EngineFailure) return classify(error.original, context);
  if (error instanceof AgentError) return { kind: error.kind, message: error.message, retryable: error.retryable };
  if (error instanceof APIUserAbortError) return { kind: "aborted", message: "The request was cancelled.", retryable: true };
  // Checked before APIError: connection errors are APIErrors without a status.
  if (error instanceof APIConnectionError) {
    return {
      kind: "connection",
      message: `No model is reachable at ${context.baseURL} (${error.message}). ${OFFLINE_HINT}`,
      retryable: true,
    };
  }
  if (error instanceof APIError) {
    if (isToolUnavailable(error)) {
      return {
        kind: "tool_unavailable",
        message: `The hosted code execution tool is not available here (${apiText(error)}). Use the local engine.`,
        retryable: false,
      };
    }
    if (isContainerGone(error)) {
      return {
        kind: "container_expired",
        message: `The hosted container ${context.containerId ?? ""} has expired and its files are gone (${apiText(error)}). Send again to continue in a new container.`,
        retryable: true,
      };
    }
    switch (error.status) {
      case 401:
        return { kind: "auth", message: `The API key was not accepted (${apiText(error)}). Check the key.`, retryable: false };
      case 403:
        return { kind: "permission", message: `This key may not do that (${apiText(error)}).`, retryable: false };
      case 404:
        return { kind: "not_found", message: `Not found (${apiText(error)}). Check the model name and the base URL.`, retryable: false };
      case 429:
        return {
          kind: "rate_limited",
          message: `Rate limited even after retries (${apiText(error)}). Wait a moment and send again.`,
          retryable: true,
        };
      case 400:
      case 413:
      case 422:
        return { kind: "bad_request", message: `The API rejected the request (${apiText(error)}).`, retryable: false };
      default:
        if ((error.status ?? 0) >= 500 || error.status === 408 || error.status === 409) {
          return { kind: "server", message: `The API failed even after retries (${apiText(error)}). Send again later.`, retryable: true };
        }
        return { kind: "other", message: `The API answered with an error (${apiText(error)}).`, retryable: false };
    }
  }
  // The SDK reports a body that broke off (socket closed, stream cut short) as a plain AnthropicError.
  const message = error instanceof Error ? error.message : String(error);
  if (/terminated|socket|closed|ECONNRESET|network|stream ended|request ended|aborted/i.test(message)) {
    return {
      kind: "dropped",
      message: `The connection dropped before the answer was complete (${message}). Send again to retry.`,
      retryable: true,
    };
  }
  return { kind: "other", message: `Unexpected failure: ${message}`, retryable: false };
}
