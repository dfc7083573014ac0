/**
 * `edis.ptr.sync` against the simulator of `edis-global/testing` (test-support/simulated-edis.ts),
 * whose VPS keeps its PTR records: the requests it sends (how many, and the form bytes of each
 * write), that a second run and a dry run write nothing, and that a failed write loses no
 * address; and against the loopback fake (test-support/fake-edis.ts) where the answer is one
 * EDIS would not give (hostile records, another spelling, a failed read), and for a bad record,
 * refused before any request.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { EdisApiError, EdisBulkError, EdisValidationError, type PtrSyncResult } from "../src/index.js";
import { addressKey } from "../src/helpers/ptr-plan.js";
import { type FakeEdis, KVM, json, startFakeEdis } from "../test-support/fake-edis.js";
import { AUTH_PATH, failureOf } from "../test-support/fixtures.js";
import { type SimulatedEdis, simulatedEdis, writesIn } from "../test-support/simulated-edis.js";

const GET = operationTable.getPTR.path;
const SET = operationTable.setPTR.path;
const DELETE = operationTable.deletePTR.path;

const DESIRED = [
  { ip: "192.0.2.1", hostname: "a.example.com" }, // unchanged
  { ip: "192.0.2.2", hostname: "new.example.com" }, // change
  { ip: "192.0.2.3", hostname: null }, // delete
  { ip: "192.0.2.4", hostname: "d.example.com" }, // create
  { ip: "192.0.2.5", hostname: "" }, // none, and none wanted
];

describe("edis.ptr.sync against the simulator", () => {
  let fake: SimulatedEdis;
  let store: { readonly records: Map<string, string> };
  beforeEach(() => {
    // The VPS owns the addresses of the cases: 192.0.2.1-5 and those of the long list.
    const addresses = [...Array.from({ length: 5 }, (_, i) => `192.0.2.${i + 1}`), ...Array.from({ length: 250 }, (_, i) => `198.51.100.${i + 1}`)];
    ({ fake, store } = simulatedEdis({ addresses, records: { "192.0.2.1": "a.example.com", "192.0.2.2": "old.example.com", "192.0.2.3": "c.example.com" } }));
  });

  /** The form body a PTR request of the first session carries, with `ip` as given. */
  function body(ip: string): string {
    const { signature, api_host, valid_until } = fake.session();
    return new URLSearchParams({ signature, kvm_id: KVM, valid_until: String(valid_until), api_host, ip }).toString();
  }

  it("reads once, then writes only the differences: one set for creates and changes, one delete", async () => {
    const result = await fake.client().ptr.sync({ kvmId: KVM, records: DESIRED });
    expect(result.plan).toEqual({
      entries: [
        { ip: "192.0.2.1", action: "unchanged", current: "a.example.com", desired: "a.example.com" },
        { ip: "192.0.2.2", action: "change", current: "old.example.com", desired: "new.example.com" },
        { ip: "192.0.2.3", action: "delete", current: "c.example.com", desired: null },
        { ip: "192.0.2.4", action: "create", current: null, desired: "d.example.com" },
        { ip: "192.0.2.5", action: "unchanged", current: null, desired: null },
      ],
      counts: { create: 1, change: 1, delete: 1, unchanged: 2 },
    });
    expect(result.applied).toBe(true);
    expect(result.outcomes).toEqual([
      { ip: "192.0.2.2", action: "change", status: "applied" },
      { ip: "192.0.2.3", action: "delete", status: "applied" },
      { ip: "192.0.2.4", action: "create", status: "applied" },
    ]);
    expect(fake.received.map((r) => r.path)).toEqual([AUTH_PATH, GET, SET, DELETE]);
    expect(fake.to(GET)[0]!.body).toBe(body('["192.0.2.1","192.0.2.2","192.0.2.3","192.0.2.4","192.0.2.5"]'));
    expect(fake.to(SET)[0]!.body).toBe(body('{"192.0.2.2":"new.example.com","192.0.2.4":"d.example.com"}'));
    expect(fake.to(DELETE)[0]!.body).toBe(body('["192.0.2.3"]'));
    expect(Object.fromEntries(store.records)).toEqual({ "192.0.2.1": "a.example.com", "192.0.2.2": "new.example.com", "192.0.2.4": "d.example.com" });
  });

  it("a second run reads and sends no write", async () => {
    const edis = fake.client();
    await edis.ptr.sync({ kvmId: KVM, records: DESIRED });
    const before = fake.received.length;
    const again = await edis.ptr.sync({ kvmId: KVM, records: DESIRED });
    expect(fake.received.slice(before).map((r) => r.path)).toEqual([GET]);
    expect(again).toEqual({ plan: expect.objectContaining({ counts: { create: 0, change: 0, delete: 0, unchanged: 5 } }), applied: false, outcomes: [] });
  });

  it("names compare without case and a final dot, so a server that lowers them causes no rewrite", async () => {
    const result = await fake.client().ptr.sync({ kvmId: KVM, records: [{ ip: "192.0.2.1", hostname: "A.Example.COM." }] });
    expect(result.plan.counts.unchanged).toBe(1);
    expect(writesIn(fake.received)).toHaveLength(0);
  });

  it("dryRun reads and plans, and sends no write", async () => {
    const result = await fake.client().ptr.sync({ kvmId: KVM, records: DESIRED }, { dryRun: true });
    expect(result.applied).toBe(false);
    expect(result.outcomes).toEqual([]);
    expect(result.plan.counts).toEqual({ create: 1, change: 1, delete: 1, unchanged: 2 });
    expect(fake.received.map((r) => r.path)).toEqual([AUTH_PATH, GET]);
  });

  it("confirm sees the plan first; a no writes nothing, a yes writes it", async () => {
    const edis = fake.client();
    const seen: unknown[] = [];
    const declined = await edis.ptr.sync(
      { kvmId: KVM, records: DESIRED },
      {
        confirm: (plan) => {
          seen.push(plan.counts);
          return false;
        },
      },
    );
    expect(declined.applied).toBe(false);
    expect(seen).toEqual([{ create: 1, change: 1, delete: 1, unchanged: 2 }]);
    expect(writesIn(fake.received)).toHaveLength(0);
    const accepted = await edis.ptr.sync({ kvmId: KVM, records: DESIRED }, { confirm: async () => true });
    expect(accepted.applied).toBe(true);
    expect(writesIn(fake.received)).toHaveLength(2);
  });

  it("lists longer than one request are read and written in requests of at most maxItems, with progress over all writes", async () => {
    const max = operationTable.setPTR.bulk.max;
    const ips = Array.from({ length: max + 20 }, (_, i) => `198.51.100.${i + 1}`);
    const records = ips.map((ip, i) => ({ ip, hostname: i < max + 10 ? `h${i}.example.com` : null }));
    for (const ip of ips.slice(max + 10)) store.records.set(ip, "gone.example.com");
    const progress: [number, number][] = [];
    const result = await fake.client().ptr.sync({ kvmId: KVM, records }, { onProgress: (done, total) => progress.push([done, total]) });
    expect(result.plan.counts).toEqual({ create: max + 10, change: 0, delete: 10, unchanged: 0 });
    expect(fake.to(GET)).toHaveLength(2);
    expect(fake.to(SET).map((r) => Object.keys(JSON.parse(r.form.get("ip")!) as object).length)).toEqual([max, 10]);
    expect(fake.to(DELETE).map((r) => (JSON.parse(r.form.get("ip")!) as string[]).length)).toEqual([10]);
    expect(progress.at(-1)).toEqual([max + 20, max + 20]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
  });

  it("when a write fails: EdisBulkError as for a bulk set, every address with its outcome, the rest still written", async () => {
    // EDIS refuses the one set request (it carries 192.0.2.4), in its own words; nothing of it is written.
    fake.sim.faults.add({ operationId: "setPTR", status: 400, body: { status: "error", error: "IP address does not belong to this VPS." }, times: 1 });
    const error = await failureOf(fake.client().ptr.sync({ kvmId: KVM, records: DESIRED }));
    expect(error).toBeInstanceOf(EdisBulkError);
    const bulk = error as EdisBulkError;
    expect(bulk.message).toBe("ptr.sync failed for 2 of 3 entries (1 of 2 requests); first error: setPTR failed: 400 IP address does not belong to this VPS.");
    expect(bulk.succeeded).toEqual(["192.0.2.3"]);
    expect(bulk.failed.map((f) => [f.items, f.error.message])).toEqual([
      [["192.0.2.2", "192.0.2.4"], "setPTR failed: 400 IP address does not belong to this VPS."],
    ]);
    const partial = bulk.partialResult as PtrSyncResult;
    expect(partial.plan.counts).toEqual({ create: 1, change: 1, delete: 1, unchanged: 2 });
    expect(partial.outcomes.map((o) => [o.ip, o.action, o.status, o.status === "failed" ? o.error.message : ""])).toEqual([
      ["192.0.2.2", "change", "failed", "setPTR failed: 400 IP address does not belong to this VPS."],
      ["192.0.2.3", "delete", "applied", ""],
      ["192.0.2.4", "create", "failed", "setPTR failed: 400 IP address does not belong to this VPS."],
    ]);
    // The delete was sent although the set failed; nothing else was.
    expect(fake.received.map((r) => r.path)).toEqual([AUTH_PATH, GET, SET, DELETE]);
    expect(store.records.has("192.0.2.3")).toBe(false);
  });
});

