/**
 * The request path's signal for one attempt (src/request/wire.ts's Cancel): what the transports rely
 * on of it, in-process, and that each transport stops an exchange with it as with an
 * AbortSignal: node:http through its one listener, fetch through the AbortSignal it is handed.
 */
import { afterEach, describe, expect, test } from "vitest";
import { createNodeSend } from "../src/request/node-transport.js";
import { Cancel, createTransport } from "../src/request/transport.js";
import { closeServers, serve } from "../test-support/loopback-server.js";

afterEach(closeServers);

describe("Cancel", () => {
  test("aborts once: the first reason stays, the listener is called once", () => {
    const cancel = new Cancel();
    const calls: unknown[] = [];
    cancel.addEventListener("abort", () => calls.push(cancel.reason));
    expect(cancel.aborted).toBe(false);
    expect(cancel.reason).toBeUndefined();
    const first = new Error("first");
    cancel.abort(first);
    cancel.abort(new Error("second"));
    expect(cancel.aborted).toBe(true);
    expect(cancel.reason).toBe(first);
    expect(calls).toEqual([first]);
  });

  test("a listener removed is not called; removing another function keeps it", () => {
    const cancel = new Cancel();
    let called = 0;
    const listener = () => called++;
    cancel.addEventListener("abort", listener);
    cancel.removeEventListener("abort", () => undefined);
    cancel.removeEventListener("abort", listener);
    cancel.abort(new Error("x"));
    expect(called).toBe(0);
    const kept = new Cancel();
    kept.addEventListener("abort", listener);
    kept.removeEventListener("abort", () => undefined);
    kept.abort(new Error("y"));
    expect(called).toBe(1);
  });

  test("its AbortSignal is made on first use, follows a later abort, and starts aborted after an earlier one", () => {
    const later = new Cancel();
    const signal = later.signal;
    expect(later.signal).toBe(signal);
    expect(signal.aborted).toBe(false);
    const reason = new Error("later");
    later.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);

    const earlier = new Cancel();
    const before = new Error("earlier");
    earlier.abort(before);
    expect(earlier.signal.aborted).toBe(true);
    expect(earlier.signal.reason).toBe(before);
  });
});

describe("the transports stop an exchange with a Cancel", () => {
  const request = (url: string, signal: Cancel) => ({ url, contentType: "application/x-www-form-urlencoded", body: "a=1", signal });

  test("node:http: an abort in flight rejects with its reason", async () => {
    const silent = await serve(() => undefined);
    const cancel = new Cancel();
    const pending = createNodeSend(10_000, 4)(request(silent.url, cancel));
    const reason = new Error("stop");
    setTimeout(() => cancel.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  test("fetch: it is handed the Cancel's AbortSignal, which aborts with the same reason", async () => {
    const handed: (AbortSignal | null | undefined)[] = [];
    const cancel = new Cancel();
    const send = createTransport(
      (async (_input: string | URL | Request, init?: RequestInit) => {
        handed.push(init?.signal);
        return new Response("{}");
      }) as typeof fetch,
      1000,
    );
    await send(request("http://127.0.0.1:9/x", cancel));
    expect(handed[0]).toBeInstanceOf(AbortSignal);
    const reason = new Error("stop");
    cancel.abort(reason);
    expect(handed[0]?.reason).toBe(reason);
  });
});
