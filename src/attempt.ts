/**
 * One attempt at a request: it waits for a place under the client's limit of requests in
 * flight, sends with a timeout and the caller's signal, and turns what fails into the client's
 * errors (abort, timeout, network, an answer too large). Retrying is retry.ts's job.
 */
import { onAbort } from "./abort-listeners.js";
import { EdisAbortError, EdisApiError, EdisError, EdisNetworkError, EdisTimeoutError } from "./errors.js";
import type { EncodedBody } from "./form-encoding.js";
import type { Limiter } from "./limiter.js";
import type { OperationSpec } from "./operation-spec.js";
import type { ResolvedCallOptions } from "./options.js";
import { ResponseTooLarge, type Send, type WireResponse } from "./transport.js";

/** Sends `body` of `op` to `baseUrl` once. */
export type Attempt = (
  op: OperationSpec,
  baseUrl: string,
  body: EncodedBody,
  options: Pick<ResolvedCallOptions, "timeoutMs" | "signal">,
) => Promise<WireResponse>;

/** Attempts over `send`, at most as many in flight at once as `limiter` lets through. */
export function createAttempt(send: Send, limiter: Limiter): Attempt {
  async function sendNow(op: OperationSpec, baseUrl: string, encoded: EncodedBody, timeoutMs: number, signal?: AbortSignal): Promise<WireResponse> {
    const controller = new AbortController();
    // The reason becomes the timeout error's cause, so it is an error, not a marker value; it
    // is made only when the timer fires (an error captures a stack trace, too dear per call).
    let timedOut: DOMException | undefined;
    const timer = setTimeout(() => {
      timedOut = new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError");
      controller.abort(timedOut);
    }, timeoutMs);
    const stopListening = onAbort(signal, () => controller.abort(signal?.reason));
    try {
      return await send({ baseUrl, path: op.path, contentType: encoded.contentType, body: encoded.body, signal: controller.signal });
    } catch (error) {
      if (signal?.aborted) {
        const aborted = new EdisAbortError({ operationId: op.operationId, cause: signal.reason });
        ABORTED_IN_FLIGHT.add(aborted);
        throw aborted;
      }
      const tooLarge = findTooLarge(error);
      if (tooLarge) {
        throw new EdisApiError({ operationId: op.operationId, status: tooLarge.status, serverMessage: tooLarge.message }, { cause: tooLarge });
      }
      if (timedOut !== undefined && controller.signal.reason === timedOut)
        throw new EdisTimeoutError({ operationId: op.operationId, timeoutMs, cause: timedOut });
      throw new EdisNetworkError({ operationId: op.operationId, cause: error });
    } finally {
      clearTimeout(timer);
      stopListening();
    }
  }

  return async (op, baseUrl, body, { timeoutMs, signal }) => {
    if (signal?.aborted) throw new EdisAbortError({ operationId: op.operationId, cause: signal.reason });
    try {
      return await limiter.run(() => sendNow(op, baseUrl, body, timeoutMs, signal), signal);
    } catch (error) {
      if (error instanceof EdisError) throw error;
      throw new EdisAbortError({ operationId: op.operationId, cause: error });
    }
  };
}

/** The aborts that cut a request short after it had started out (see {@link abortedInFlight}). */
const ABORTED_IN_FLIGHT = new WeakSet<object>();

/** True for the EdisAbortError of a request the signal stopped while it was in flight: it may have reached the server. */
export function abortedInFlight(error: unknown): boolean {
  return typeof error === "object" && error !== null && ABORTED_IN_FLIGHT.has(error);
}

/** The ResponseTooLarge behind `error`, if any (fetch may wrap a stream's error). */
function findTooLarge(error: unknown): ResponseTooLarge | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ResponseTooLarge) return e;
  }
  return undefined;
}
