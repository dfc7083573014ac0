/**
 * Bulk PTR against a loopback stand-in: lists longer than the spec's maxItems are split,
 * sent with bounded concurrency under one auth, and come back in input order; a failed
 * request loses nothing; an AbortSignal stops the run.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { EdisAbortError, EdisApiError, EdisBulkError, EdisValidationError } from "../src/index.js";
import { type FakeEdis, KVM, type Reply, json, startFakeEdis } from "../test-support/fake-edis.js";
import { heldInBatches } from "../test-support/held-replies.js";
import { AUTH_PATH } from "../test-support/fixtures.js";

let fake: FakeEdis;
beforeEach(async () => {
  fake = await startFakeEdis();
});
afterEach(async () => {
  await fake.close();
});

const ips = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => `10.${(i + offset) >> 16}.${((i + offset) >> 8) & 255}.${(i + offset) & 255}`);

/** Answers get/ptr with a record per address asked, after `delayMs`; counts requests in flight. */
function echoRecords(delayMs = 0, stats = { inFlight: 0, max: 0 }): Reply {
  return (req, res) => {
    stats.inFlight++;
    stats.max = Math.max(stats.max, stats.inFlight);
    const asked = JSON.parse(req.form.get("ip") ?? "[]") as string[];
    setTimeout(() => {
      stats.inFlight--;
      json(200, { status: "success", records: asked.map((ip) => ({ ip, ptr_record: `h-${ip.replaceAll(".", "-")}.example.com` })) })(req, res);
    }, delayMs);
  };
}

