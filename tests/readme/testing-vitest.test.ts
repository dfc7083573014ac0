// mail-move.test.ts: a vitest test of your own code, against the simulator instead of EDIS.
import { createEdisClient, type EdisClient } from "edis-global";
import { createEdisSimulator } from "edis-global/testing";
import { afterEach, expect, test } from "vitest";

// The code under test: moves a host name's PTR record from one address of a VPS to another.
async function moveRecord(edis: EdisClient, kvmId: string, from: string, to: string, hostname: string): Promise<void> {
  await edis.ptr.set({ kvmId, records: { [to]: hostname } });
  await edis.ptr.delete({ kvmId, ips: [from] });
}

// strict: a request that breaks the spec (one EDIS would refuse) fails the test at once.
const sim = createEdisSimulator({ strict: true });
const edis = createEdisClient(sim.clientOptions);

afterEach(() => {
  sim.assertNoViolations(); // nothing sent broke the spec
  sim.reset(); // the seeded account again, for the next test
});

test("moveRecord leaves the name on the new address only", async () => {
  const vps = sim.account.vps[0]!; // kvm_100001_200001: 192.0.2.1, and 192.0.2.2 named web-1.example.com
  await moveRecord(edis, vps.kvmId, "192.0.2.2", "192.0.2.1", "web-1.example.com");

  expect(await edis.ptr.get({ kvmId: vps.kvmId, ips: ["192.0.2.1", "192.0.2.2"] })).toEqual([
    { ip: "192.0.2.1", ptr_record: "web-1.example.com" },
    { ip: "192.0.2.2", ptr_record: "" },
  ]);
  expect(sim.state.vps[0]!.ptr).toEqual({ "192.0.2.1": "web-1.example.com" });
});

test("power takes time on the simulator's clock, which moves only when the test says", async () => {
  const { kvmId } = sim.account.vps[0]!;
  await edis.power.off({ kvmId });
  expect(sim.state.vps[0]!.power).toBe("on"); // still shutting down
  sim.clock.advance("30s");
  await edis.power.waitFor({ kvmId, state: "off" });
});
