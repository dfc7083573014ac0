/**
 * One request of an operation whose values are complete (the session's or the account's fields
 * filled in): encode the body, make the attempts that retry.ts allows, read the answer. Whatever
 * it throws leaves scrubbed of the request's secrets (message, stack, server code, causes),
 * whichever path built the error.
 */
import { type Attempt, abortedInFlight } from "./attempt.js";
import type { ExchangeLog } from "./exchange-log.js";
import { encodeBody } from "./form-encoding.js";
import type { OperationSpec } from "./operation-spec.js";
import type { ResolvedCallOptions } from "./options.js";
import { redactError, redactForm, secretsOf, userinfoOf } from "./redact.js";
import { EdisAbortError, EdisApiError, EdisNetworkError, EdisOutcomeUnknownError, EdisTimeoutError } from "./errors.js";
import { isUnreadAnswer, readAnswer } from "./responses.js";
import { type RetryPolicy, sendWithRetries } from "./retry.js";
import { ResponseTooLarge } from "./wire.js";

/** Sends one request of `op` with these complete `values` to `baseUrl`; resolves to the answer's result. */
export type SendRequest = (op: OperationSpec, values: Record<string, unknown>, baseUrl: string, options: ResolvedCallOptions) => Promise<unknown>;

/**
 * Requests made of `attempt`, retried by `policy` when the operation is retry-safe.
 * `knownSecrets` names secrets beyond the request's own fields (the account password, once
 * known); it is asked each time an error is scrubbed. With `log`, each attempt is logged
 * (src/exchange-log.ts).
 */
export function createSendRequest(attempt: Attempt, policy: RetryPolicy, knownSecrets: () => readonly string[], log?: ExchangeLog): SendRequest {
  return async (op, values, baseUrl, options) => {
    // The userinfo of a base URL (a host override with credentials in it) is a secret too.
    const secrets = (): string[] => [...secretsOf(op, values), ...userinfoOf(baseUrl), ...knownSecrets()];
    try {
      const body = encodeBody(op, values);
      const retries = op.retrySafe ? options.retries : 0;
      const once = () => attempt(op, baseUrl, body, options);
      const send = log ? log.around(op, values, baseUrl + op.path, retries + 1, secrets, once) : once;
      const response = await sendWithRetries(op.operationId, retries, policy, options.signal, send);
      return readAnswer(op, response, {
        secrets,
        request: () => ({ method: op.method, url: baseUrl + op.path, body: redactForm(op, values) }),
      });
    } catch (error) {
      throw redactError(outcomeOf(op, error), secrets());
    }
  };
}

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
function outcomeOf(op: OperationSpec, error: unknown): unknown {
  if (op.host !== "order" || !op.destructive) return error;
  const unknown =
    error instanceof EdisTimeoutError ||
    (error instanceof EdisAbortError && abortedInFlight(error)) ||
    (error instanceof EdisNetworkError && !NOT_SENT.has(codeOf(error.cause) ?? "")) ||
    (error instanceof EdisApiError && (isUnreadAnswer(error) || error.cause instanceof ResponseTooLarge));
  return unknown ? new EdisOutcomeUnknownError({ operationId: op.operationId, cause: error }) : error;
}
