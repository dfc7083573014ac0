/**
 * The read-only guard of the contract checks (src/contract/read-only.ts), which `edis contract
 * check` and `npm run contract:live` put into the client's fetch, and the JUnit text escaping:
 * nothing but a read-only operation of the spec ever leaves, checked on a loopback server.
 */
import { XMLValidator } from "fast-xml-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OperationSpec, operationTable } from "../generated/operations.js";
import { escapeXml } from "../src/contract/junit.js";
import { ReadOnlyRefusal, assertReadOnly, createGuardedFetch, readOnlyOperations } from "../src/contract/read-only.js";
import { ResponseTooLarge } from "../src/request/wire.js";
import { type FakeEdis, json, startFakeEdis } from "../test-support/fake-edis.js";

const ops: OperationSpec[] = Object.values(operationTable);
const writes = ops.filter((op) => op.destructive || !op.retrySafe);
let fake: FakeEdis;

beforeEach(async () => {
  fake = await startFakeEdis();
  fake.replies = [json(200, { status: "success", data: "server powered on", traffic_suspended: false })];
});
afterEach(() => fake.close());

describe("the operations a contract check may send", () => {
  it("are the reads of both APIs: no destructive or non-retry-safe operation among them", () => {
    expect(writes.length).toBeGreaterThanOrEqual(18);
    expect(readOnlyOperations.filter((op) => op.destructive || !op.retrySafe)).toEqual([]);
    expect(readOnlyOperations.length + writes.length).toBe(ops.length);
    expect(readOnlyOperations.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(["createAuthSession", "getPowerState", "getPTR", "getAccountBalance"]),
    );
    for (const op of ["setPTR", "powerOffVPS", "reinstallVPS", "addOrder", "cancelProduct", "upgradeKVM"]) {
      expect(readOnlyOperations.map((o) => o.operationId)).not.toContain(op);
    }
  });
});

describe("the guarded fetch", () => {
  it("refuses every operation that is not read-only before anything is sent", async () => {
    const guard = createGuardedFetch({ who: "edis contract check" });
    for (const op of writes) {
      const sent = guard.fetch(`${fake.url}${op.path}`, { method: "POST", body: "kvm_id=kvm_123456_789012" });
      await expect(sent).rejects.toThrow(new ReadOnlyRefusal(`edis contract check refuses to send POST ${op.path}: not a read-only operation of spec/`));
      expect(() => assertReadOnly(op.operationId, "edis contract check")).toThrow(
        `edis contract check refuses to send ${op.operationId}: it is not a read-only operation of spec/`,
      );
    }
    await expect(guard.fetch(`${fake.url}/kvm/v2/unknown`, { method: "POST" })).rejects.toThrow(ReadOnlyRefusal);
    await expect(guard.fetch(`${fake.url}${operationTable.getPowerState.path}`, { method: "PUT", body: "x" })).rejects.toThrow(ReadOnlyRefusal);
    expect(fake.received).toEqual([]);
    expect(guard.exchanges).toEqual([]);
  });

  it("lets a read through and records the exchange", async () => {
    const guard = createGuardedFetch({ who: "edis contract check" });
    const answer = await guard.fetch(`${fake.url}${operationTable.getPowerState.path}`, { method: "POST", body: "kvm_id=kvm_123456_789012" });
    expect(await answer.json()).toEqual({ status: "success", data: "server powered on", traffic_suspended: false });
    expect(guard.exchanges.map((e) => [e.operationId, e.method, e.path, e.status, e.body])).toEqual([
      ["getPowerState", "POST", operationTable.getPowerState.path, 200, "kvm_id=kvm_123456_789012"],
    ]);
    expect(fake.received.map((r) => r.path)).toEqual([operationTable.getPowerState.path]);
  });

  it("reads no more of an answer than its cap: a huge answer fails as too large, as the client's own transport fails it", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let pulled = 0;
    const huge = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulled >= 64 * chunk.byteLength) return controller.close();
            pulled += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      )) as typeof fetch;
    const limit = 256 * 1024;
    const guard = createGuardedFetch({ who: "edis contract check", fetch: huge, maxResponseBytes: limit });
    const sent = guard.fetch(`${fake.url}${operationTable.getPowerState.path}`, { method: "POST", body: "kvm_id=kvm_123456_789012" });
    await expect(sent).rejects.toThrow(new ResponseTooLarge(200, limit));
    // What a tee may buffer ahead: a few chunks past the cap, never the 4 MiB the server would send.
    expect(pulled).toBeLessThanOrEqual(limit + 4 * chunk.byteLength);
    expect(guard.exchanges).toEqual([]);
  });

  it("cannot be made to allow a write", () => {
    expect(() => createGuardedFetch({ who: "contract:live", operations: [operationTable.setPTR] })).toThrow(
      "contract:live refuses to send setPTR: it is not a read-only operation of spec/",
    );
  });
});

describe("escapeXml", () => {
  it("escapes markup and writes characters XML cannot carry as \\uXXXX", () => {
    const text = `a<b>&"c"'\u0001\u001b\ud800`;
    expect(escapeXml(text)).toBe("a&lt;b&gt;&amp;&quot;c&quot;&apos;\\u0001\\u001b\\ud800");
    expect(XMLValidator.validate(`<x a="${escapeXml(text)}">${escapeXml(text)}</x>`)).toBe(true);
  });
});
