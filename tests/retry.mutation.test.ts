/**
 * The retry policy at its edges, written against the mutants that survived tests/retry.test.ts:
 * the status boundaries, the jittered delay between its bounds, every form of Retry-After, and
 * a sleep that ends exactly on time or on abort and leaves no timer or listener behind. Timers
 * are Vitest's fake ones, so nothing here depends on the machine's speed.
 */
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { backoffDelay, isRetryableStatus, retryAfterMs, sleep } from "../src/retry.js";

describe("isRetryableStatus", () => {
  test("429 and every status from 500 are retried; 428, 430 and 499 are not", () => {
    expect([428, 429, 430, 499, 500, 501, 599].map(isRetryableStatus)).toEqual([false, true, false, false, true, true, true]);
  });
});

describe("backoffDelay", () => {
  test("lies between half and all of the ceiling, in proportion to the jitter", () => {
    expect(backoffDelay(1, 100, 10_000, () => 0.5)).toBe(75);
    expect(backoffDelay(2, 100, 10_000, () => 0.25)).toBe(125);
    expect(backoffDelay(4, 100, 10_000, () => 0)).toBe(400);
  });

  test("the cap bounds the ceiling, not just the result", () => {
    expect(backoffDelay(20, 100, 1_000, () => 0)).toBe(500);
    expect(backoffDelay(2, 100, 150, () => 0.5)).toBe(113);
  });

  test("is rounded to whole milliseconds", () => {
    expect(backoffDelay(1, 3, 10_000, () => 0)).toBe(2);
    expect(backoffDelay(1, 5, 10_000, () => 0.3)).toBe(3);
  });

  test("uses Math.random by default, within the bounds", () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(3, 100, 10_000);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });
});

describe("retryAfterMs", () => {
  test("whole seconds, with spaces around them", () => {
    expect(retryAfterMs("120")).toBe(120_000);
    expect(retryAfterMs(" 7 ")).toBe(7_000);
    expect(retryAfterMs("0")).toBe(0);
  });

  test("an HTTP date in the past is no wait at all", () => {
    expect(retryAfterMs(new Date(1_000).toUTCString(), 50_000)).toBe(0);
  });

  test("an HTTP date, with spaces around it", () => {
    expect(retryAfterMs(` ${new Date(60_000).toUTCString()} `, 30_000)).toBe(30_000);
  });

  test.each(["x3", "3x", "", "soon"])("%j is no Retry-After", (header) => {
    expect(retryAfterMs(header, 0)).toBeUndefined();
  });
});

describe("sleep", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const state = (promise: Promise<void>) => {
    const seen = { settled: "pending" as string };
    promise.then(
      () => (seen.settled = "resolved"),
      (reason: unknown) => (seen.settled = `rejected: ${String(reason)}`),
    );
    return seen;
  };

  test("resolves after exactly `ms`, without a signal", async () => {
    const seen = state(sleep(1_000, undefined));
    await vi.advanceTimersByTimeAsync(999);
    expect(seen.settled).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.settled).toBe("resolved");
  });

  test("resolves after `ms` with a signal that never fires, and leaves no listener on it", async () => {
    const controller = new AbortController();
    const seen = state(sleep(500, controller.signal));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(seen.settled).toBe("resolved");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("rejects with the reason at once when the signal fires, and clears its timer and listener", async () => {
    const controller = new AbortController();
    const seen = state(sleep(60_000, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error("user gave up"));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.settled).toBe("rejected: Error: user gave up");
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("rejects with the reason of a signal that fired before, and starts no timer", async () => {
    const controller = new AbortController();
    controller.abort(new Error("already"));
    const seen = state(sleep(60_000, controller.signal));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.settled).toBe("rejected: Error: already");
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
