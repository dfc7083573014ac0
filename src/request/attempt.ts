/**
 * One attempt at a request: wait for a place under the client's limit of requests in flight
 * ({@link waitAndRun}), then send with a timeout and the caller's signal ({@link sendTimed}),
 * turning what fails into the client's errors (abort, timeout, network, an answer too large).
 * Retrying is retry.ts's job; src/request/request-path.ts puts the two in order.
 */
import { onAbort } from "./abort-listeners.js";
import { EdisAbortError, EdisApiError, EdisError, EdisNetworkError, EdisTimeoutError } from "../errors.js";
import type { Limiter } from "./limiter.js";
import { Cancel, ResponseTooLarge, type Send, type WireRequest, type WireResponse } from "./transport.js";

/**
 * `task` once `limiter` lets it through. An abort before the start, or while waiting, is the
 * operation's EdisAbortError; the task's own EdisErrors pass as they are.
 */
export async function waitAndRun<T>(limiter: Limiter, operationId: string, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
  if (signal?.aborted) throw new EdisAbortError({ operationId, cause: signal.reason });
  try {
    return await limiter.run(task, signal);
  } catch (error) {
    if (error instanceof EdisError) throw error;
    throw new EdisAbortError({ operationId, cause: error });
  }
}

/** Sends `request` over `send` once, cut short after `timeoutMs` or when `signal` aborts. */
export async function sendTimed(
  send: Send,
  operationId: string,
  request: Omit<WireRequest, "signal">,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<WireResponse> {
  // A Cancel, not an AbortController: the node:http transport needs no EventTarget (wire.ts).
  const cancel = new Cancel();
  // The reason becomes the timeout error's cause, so it is an error, not a marker value; it
  // is made only when the timer fires (an error captures a stack trace, too dear per call).
  let timedOut: DOMException | undefined;
  const timer = setTimeout(() => {
    timedOut = new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError");
    cancel.abort(timedOut);
  }, timeoutMs);
  const stopListening = onAbort(signal, () => cancel.abort(signal?.reason));
  try {
    return await send({ url: request.url, contentType: request.contentType, body: request.body, signal: cancel });
  } catch (error) {
    if (signal?.aborted) {
      const aborted = new EdisAbortError({ operationId, cause: signal.reason });
      ABORTED_IN_FLIGHT.add(aborted);
      throw aborted;
    }
    const tooLarge = findTooLarge(error);
    if (tooLarge) {
      throw new EdisApiError({ operationId, status: tooLarge.status, serverMessage: tooLarge.message }, { cause: tooLarge });
    }
    if (timedOut !== undefined && cancel.reason === timedOut) throw new EdisTimeoutError({ operationId, timeoutMs, cause: timedOut });
    throw new EdisNetworkError({ operationId, cause: error });
  } finally {
    clearTimeout(timer);
    stopListening();
  }
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
