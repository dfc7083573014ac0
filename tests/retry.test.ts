/** The retry policy's arithmetic (src/retry.ts): which statuses are retried, the backoff and its jitter, and how Retry-After is read and capped. */
import { describe, expect, test } from "vitest";
import { backoffDelay, isRetryableStatus, retryAfterMs, retryDelay } from "../src/retry.js";

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
