// scenarios.test.ts: what EDIS does that is hard to make happen against the real API.
import { createEdisClient, EdisApiError, parseTrafficHook, type TrafficHookCall } from "edis-global";
import { createEdisSimulator } from "edis-global/testing";
import { expect, test } from "vitest";

test("an expired session: the client authenticates again, once, and goes on", async () => {
  const sim = createEdisSimulator(); // sessions last an hour of simulated time (sessionLifetime)
  const edis = createEdisClient(sim.clientOptions);
  const { kvmId } = sim.account.vps[0]!;
  await edis.power.state({ kvmId });
  sim.clock.advance("2h"); // or sim.expireSessions(): every session ends now
  await edis.power.state({ kvmId });
  expect(sim.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual([
    "createAuthSession 200",
    "getPowerState 200",
    "getPowerState 401",
    "createAuthSession 200",
    "getPowerState 200",
  ]);
});

test("a 429 with Retry-After: a read is sent again after the wait, a write is not", async () => {
  const sim = createEdisSimulator();
  const edis = createEdisClient({ ...sim.clientOptions, retryDelayMs: 10 });
  const { kvmId } = sim.account.vps[0]!;
  sim.faults.add({ operationId: "getPTR", status: 429, retryAfter: 1, times: 1 });
  await edis.ptr.get({ kvmId, ips: ["192.0.2.2"] }); // waits the second, then succeeds
  sim.faults.add({ operationId: "setPTR", status: 429, times: 1 });
  await expect(edis.ptr.set({ kvmId, records: { "192.0.2.1": "a.example.com" } })).rejects.toBeInstanceOf(EdisApiError);
  expect(sim.requests.filter((r) => r.fault).map((r) => r.operationId)).toEqual(["getPTR", "setPTR"]);
});

test("power takes time: off after 5 simulated seconds, a reset passes through off", async () => {
  const sim = createEdisSimulator({ durations: { powerOff: "5s", reset: "20s" } });
  const edis = createEdisClient(sim.clientOptions);
  const { kvmId } = sim.account.vps[0]!;
  await edis.power.reset({ kvmId });
  expect(sim.state.vps[0]!.power).toBe("off");
  sim.clock.advance("20s");
  await edis.power.waitFor({ kvmId, state: "on" });
  await edis.power.off({ kvmId });
  sim.clock.advance("5s");
  expect((await edis.power.state({ kvmId })).data).toMatch(/off/);
});

test("a webhook arriving: traffic crosses the trigger, and your receiver gets the call", async () => {
  const received: TrafficHookCall[] = [];
  const sim = createEdisSimulator({
    // Where the simulator sends webhook calls: here, straight to the receiver under test.
    webhooks: {
      fetch: async (url, init) => {
        const request = new Request(url, init);
        received.push(await parseTrafficHook(request, { remoteAddress: request.headers.get("x-forwarded-for") ?? "" }));
        return new Response("ok");
      },
    },
  });
  const edis = createEdisClient(sim.clientOptions);
  const { kvmId } = sim.account.vps[0]!;
  await edis.hooks.set({ kvmId, callbackMethod: "post", triggerValue: "80", callbackUrl: "https://hooks.example.com/edis" });
  await sim.addTraffic(kvmId, 900 * 1024 ** 3); // 900 GiB of the 1 TiB included: past 80 %
  expect(received).toEqual([{ kvm: kvmId, trigger_value: 80, details: expect.stringContaining("80") }]);
});
