/**
 * Retries: when and how long to wait before sending a retry-safe request again, and the loop
 * that sends it again.
 */
import { onAbort } from "./abort-listeners.js";
import { EdisAbortError, EdisNetworkError, EdisTimeoutError } from "../errors.js";
import type { WireResponse } from "./transport.js";

/** The client's backoff: its base and its longest wait, in milliseconds. */
export interface RetryPolicy {
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

/** Statuses after which a retry-safe operation is sent again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential from `baseMs`,
 * the upper half jittered so that many clients do not retry in step, capped at `maxMs`.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** An HTTP date starts with its day name (IMF-fixdate, RFC 850 or asctime form). */
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /u;

/**
 * The wait a `Retry-After` header asks for, in milliseconds, or undefined when it is neither
 * delay-seconds (digits only) nor an HTTP date. A date in the past asks for no wait (0).
 */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/u.test(text)) return Number(text) * 1000;
  const date = HTTP_DATE.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `attempt` after an answer with this `Retry-After` (or none):
 * the backoff, or longer when the server asks for longer. The backoff is a floor, so a
 * `Retry-After` of 0, a past date or one that cannot be read never makes a zero-delay retry.
 * A result above `maxRetryDelayMs` means the server asks for more than the client waits.
 */
export function retryDelay(
  attempt: number,
  retryAfter: string | null,
  policy: RetryPolicy,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  const backoff = backoffDelay(attempt, policy.retryDelayMs, policy.maxRetryDelayMs, random);
  return Math.max(backoff, retryAfterMs(retryAfter, now) ?? 0);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      stopListening();
      resolve();
    }, ms);
    const stopListening = onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal?.reason);
    });
  });
}

/** Waits `ms`; the signal's abort becomes the operation's EdisAbortError. */
async function pause(operationId: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (reason) {
    throw new EdisAbortError({ operationId, cause: reason });
  }
}

/**
 * Makes `attempt` up to `retries` more times: after a network error or a timeout (with the
 * backoff), and after a 429 or 5xx answer (with the backoff or the answer's `Retry-After`,
 * unless that asks for more than `maxRetryDelayMs`; the answer is then returned as it is).
 */
export async function sendWithRetries(
  operationId: string,
  retries: number,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  attempt: () => Promise<WireResponse>,
): Promise<WireResponse> {
  for (let tries = 0; ; tries++) {
    let response: WireResponse;
    try {
      response = await attempt();
    } catch (error) {
      // Only failures to get an answer are worth another try; an answer too large to read,
      // say, would be just as large again.
      const retryable = error instanceof EdisNetworkError || error instanceof EdisTimeoutError;
      if (!retryable || tries >= retries) throw error;
      await pause(operationId, backoffDelay(tries + 1, policy.retryDelayMs, policy.maxRetryDelayMs), signal);
      continue;
    }
    if (tries < retries && isRetryableStatus(response.status)) {
      const wait = retryDelay(tries + 1, response.headers.get("retry-after"), policy);
      if (wait <= policy.maxRetryDelayMs) {
        await pause(operationId, wait, signal);
        continue;
      }
    }
    return response;
  }
}
