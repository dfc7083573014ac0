/**
 * `edis.vps.forEach`: one function over many VPSs of an account (the simulator's, with three),
 * outcomes in order, a failure of one VPS returned rather than thrown, bounded concurrency and
 * a signal that stops the starting of new work without cancelling what runs.
 */
import { describe, expect, it } from "vitest";
import { EdisAbortError, EdisApiError, EdisError, EdisValidationError, createEdisClient } from "../src/index.js";
import { createEdisSimulator } from "../src/testing/index.js";

const IDS = ["kvm_100001_1", "kvm_100002_2", "kvm_100003_3"];

function account() {
  const sim = createEdisSimulator({ seed: { vps: IDS.map((kvmId) => ({ kvmId })) } });
  const edis = createEdisClient({ ...sim.clientOptions, retries: 0 });
  return { sim, edis };
}

describe("edis.vps.forEach", () => {
  it("runs for every VPS of the account by default, one auth call for the list, outcomes in order", async () => {
    const { sim, edis } = account();
    // biome-ignore lint/suspicious/useIterableCallbackReturn: vps.forEach returns what fn returns, unlike Array#forEach
    const outcomes = await edis.vps.forEach((kvmId) => edis.power.state({ kvmId }));
    expect(outcomes.map((o) => [o.kvmId, o.ok])).toEqual(IDS.map((id) => [id, true]));
    expect(sim.requests.filter((r) => r.operationId === "createAuthSession")).toHaveLength(1);
    expect(
      sim.requests
        .filter((r) => r.operationId === "getPowerState")
        .map((r) => r.form.kvm_id)
        .sort(),
    ).toEqual(IDS);
  });

  it("returns a failure of one VPS as its outcome and still runs the others", async () => {
    const { sim, edis } = account();
    sim.faults.add({ operationId: "powerOnVPS", status: 500, times: 1 });
    // biome-ignore lint/suspicious/useIterableCallbackReturn: vps.forEach returns what fn returns, unlike Array#forEach
    const outcomes = await edis.vps.forEach((kvmId) => edis.power.on({ kvmId }), { kvmIds: IDS, concurrency: 1 });
    expect(outcomes.map((o) => [o.kvmId, o.ok])).toEqual([
      [IDS[0], false],
      [IDS[1], true],
      [IDS[2], true],
    ]);
    const [first] = outcomes;
    expect(first?.ok === false && first.error).toBeInstanceOf(EdisApiError);
  });

  it("wraps a thrown non-EdisError, naming the VPS, with the original as its cause", async () => {
    const { edis } = account();
    const boom = new RangeError("boom");
    const [outcome] = await edis.vps.forEach(async () => Promise.reject(boom), { kvmIds: [IDS[0]!] });
    expect(outcome?.ok).toBe(false);
    if (outcome?.ok !== false) return;
    expect(outcome.error).toBeInstanceOf(EdisError);
    expect(outcome.error.message).toBe(`vps.forEach failed for ${IDS[0]}`);
    expect(outcome.error.cause).toBe(boom);
  });

  it("never runs more than `concurrency` at once", async () => {
    const { edis } = account();
    let running = 0;
    let most = 0;
    const ids = Array.from({ length: 9 }, (_, i) => `kvm_1_${i}`);
    await edis.vps.forEach(
      async (kvmId) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        return kvmId;
      },
      { kvmIds: ids, concurrency: 2 },
    );
    expect(most).toBe(2);
  });

  it("after the signal fires, starts no new VPS, lets the running one finish and reports the rest as aborted", async () => {
    const { sim, edis } = account();
    const stop = new AbortController();
    const started: string[] = [];
    const outcomes = await edis.vps.forEach(
      async (kvmId) => {
        started.push(kvmId);
        stop.abort(new Error("interrupted"));
        return edis.power.state({ kvmId });
      },
      { kvmIds: IDS, concurrency: 1, signal: stop.signal },
    );
    expect(started).toEqual([IDS[0]]);
    expect(outcomes.map((o) => [o.kvmId, o.ok])).toEqual([
      [IDS[0], true],
      [IDS[1], false],
      [IDS[2], false],
    ]);
    expect(outcomes.slice(1).map((o) => (o.ok ? undefined : o.error))).toEqual([expect.any(EdisAbortError), expect.any(EdisAbortError)]);
    expect(sim.requests.filter((r) => r.operationId === "getPowerState")).toHaveLength(1);
  });

  it("refuses bad options before anything is sent", async () => {
    const { sim, edis } = account();
    const fn = async (kvmId: string) => kvmId;
    await expect(edis.vps.forEach(fn, { kvmIds: [IDS[0]!, IDS[0]!] })).rejects.toThrow(EdisValidationError);
    await expect(edis.vps.forEach(fn, { concurrency: 0 })).rejects.toThrow(EdisValidationError);
    await expect(edis.vps.forEach(fn, { kvmIds: "kvm_1_1" as never })).rejects.toThrow(EdisValidationError);
    expect(sim.requests).toHaveLength(0);
  });

  it("an empty list runs nothing and sends nothing", async () => {
    const { sim, edis } = account();
    expect(await edis.vps.forEach(async () => 1, { kvmIds: [] })).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });
});
