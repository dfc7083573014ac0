/**
 * The simulator's state and clock: seeding (options, JSON and YAML files), reading and
 * changing `sim.state`, `reset()` in the middle of a test, requests at once against shared
 * state, and the clock's virtual and real-time modes.
 */
import { createEdisClient } from "edis-global";
import { EdisSimulatorSeedError, createEdisSimulator, parseSeed } from "edis-global/testing";
import { describe, expect, it } from "vitest";
import { createClock, durationMs } from "../../src/testing/clock.js";

describe("state", () => {
  it("starts with the documented account: two VPSs, one on with a PTR record, one off", () => {
    const sim = createEdisSimulator();
    expect(sim.account).toEqual({
      email: "sim@example.com",
      password: "simulator-password",
      vps: [
        {
          kvmId: "kvm_100001_200001",
          apiHost: "100001.edisglobal.com",
          ipv4: ["192.0.2.1", "192.0.2.2"],
          ipv6Prefix: "2001:db8:1::/64",
          ipv6: "2001:db8:1::1",
          addresses: ["192.0.2.1", "192.0.2.2", "2001:db8:1::1"],
        },
        {
          kvmId: "kvm_100002_200002",
          apiHost: "100002.edisglobal.com",
          ipv4: ["192.0.2.20"],
          ipv6Prefix: "2001:db8:2::/64",
          ipv6: "2001:db8:2::1",
          addresses: ["192.0.2.20", "2001:db8:2::1"],
        },
      ],
    });
    expect(sim.state.vps.map((v) => [v.power, v.ptr])).toEqual([
      ["on", { "192.0.2.2": "web-1.example.com" }],
      ["off", {}],
    ]);
    expect(sim.state.account.balance).toBe("50.00");
  });

  it("takes a seed in the shape of the state, the rest of each VPS from the defaults", async () => {
    const sim = createEdisSimulator({
      seed: {
        account: { email: "ops@example.com", password: "pw" },
        vps: [{ kvmId: "kvm_123456_789012", ipv4: ["198.51.100.7"], ptr: { "198.51.100.7": "a.example.com" } }],
      },
    });
    const edis = createEdisClient(sim.clientOptions);
    expect(sim.account.email).toBe("ops@example.com");
    expect(await edis.ptr.get({ kvmId: "kvm_123456_789012", ips: ["198.51.100.7"] })).toEqual([{ ip: "198.51.100.7", ptr_record: "a.example.com" }]);
    expect(sim.state.vps[0]!.apiHost).toBe("123456.edisglobal.com");
    const one = createEdisSimulator({ seed: { vps: [{ kvmId: "kvm_1_2", service: { id: 987654 }, traffic: { rxBytes: 5 }, settings: { uefi: "enabled" } }] } });
    expect([one.state.vps[0]!.service.plan, one.state.vps[0]!.service.id, one.state.vps[0]!.traffic.rxBytes, one.state.vps[0]!.settings.tpm]).toEqual([
      "KVM SMART",
      987654,
      5,
      "disabled",
    ]);
  });

  it("reads seed files as JSON or YAML, and names what is wrong in a bad one", async () => {
    const yaml = "account:\n  balance: '12.50'\nvps:\n  - kvmId: kvm_1_2\n    power: off\n";
    expect(await parseSeed(yaml)).toEqual({ account: { balance: "12.50" }, vps: [{ kvmId: "kvm_1_2", power: "off" }] });
    expect(await parseSeed('{"isos":["a.iso"]}')).toEqual({ isos: ["a.iso"] });
    await expect(parseSeed("vps:\n  - kvmId: vps-1\n", "seed.yaml")).rejects.toThrow("seed.yaml: vps[0].kvmId must be a VPS id like kvm_123456_789012");
    await expect(parseSeed("accounts: {}\n")).rejects.toThrow(EdisSimulatorSeedError);
    await expect(parseSeed("a: [")).rejects.toThrow(/neither JSON nor YAML/);
    expect(() => createEdisSimulator({ seed: { vps: [] } })).toThrow(/non-empty/);
  });

  it("lets a test change the live state to set up a scenario", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient(sim.clientOptions);
    sim.state.account.balance = "0.00";
    sim.state.vps[1]!.power = "on";
    expect(await edis.order.balance()).toMatchObject({ amount: "0.00" });
    expect((await edis.power.state({ kvmId: sim.account.vps[1]!.kvmId })).data).toBe("server powered on");
  });

  it("resets mid-test to the seeded state: records, sessions, faults, requests and violations gone; the client renews its session", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[0]!.kvmId;
    await edis.ptr.set({ kvmId, records: { "192.0.2.1": "mail.example.com" } });
    sim.faults.add({ operationId: "getKvmDetails", status: 500 });
    await sim.fetch(`${sim.clientOptions.hosts.order}/kvm/v2/get/account-balance`, { method: "POST" });
    sim.clock.advance("1h");
    const before = sim.clock.now();
    sim.reset();
    expect(sim.clock.now()).toBeLessThan(before);
    expect([sim.requests, sim.violations, sim.faults.list]).toEqual([[], [], []]);
    expect(await edis.ptr.get({ kvmId, ips: ["192.0.2.1"] })).toEqual([{ ip: "192.0.2.1", ptr_record: "" }]);
    expect(sim.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual(["getPTR 401", "createAuthSession 200", "getPTR 200"]);
  });

  it("keeps every write of requests sent at once against shared state", async () => {
    const sim = createEdisSimulator({ strict: true });
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[0]!.kvmId;
    const addresses = Array.from({ length: 40 }, (_, i) => `2001:db8:1::${(i + 1).toString(16)}`);
    await Promise.all(addresses.map((ip, i) => edis.ptr.set({ kvmId, records: { [ip]: `host-${i}.example.com` } })));
    await Promise.all([edis.power.off({ kvmId }), edis.power.state({ kvmId }), edis.ptr.delete({ kvmId, ips: addresses.slice(0, 10) })]);
    expect(Object.keys(sim.state.vps[0]!.ptr)).toHaveLength(1 + 30);
    expect(sim.state.vps[0]!.ptr["2001:db8:1::28"]).toBe("host-39.example.com");
    // One session for all of them: the client asked once.
    expect(sim.requests.filter((r) => r.operationId === "createAuthSession")).toHaveLength(1);
  });

  it("answers a request in flight across a reset as the reset simulator: its session is gone, the client renews it", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[0]!.kvmId;
    await edis.power.state({ kvmId });
    sim.faults.add({ operationId: "setPTR", latencyMs: 30, times: 1 });
    const pending = edis.ptr.set({ kvmId, records: { "192.0.2.1": "late.example.com" } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    sim.reset();
    await expect(pending).resolves.toMatchObject({ status: "success" });
    expect(sim.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual(["setPTR 401", "createAuthSession 200", "setPTR 200"]);
    expect(sim.state.vps[0]!.ptr["192.0.2.1"]).toBe("late.example.com");
  });
});

describe("clock", () => {
  it("moves only with advance, by text durations or milliseconds, and refuses what is not a duration", () => {
    let real = 1_000;
    const clock = createClock({ start: 5_000 }, () => real);
    real += 60_000;
    expect(clock.now()).toBe(5_000);
    clock.advance("30s");
    clock.advance(250);
    clock.advance("1.5m");
    expect(clock.now()).toBe(5_000 + 30_000 + 250 + 90_000);
    clock.advance(0);
    expect(clock.now()).toBe(5_000 + 30_000 + 250 + 90_000);
    for (const bad of ["soon", "x30s", "30sx", "30", -1, Number.NaN, null]) {
      expect(() => clock.advance(bad as never), String(bad)).toThrow(/^clock.advance must be a number of milliseconds or text such as "30s"/);
    }
    expect([durationMs("2h"), durationMs(" 1.25s " as never), durationMs("1d"), durationMs("3ms")]).toEqual([7_200_000, 1_250, 86_400_000, 3]);
    expect(() => durationMs("fast" as never)).toThrow(/^duration must be/);
  });

  it("follows real time at the chosen speed for a server", () => {
    let real = 7_000;
    const clock = createClock({ start: Date.UTC(2030, 0, 1), speed: 60 }, () => real);
    real += 1_000;
    expect(clock.now()).toBe(Date.UTC(2030, 0, 1) + 60_000);
    clock.advance("1m");
    expect(clock.now()).toBe(Date.UTC(2030, 0, 1) + 120_000);
    expect(() => createClock({ speed: -1 })).toThrow(/^clock.speed must be a number of at least 0$/);
    expect(() => createClock({ start: Number.NaN })).toThrow(/^clock.start must be a time/);
    expect(createClock({ start: new Date(Date.UTC(2031, 0, 1)) }).now()).toBe(Date.UTC(2031, 0, 1));
  });

  it("refuses option durations that are not durations", () => {
    expect(() => createEdisSimulator({ durations: { powerOn: "fast" as never } })).toThrow(/durations.powerOn/);
    expect(() => createEdisSimulator({ sessionLifetime: "forever" as never })).toThrow(/sessionLifetime/);
  });
});
