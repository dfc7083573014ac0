/** The retry policy's arithmetic (src/request/retry.ts): which statuses are retried, the backoff and its jitter, and how Retry-After is read and capped. */
import { describe, expect, test, afterEach, beforeEach, vi } from "vitest";
import { backoffDelay, isRetryableStatus, retryAfterMs, retryDelay, sleep } from "../src/request/retry.js";
import { getEventListeners } from "node:events";

describe("retry policy", () => {
  test("retries 429 and 5xx only", () => {
    expect([200, 400, 401, 403, 404, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([429, 500, 502, 503]);
  });

  test("backoff doubles per attempt, jitters the upper half and respects the cap", () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(200);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(400);
    expect(backoffDelay(20, 100, 1_000, () => 1)).toBe(1_000);
  });

  test("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs("Thursday, 01-Jan-70 00:00:10 GMT", 4_000)).toBe(6_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });

  test.each(["-1", "1.5", "+3", "3s", "0x10", "1e3", "", "2030-01-01", "-1 GMT"])(
    "Retry-After %j is not a wait (only digits or an HTTP date are)",
    (header) => {
      expect(retryAfterMs(header, 4_000)).toBeUndefined();
    },
  );

  // The backoff is a floor: a Retry-After can ask for longer, never for sooner.
  const policy = { retryDelayMs: 400, maxRetryDelayMs: 30_000 };
  const backoff = backoffDelay(2, 400, 30_000, () => 0.5);
  test.each([["-1"], ["1.5"], ["0"], ["garbage"], [new Date(1_000).toUTCString()]])("Retry-After %j waits the backoff, not less", (header) => {
    expect(backoff).toBe(600);
    expect(retryDelay(2, header, policy, 60_000, () => 0.5)).toBe(backoff);
  });

  test("a Retry-After longer than the backoff is waited in full", () => {
    expect(retryDelay(1, "2", policy, 0, () => 0.5)).toBe(2_000);
    expect(retryDelay(1, new Date(65_000).toUTCString(), policy, 60_000, () => 0.5)).toBe(5_000);
  });

  test.each(["3600", "99999999999999999999", "9".repeat(400)])("a huge Retry-After (%#) asks for more than maxRetryDelayMs", (header) => {
    expect(retryDelay(1, header, policy, 0, () => 0.5)).toBeGreaterThan(policy.maxRetryDelayMs);
  });
});

describe("the retry policy at its edges: status bounds, the jittered delay, every form of Retry-After, a sleep that leaves nothing behind", () => {
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
});
