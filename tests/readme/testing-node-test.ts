// ptr.test.ts: the same kind of test with node:test (node --test; TypeScript through tsx or Node 22.6+'s type stripping).
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { createEdisClient } from "edis-global";
import { createEdisSimulator } from "edis-global/testing";

const sim = createEdisSimulator({ strict: true });
const edis = createEdisClient(sim.clientOptions);

afterEach(() => {
  sim.assertNoViolations();
  sim.reset();
});

test("a PTR record set is read back", async () => {
  const { kvmId } = sim.account.vps[0]!;
  await edis.ptr.set({ kvmId, records: { "192.0.2.1": "mail.example.com" } });
  assert.deepEqual(await edis.ptr.get({ kvmId, ips: ["192.0.2.1"] }), [{ ip: "192.0.2.1", ptr_record: "mail.example.com" }]);
});

test("an address the VPS does not have is refused, as EDIS refuses it (a refusal, not a violation)", async () => {
  const { kvmId } = sim.account.vps[0]!;
  await assert.rejects(edis.ptr.set({ kvmId, records: { "198.51.100.1": "x.example.com" } }), { name: "EdisApiError", status: 400 });
});
