/**
 * The client's retries, timeouts and limits against a loopback stand-in of the EDIS hosts:
 * retry-safe reads retried, state changes sent once, timeouts, a closed port, answers over
 * maxResponseBytes, and maxConcurrentRequests. Counts are taken on the server side.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { EdisApiError, EdisNetworkError, EdisTimeoutError, createEdisClient } from "../src/index.js";
import { type FakeEdis, KVM, type Reply, json, startFakeEdis } from "../test-support/fake-edis.js";
import { heldInBatches } from "../test-support/held-replies.js";
import { failureOf as failure } from "../test-support/fixtures.js";

let fake: FakeEdis;
beforeEach(async () => {
  fake = await startFakeEdis();
});
afterEach(async () => {
  await fake.close();
});

const records = [{ ip: "192.0.2.1", ptr_record: "host.example.com" }];

describe("retries and timeouts", () => {
  test("a retry-safe read is retried after a 5xx, up to `retries`", async () => {
    fake.replies = [json(503, { status: "error", error: "busy" })];
    const error = (await failure(fake.client({ retries: 2 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error.status).toBe(503);
    expect(fake.to("/get/ptr")).toHaveLength(3);
  });

  test("a read succeeds when a retry does", async () => {
    fake.replies = [json(500, { status: "error", error: "oops" }), json(200, { status: "success", records })];
    await expect(fake.client().ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })).resolves.toEqual(records);
    expect(fake.to("/get/ptr")).toHaveLength(2);
  });

  test("retries: 0 turns retries off", async () => {
    fake.replies = [json(500, { status: "error", error: "oops" })];
    await failure(fake.client({ retries: 0 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }));
    expect(fake.to("/get/ptr")).toHaveLength(1);
  });

  test("a state-changing operation is sent once, whatever the 5xx", async () => {
    fake.replies = [json(500, { status: "error", error: "oops" })];
    await failure(fake.client({ retries: 5 }).ptr.set({ kvmId: KVM, records: { "192.0.2.1": "a.example.com" } }));
    expect(fake.to("/set/ptr")).toHaveLength(1);
  });

  test("no answer within timeoutMs is an EdisTimeoutError", async () => {
    // The client's clock is faked and moved on only once the server holds the request, so the
    // timeout fires after the request was sent however slow the machine is (on real timers, a
    // 50 ms limit could run out before a busy machine had even connected). Sockets keep Node's
    // own timers.
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    fake.replies = [
      () => {
        arrived();
      },
    ];
    // The session comes from a cache, so the only request is the one that gets no answer.
    const record = { kvm_id: KVM, api_host: "123456.edisglobal.com", valid_until: 4102444800, signature: "cached-signature" };
    const sessionCache = { load: () => record, save: () => undefined, remove: () => undefined };
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const pending = failure(fake.client({ timeoutMs: 50, retries: 0, sessionCache }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }));
      await arrival;
      vi.advanceTimersByTime(49);
      await new Promise((resolve) => setImmediate(resolve));
      expect(fake.received).toHaveLength(1);
      vi.advanceTimersByTime(1);
      const error = (await pending) as EdisTimeoutError;
      expect(error).toBeInstanceOf(EdisTimeoutError);
      expect(error.message).toBe("getPTR failed: no answer within 50 ms");
      expect(fake.received.map((r) => r.path)).toEqual(["/get/ptr"]);
    } finally {
      vi.useRealTimers();
    }
  });

  test("a closed port is an EdisNetworkError with the cause", async () => {
    const url = fake.url;
    await fake.close();
    const edis = createEdisClient({ email: "a@example.com", password: "p", hosts: { session: url }, retries: 0 });
    const error = (await failure(edis.auth.createSession())) as EdisNetworkError;
    expect(error).toBeInstanceOf(EdisNetworkError);
    expect(error.message).toMatch(/^createAuthSession failed: network error/);
    expect(error.cause).toBeInstanceOf(Error);
    fake = await startFakeEdis();
  });
});

describe("answers larger than maxResponseBytes", () => {
  const big =
    (chunked: boolean): Reply =>
    (_req, res) => {
      const body = JSON.stringify({
        status: "success",
        records: Array.from({ length: 5000 }, (_, i) => ({ ip: `10.0.${i >> 8}.${i & 255}`, ptr_record: "x".repeat(50) })),
      });
      res.writeHead(
        200,
        chunked ? { "content-type": "application/json" } : { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
      );
      if (chunked) {
        for (let i = 0; i < body.length; i += 4096) res.write(body.slice(i, i + 4096));
        res.end();
      } else {
        res.end(body);
      }
    };

  test.each([
    ["with a Content-Length", false],
    ["streamed without one", true],
  ])("fail as EdisApiError, %s", async (_name, chunked) => {
    fake.replies = [big(chunked)];
    const error = (await failure(fake.client({ maxResponseBytes: 10_000, retries: 0 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error).toBeInstanceOf(EdisApiError);
    expect(error.status).toBe(200);
    expect(error.message).toBe("getPTR failed: 200 answer is larger than 10000 bytes");
  });

  test("an answer within the limit is read whole", async () => {
    fake.replies = [big(true)];
    const records = await fake.client({ maxResponseBytes: 1_000_000 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    expect(records).toHaveLength(5000);
  });
});

describe("maxConcurrentRequests", () => {
  test("bounds the requests in flight however many calls start at once", async () => {
    const held = heldInBatches(5, 50, json(200, { status: "success", records }));
    fake.replies = [held.reply];
    const edis = fake.client({ maxConcurrentRequests: 5 });
    await Promise.all(Array.from({ length: 50 }, () => edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })));
    expect(fake.to("/get/ptr")).toHaveLength(50);
    expect(held.max()).toBe(5);
  });

  test("a call aborted while it waits for a place is never sent", async () => {
    fake.replies = [(req, res) => setTimeout(() => json(200, { status: "success", records })(req, res), 50)];
    const edis = fake.client({ maxConcurrentRequests: 1 });
    await edis.auth.createSession({ kvmId: KVM });
    const controller = new AbortController();
    const first = edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    const second = edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.2"] }, { signal: controller.signal });
    controller.abort(new Error("changed my mind"));
    await expect(second).rejects.toThrow("getPTR was aborted");
    await first;
    expect(fake.to("/get/ptr").map((r) => r.form.get("ip"))).toEqual(['["192.0.2.1"]']);
  });
});
