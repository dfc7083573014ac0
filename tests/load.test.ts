/**
 * Load against a loopback server: 1,000 concurrent `ptr.get` calls and one 10,000-address
 * bulk `ptr.get` — no failures, exactly one auth, a bounded number of sockets, and memory
 * back near its baseline afterwards. Counts, not timings: this is not a benchmark.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type FakeEdis, KVM, json, startFakeEdis } from "../test-support/fake-edis.js";
import { AUTH_PATH } from "../test-support/fixtures.js";

setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as () => void;

let fake: FakeEdis;
let maxSockets = 0;
beforeAll(async () => {
  fake = await startFakeEdis();
  fake.onConnection = (open) => {
    maxSockets = Math.max(maxSockets, open);
  };
  fake.replies = [
    (req, res) => {
      const asked = JSON.parse(req.form.get("ip") ?? "[]") as string[];
      json(200, { status: "success", records: asked.map((ip) => ({ ip, ptr_record: "host.example.com" })) })(req, res);
    },
  ];
});
afterAll(async () => {
  await fake.close();
});

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// 1.7 s on an idle machine; far longer when other suites share the cores, which must not fail it.
test("1,000 concurrent calls and a 10,000-address bulk call: no failure, one auth, bounded sockets and memory", { timeout: 180_000 }, async () => {
  const edis = fake.client({ maxConcurrentRequests: 32 });
  await edis.auth.createSession({ kvmId: KVM });
  const baseline = heapAfterGc();

  const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => edis.ptr.get({ kvmId: KVM, ips: [`10.1.${i >> 8}.${i & 255}`] })));
  expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  expect(results.map((r) => (r as PromiseFulfilledResult<{ ip: string }[]>).value[0]!.ip)).toEqual(
    Array.from({ length: 1000 }, (_, i) => `10.1.${i >> 8}.${i & 255}`),
  );

  const ips = Array.from({ length: 10_000 }, (_, i) => `10.2.${i >> 8}.${i & 255}`);
  const bulk = await edis.ptr.get({ kvmId: KVM, ips }, { concurrency: 8 });
  expect(bulk.map((r) => r.ip)).toEqual(ips);

  expect(fake.to(AUTH_PATH)).toHaveLength(1);
  expect(fake.to("/get/ptr")).toHaveLength(1000 + 100);
  // fetch hands a socket back to its pool a moment after the body is read, so a queued call
  // may open a fresh one meanwhile; the limiter keeps the total within twice its bound
  // (without it, 1,000 calls open up to 1,000 sockets).
  expect(maxSockets).toBeGreaterThan(0);
  expect(maxSockets).toBeLessThanOrEqual(2 * 32);

  fake.received.length = 0;
  const after = heapAfterGc();
  expect(after - baseline).toBeLessThan(16 * 1024 * 1024);
});