describe("edis.ptr.sync against a loopback fake that answers what EDIS would not", () => {
  let fake: FakeEdis;
  beforeEach(async () => {
    fake = await startFakeEdis();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("an IPv6 address read back in another spelling is the same address", async () => {
    fake.replies = [json(200, { status: "success", records: [{ ip: "2001:db8::1", ptr_record: "v6.example.com" }] })];
    const result = await fake.client().ptr.sync({ kvmId: KVM, records: [{ ip: "2001:DB8:0:0::1", hostname: "v6.example.com" }] });
    expect(result.plan.entries).toEqual([{ ip: "2001:DB8:0:0::1", action: "unchanged", current: "v6.example.com", desired: "v6.example.com" }]);
    expect(writesIn(fake.received)).toHaveLength(0);
    expect(addressKey("::ffff:192.0.2.1")).toBe("0:0:0:0:0:ffff:c000:201");
    expect(addressKey("::")).toBe("0:0:0:0:0:0:0:0");
  });

  it("a failed read writes nothing", async () => {
    fake.replies = [json(500, { status: "error", error: "down" })];
    const error = (await failureOf(fake.client({ retries: 0 }).ptr.sync({ kvmId: KVM, records: DESIRED }))) as Error;
    expect(error.message).toBe("getPTR failed: 500 down");
    expect(fake.received.map((r) => r.path)).toEqual([AUTH_PATH, GET]);
  });

  const HOSTILE_READS: [string, unknown][] = [
    ["records that are not a list", { "192.0.2.1": "a.example.com" }],
    ["an address that is not text", [{ ip: 3221225985, ptr_record: "a.example.com" }]],
    ["a name that is not text", [{ ip: "192.0.2.2", ptr_record: ["new.example.com"] }]],
    ["a record that is not an object", ["192.0.2.2"]],
  ];
  it.each(HOSTILE_READS)("a read answer with %s is an EdisApiError of getPTR, and nothing is written", async (_name, records) => {
    fake.replies = [json(200, { status: "success", records })];
    const error = await failureOf(fake.client().ptr.sync({ kvmId: KVM, records: DESIRED }));
    expect(error).toBeInstanceOf(EdisApiError);
    expect((error as EdisApiError).message).toBe('getPTR failed: 200 answer\'s "records" is not a list of { ip, ptr_record } with text values');
    expect((error as EdisApiError).status).toBe(200);
    expect(fake.received.map((r) => r.path)).toEqual([AUTH_PATH, GET]);
  });

  it("a read answer's records of addresses not asked for, or an address twice, cause no write the plan does not show", async () => {
    const read = [
      { ip: "192.0.2.9", ptr_record: "elsewhere.example.com" },
      { ip: "192.0.2.1", ptr_record: "x.example.com" },
      { ip: "192.0.2.1", ptr_record: "y.example.com" },
    ];
    fake.replies = [json(200, { status: "success", records: read }), json(200, { status: "success" })];
    const result = await fake.client().ptr.sync({ kvmId: KVM, records: [{ ip: "192.0.2.1", hostname: "a.example.com" }] });
    // The last record of an address counts, and the plan shows it.
    expect(result.plan.entries).toEqual([{ ip: "192.0.2.1", action: "change", current: "y.example.com", desired: "a.example.com" }]);
    expect(writesIn(fake.received).map((r) => [r.path, r.form.get("ip")])).toEqual([[SET, '{"192.0.2.1":"a.example.com"}']]);
  });

  const BAD: [string, unknown, string][] = [
    ["a bad address", [{ ip: "192.0.2.300", hostname: "a.example.com" }], 'records[0].ip must be an IPv4 or IPv6 address: "192.0.2.300"'],
    [
      "a bad host name",
      [DESIRED[0], { ip: "192.0.2.9", hostname: "mail_server.example.com" }],
      'records[1].hostname is not a valid host name: "mail_server.example.com"',
    ],
    ["a misspelt field", [{ ip: "192.0.2.1", hostName: "a.example.com" }], "records[0].hostName is not a field of a record (expected ip, hostname)"],
    ["an address twice", [DESIRED[0], { ip: "192.0.2.1", hostname: null }], 'records[1].ip names the address of records[0].ip again: "192.0.2.1"'],
    [
      "the same IPv6 address in two spellings",
      [{ ip: "2001:db8::1" }, { ip: "2001:DB8::0:1" }],
      'records[1].ip names the address of records[0].ip again: "2001:DB8::0:1"',
    ],
    ["no records", [], "records must not be empty"],
    ["records that are not a list", { "192.0.2.1": "a.example.com" }, "records must be an array of { ip, hostname }, got object"],
    ["a record that is not an object", ["192.0.2.1"], "records[0] must be an object { ip, hostname }"],
  ];
  it.each(BAD)("%s is an EdisValidationError before any request", async (_name, records, message) => {
    const error = (await failureOf(fake.client().ptr.sync({ kvmId: KVM, records } as never))) as Error;
    expect(error).toBeInstanceOf(EdisValidationError);
    expect(error.message).toBe(message);
    expect(fake.received).toHaveLength(0);
  });

  it("a bad kvmId or option is refused before any request", async () => {
    const kvm = await failureOf(fake.client().ptr.sync({ kvmId: "kvm-1", records: DESIRED }));
    expect(kvm).toBeInstanceOf(EdisValidationError);
    expect((kvm as EdisValidationError).field).toBe("kvmId");
    const dry = (await failureOf(fake.client().ptr.sync({ kvmId: KVM, records: DESIRED }, { dryRun: "yes" } as never))) as Error;
    expect(dry.message).toBe("dryRun option must be a boolean");
    expect(fake.received).toHaveLength(0);
  });
});
