/**
 * The retry loop (src/request/retry.ts sendWithRetries) at its edges: the backoff after a network error starts at the first retry's
 * delay, a Retry-After of exactly maxRetryDelayMs is still waited, an abort during the wait
 * ends the call with EdisAbortError and no further attempt, and a Retry-After date must start
 * with its day name and may lack the comma (asctime). Vitest's fake timers: nothing here
 * depends on the machine's speed.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { EdisAbortError, EdisNetworkError } from "../src/errors.js";
import { type RetryPolicy, retryAfterMs, sendWithRetries } from "../src/request/retry.js";
import type { WireResponse } from "../src/request/wire.js";

const answer = (status: number, retryAfter?: string): WireResponse => ({
  status,
  headers: { get: (name: string) => (name.toLowerCase() === "retry-after" ? (retryAfter ?? null) : null) },
  text: "{}",
});

/** An attempt that plays `outcomes` in turn (an Error is thrown) and counts its calls. */
function attempts(...outcomes: (WireResponse | Error)[]) {
  let calls = 0;
  const attempt = async (): Promise<WireResponse> => {
    const outcome = outcomes[Math.min(calls++, outcomes.length - 1)]!;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { attempt, calls: () => calls };
}

describe("sendWithRetries", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // The jitter at its lowest: the first retry waits exactly half of retryDelayMs.
    vi.spyOn(Math, "random").mockReturnValue(0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  const policy: RetryPolicy = { retryDelayMs: 1_000, maxRetryDelayMs: 8_000 };
  const networkError = () => new EdisNetworkError({ operationId: "getPTR", cause: new Error("socket hang up") });

  test("after a network error the first retry waits the first backoff (half of retryDelayMs at the lowest jitter), not less", async () => {
    const run = attempts(networkError(), answer(200));
    const result = sendWithRetries("getPTR", 2, policy, undefined, run.attempt);
    await vi.advanceTimersByTimeAsync(499);
    expect(run.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run.calls()).toBe(2);
    expect((await result).status).toBe(200);
  });

  test("a Retry-After of exactly maxRetryDelayMs is waited, and the call retried", async () => {
    const run = attempts(answer(503, "8"), answer(200));
    const result = sendWithRetries("getPTR", 1, policy, undefined, run.attempt);
    await vi.advanceTimersByTimeAsync(7_999);
    expect(run.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).status).toBe(200);
    expect(run.calls()).toBe(2);
  });

  test("a Retry-After one second over maxRetryDelayMs is not waited: the answer is returned as it is", async () => {
    const run = attempts(answer(503, "9"), answer(200));
    expect((await sendWithRetries("getPTR", 1, policy, undefined, run.attempt)).status).toBe(503);
    expect(run.calls()).toBe(1);
  });

  test("an abort during the backoff ends the call with EdisAbortError, and nothing more is sent", async () => {
    const controller = new AbortController();
    const run = attempts(networkError());
    const result = sendWithRetries("getPTR", 3, policy, controller.signal, run.attempt);
    const settled = result.then(
      () => "resolved",
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error("user gave up"));
    await vi.advanceTimersByTimeAsync(60_000);
    const error = await settled;
    expect(error).toBeInstanceOf(EdisAbortError);
    expect((error as EdisAbortError).cause).toEqual(new Error("user gave up"));
    expect(run.calls()).toBe(1);
  });
});

describe("retryAfterMs and HTTP dates", () => {
  test("an asctime date (no comma after the day) is a date", () => {
    // asctime carries no zone; Date.parse reads it in the local one, so the expectation does too.
    const text = "Sun Nov  6 08:49:37 1994";
    expect(retryAfterMs(text, Date.parse(text) - 30_000)).toBe(30_000);
  });

  test("a date must start with its day name: text before it makes it no Retry-After", () => {
    // Date.parse alone would read this one (978307200000); the header is not a date.
    expect(Date.parse("x Mon, 01 Jan 2001 00:00:00 GMT")).toBe(978_307_200_000);
    expect(retryAfterMs("x Mon, 01 Jan 2001 00:00:00 GMT", 0)).toBeUndefined();
  });
});
