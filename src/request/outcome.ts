/**
 * What a request's error says about what became of it: for an operation that costs money, an
 * error after the request may have reached the server becomes EdisOutcomeUnknownError.
 */
import { abortedInFlight } from "./attempt.js";
import { EdisAbortError, EdisApiError, EdisNetworkError, EdisOutcomeUnknownError, EdisTimeoutError } from "../errors.js";
import type { OperationSpec } from "../operation-spec.js";
import { isUnreadAnswer } from "./responses.js";
import { ResponseTooLarge } from "./wire.js";

/**
 * Network error codes that mean the request never left: no connection was made, or TLS
 * refused the server before a byte of the body was sent.
 */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ERR_INVALID_URL", "UND_ERR_CONNECT_TIMEOUT"]);

/** The first `code` in `error`'s cause chain. */
function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/**
 * `error` of a request of `op`, as an EdisOutcomeUnknownError when `op` costs money (an ORDER
 * API operation marked destructive) and the request was sent without an answer that says what
 * became of it: a timeout, the caller's signal or a connection cutting it short in flight, an
 * answer too large or unreadable. Every other error, and every error of other operations, stays as it is.
 */
export function outcomeOf(op: OperationSpec, error: unknown): unknown {
  if (op.host !== "order" || !op.destructive) return error;
  const unknown =
    error instanceof EdisTimeoutError ||
    (error instanceof EdisAbortError && abortedInFlight(error)) ||
    (error instanceof EdisNetworkError && !NOT_SENT.has(codeOf(error.cause) ?? "")) ||
    (error instanceof EdisApiError && (isUnreadAnswer(error) || error.cause instanceof ResponseTooLarge));
  return unknown ? new EdisOutcomeUnknownError({ operationId: op.operationId, cause: error }) : error;
}