describe("bulk PTR", () => {
  test("splits 250 addresses into requests of 100, 100 and 50 and returns records in input order", async () => {
    fake.replies = [echoRecords()];
    const list = ips(250);
    const records = await fake.client().ptr.get({ kvmId: KVM, ips: list });
    expect(records.map((r) => r.ip)).toEqual(list);
    const sent = fake.to("/get/ptr").map((r) => JSON.parse(r.form.get("ip")!) as string[]);
    expect(sent.map((s) => s.length).sort()).toEqual([100, 100, 50].sort());
    expect(sent.flat().sort()).toEqual([...list].sort());
    expect(fake.to(AUTH_PATH)).toHaveLength(1);
  });

  test("keeps at most `concurrency` requests in flight and reports progress", async () => {
    const held = heldInBatches(3, 10, echoRecords());
    fake.replies = [held.reply];
    const progress: number[] = [];
    await fake.client().ptr.get({ kvmId: KVM, ips: ips(1000) }, { concurrency: 3, onProgress: (done, total) => progress.push(done / total) });
    expect(fake.to("/get/ptr")).toHaveLength(10);
    expect(held.max()).toBe(3);
    expect(progress).toHaveLength(10);
    expect(progress.at(-1)).toBe(1);
  });

  test("a map of records is split too, each request a JSON object", async () => {
    fake.replies = [json(200, { status: "success", message: "PTR records set successfully." })];
    const records = Object.fromEntries(ips(150).map((ip) => [ip, "mail.example.com"]));
    await expect(fake.client().ptr.set({ kvmId: KVM, records })).resolves.toEqual({ status: "success", message: "PTR records set successfully." });
    const sent = fake.to("/set/ptr").map((r) => Object.keys(JSON.parse(r.form.get("ip")!) as object).length);
    expect(sent.sort()).toEqual([100, 50].sort());
  });

  test("a failed request loses nothing: the error says what succeeded and what failed", async () => {
    let n = 0;
    fake.replies = [(req, res) => (++n === 2 ? json(500, { status: "error", error: "Unexpected server error." })(req, res) : echoRecords()(req, res))];
    const list = ips(300);
    const error = await fake
      .client({ retries: 0 })
      .ptr.get({ kvmId: KVM, ips: list }, { concurrency: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisBulkError);
    const bulk = error as EdisBulkError;
    expect(bulk.message).toBe("getPTR failed for 100 of 300 entries (1 of 3 requests); first error: getPTR failed: 500 Unexpected server error.");
    expect(bulk.failed).toHaveLength(1);
    expect(bulk.failed[0]!.items).toEqual(list.slice(100, 200));
    expect(bulk.failed[0]!.error).toBeInstanceOf(EdisApiError);
    expect(bulk.succeeded).toEqual([...list.slice(0, 100), ...list.slice(200)]);
    expect((bulk.partialResult as { ip: string }[]).map((r) => r.ip)).toEqual(bulk.succeeded);
    expect(bulk.cause).toBe(bulk.failed[0]!.error);
  });

  test("a state-changing bulk request that fails is not retried, and the others still run", async () => {
    let n = 0;
    fake.replies = [(req, res) => json(++n === 1 ? 503 : 200, n === 1 ? { status: "error", error: "busy" } : { status: "success" })(req, res)];
    const error = (await fake
      .client({ retries: 3 })
      .ptr.delete({ kvmId: KVM, ips: ips(250) }, { concurrency: 1 })
      .catch((e: unknown) => e)) as EdisBulkError;
    expect(error).toBeInstanceOf(EdisBulkError);
    expect(fake.to("/del/ptr")).toHaveLength(3);
    expect(error.succeeded).toHaveLength(150);
  });

  test("an AbortSignal stops the run: nothing more is sent, and the error names what was not done", async () => {
    fake.replies = [echoRecords(30)];
    const controller = new AbortController();
    const list = ips(1000);
    const run = fake
      .client()
      .ptr.get({ kvmId: KVM, ips: list }, { concurrency: 2, signal: controller.signal, onProgress: (done) => done >= 200 && controller.abort() });
    const error = (await run.catch((e: unknown) => e)) as EdisBulkError;
    expect(error).toBeInstanceOf(EdisBulkError);
    expect(error.failed.every((f) => f.error instanceof EdisAbortError)).toBe(true);
    expect(error.succeeded.length + error.failed.reduce((n, f) => n + f.items.length, 0)).toBe(1000);
    expect(fake.to("/get/ptr").length).toBeLessThanOrEqual(4);
  });

  test("bad entries anywhere in a long list are refused before anything is sent", async () => {
    const list = [...ips(150), "300.1.1.1"];
    const error = await fake
      .client()
      .ptr.get({ kvmId: KVM, ips: list })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).field).toBe("ips[150]");
    expect(fake.received).toHaveLength(0);
  });

  test("a run longer than 1000 requests, or with a bad concurrency, is refused", async () => {
    await expect(fake.client().ptr.get({ kvmId: KVM, ips: ips(100_001) })).rejects.toThrow("getPTR: ips must have at most 100000 entries, got 100001");
    await expect(fake.client().ptr.get({ kvmId: KVM, ips: ips(101) }, { concurrency: 0 })).rejects.toThrow(
      "concurrency option must be an integer of at least 1",
    );
    expect(fake.received).toHaveLength(0);
  });

  test("a list or map over the bulk cap is refused as too long before its entries are checked", async () => {
    // Every entry is bad too: the error that names the length (not the first bad entry) shows
    // that the cap was checked first, without walking 100,001 entries.
    const badList = Array.from({ length: 100_001 }, () => "not an address");
    const listError = (await fake
      .client()
      .ptr.get({ kvmId: KVM, ips: badList })
      .catch((e: unknown) => e)) as EdisValidationError;
    expect(listError).toBeInstanceOf(EdisValidationError);
    expect(listError.field).toBe("ips");
    expect(listError.message).toBe("getPTR: ips must have at most 100000 entries, got 100001");

    const badMap = Object.fromEntries(Array.from({ length: 100_001 }, (_, i) => [`host-${i}`, 42]));
    const mapError = (await fake
      .client()
      .ptr.set({ kvmId: KVM, records: badMap as never })
      .catch((e: unknown) => e)) as EdisValidationError;
    expect(mapError).toBeInstanceOf(EdisValidationError);
    expect(mapError.field).toBe("records");
    expect(mapError.message).toBe("setPTR: records must have at most 100000 entries, got 100001");
    expect(fake.received).toHaveLength(0);
  });
});
