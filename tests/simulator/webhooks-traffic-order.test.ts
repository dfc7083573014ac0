/**
 * The simulator's webhooks (the demo trigger, traffic crossing a trigger), traffic and its
 * charts, the traffic pool, ISOs and reinstalls, settings and VNC, and the ORDER API's money
 * and services: each as a user's test would drive it, through the client.
 */
import { createEdisClient, parseTrafficHook } from "edis-global";
import { createEdisSimulator } from "edis-global/testing";
import { describe, expect, it } from "vitest";

const GB = 1024 ** 3;

/** A webhook receiver: a fetch that keeps every call. */
function receiver(status = 200) {
  const calls: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new Request(input, init));
    return new Response('{"status":"success"}', { status });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

function setup(options: Parameters<typeof createEdisSimulator>[0] = {}) {
  const sim = createEdisSimulator(options);
  return { sim, edis: createEdisClient(sim.clientOptions), kvmId: sim.account.vps[0]!.kvmId };
}

describe("webhooks", () => {
  it("calls a demo hook's callback once, before hooks.set answers, with the fields and source address of the spec, and keeps no hook", async () => {
    const hook = receiver();
    const { sim, edis, kvmId } = setup({ webhooks: { fetch: hook.fetch } });
    const id = await edis.hooks.set({ kvmId, callbackMethod: "post", triggerValue: "demo", callbackUrl: "https://hooks.example.com/edis" });
    expect(id).toMatch(/^\d+$/);
    expect(hook.calls).toHaveLength(1);
    const call = hook.calls[0]!;
    expect([call.method, call.url, call.headers.get("x-forwarded-for")]).toEqual(["POST", "https://hooks.example.com/edis", "149.154.154.251"]);
    const parsed = await parseTrafficHook(call, { remoteAddress: call.headers.get("x-forwarded-for")! });
    expect(parsed).toEqual({ kvm: kvmId, details: "Demo call of a traffic webhook", trigger_value: 0 });
    expect(await edis.hooks.list({ kvmId })).toEqual([]);
    expect(sim.deliveries).toMatchObject([{ kvmId, status: 200, error: undefined, findings: [] }]);
  });

  it("calls a hook when simulated traffic crosses its trigger, once per crossing, from the configured source address", async () => {
    const hook = receiver();
    const { sim, edis, kvmId } = setup({ webhooks: { fetch: hook.fetch, sourceAddress: "203.0.113.9" } });
    await edis.hooks.set({
      kvmId,
      callbackMethod: "get",
      callbackUser: "edis",
      callbackPassword: "cb-secret",
      triggerValue: "80",
      callbackUrl: "https://hooks.example.com/t?x=1",
    });
    const included = sim.state.vps[0]!.traffic.includedBytes;
    expect(await sim.addTraffic(kvmId, included * 0.79)).toEqual([]);
    const fired = await sim.addTraffic(kvmId, included * 0.02);
    expect(fired).toHaveLength(1);
    expect(await sim.addTraffic(kvmId, included * 0.05)).toEqual([]);
    const call = hook.calls[0]!;
    expect(call.method).toBe("GET");
    expect(new URL(call.url).searchParams.toString()).toBe(`x=1&kvm=${kvmId}&details=Traffic+usage+reached+80%25&trigger_value=80`);
    expect(call.headers.get("authorization")).toBe(`Basic ${btoa("edis:cb-secret")}`);
    expect(call.headers.get("x-forwarded-for")).toBe("203.0.113.9");
    const listed = await edis.hooks.list({ kvmId });
    expect(listed).toMatchObject([{ trigger_value: 80, last_launched: Math.floor(sim.clock.now() / 1000), callback_method: "get", callback_user: "edis" }]);
    await edis.hooks.delete({ kvmId, hookId: listed[0]!.id });
    expect(await edis.hooks.list({ kvmId })).toEqual([]);
  });

  it("records a callback that fails, and goes on", async () => {
    const failing = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    const { sim, edis, kvmId } = setup({ webhooks: { fetch: failing } });
    await edis.hooks.set({ kvmId, callbackMethod: "post", triggerValue: "demo", callbackUrl: "https://hooks.example.com/down" });
    expect(sim.deliveries).toMatchObject([{ status: undefined, error: "fetch failed" }]);
  });
});

describe("traffic and the pool", () => {
  it("shows added traffic in the counters and in today's bar of the daily chart; CPU per hour up to now", async () => {
    const { sim, edis, kvmId } = setup({ clock: { start: Date.UTC(2030, 6, 12, 12) } });
    await sim.addTraffic(kvmId, 3 * GB);
    const traffic = await edis.info.traffic({ kvmId });
    expect(traffic.data.rx_bytes).toBe(String(3 * GB));
    const daily = traffic.chart_daily!;
    expect(daily.labels.at(-1)).toBe("Jul 12");
    expect(daily.datasets[0]!.data.at(-1)).toBe(3);
    const cpu = await edis.info.cpuUsage({ kvmId });
    expect(cpu.labels.at(-1)).toBe("12:00");
  });

  it("tops a VPS up from the pool at 99 % when auto hydration is on, and logs it; assign moves traffic on request", async () => {
    const { sim, edis, kvmId } = setup();
    await edis.trafficPool.enableAutoHydration({ kvmId });
    expect(await edis.trafficPool.autoHydrationStatus({ kvmId })).toBe("100");
    const included = sim.state.vps[0]!.traffic.includedBytes;
    await sim.addTraffic(kvmId, included * 0.995);
    expect(sim.state.vps[0]!.traffic.includedBytes).toBe(included + 100 * GB);
    expect(await edis.trafficPool.size({ kvmId })).toBe("4900");
    expect(await edis.trafficPool.assign({ kvmId, traffic: 900 })).toBe(900);
    expect(await edis.trafficPool.size({ kvmId })).toBe("4000");
    expect((await edis.trafficPool.refillLog({ kvmId, scope: "kvm" })).map((e) => e.gbytes)).toEqual(["100", "900"]);
    await expect(edis.trafficPool.assign({ kvmId, traffic: 4001 })).rejects.toMatchObject({ status: 400 });
    await edis.trafficPool.disableAutoHydration({ kvmId });
    expect(await edis.trafficPool.autoHydrationStatus({ kvmId })).toBe("off");
  });
});

describe("the machine", () => {
  it("mounts only listed ISOs, lists a downloaded one, and shows the mount", async () => {
    const { sim, edis, kvmId } = setup();
    await expect(edis.install.mountIso({ kvmId, iso: "not-there.iso" })).rejects.toMatchObject({ status: 400 });
    await edis.install.downloadIso({ kvmId, url: "https://example.com/isos/rescue.iso" });
    expect(await edis.install.isos({ kvmId })).toContain("rescue.iso");
    await edis.install.mountIso({ kvmId, iso: "rescue.iso" });
    expect(await edis.info.mount({ kvmId })).toBe("rescue.iso");
    await edis.install.unmountIso({ kvmId });
    expect(await edis.info.mount({ kvmId })).toBe("empty");
    expect(sim.violations).toEqual([]);
  });

  it("passes a reinstall through off, on again after the reinstall time", async () => {
    const { sim, edis, kvmId } = setup({ durations: { reinstall: "90s" } });
    await edis.install.reinstall({ kvmId, image: "cloudinit_debian-12", password: "N3w-root-pw" });
    expect((await edis.power.state({ kvmId })).data).toBe("server starting");
    sim.clock.advance("90s");
    await edis.power.waitFor({ kvmId, state: "on" });
    expect(sim.state.vps[0]!.image).toBe("cloudinit_debian-12");
    expect(sim.requests.find((r) => r.operationId === "reinstallVPS")!.form.password).toBe("[REDACTED]");
  });

  it("takes a qcow2 upload as multipart, the disk image as a file part, and boots it after the reinstall time", async () => {
    const { sim, edis, kvmId } = setup({ strict: true });
    await edis.install.uploadQcow2({ kvmId, yesPurgeAllMyData: 1, file: new Uint8Array([0x51, 0x46, 0x49, 0xfb]) });
    expect(sim.requests.at(-1)!.form).toMatchObject({ yes_purge_all_my_data: "1", file: "(file of 4 bytes)" });
    expect(sim.state.vps[0]!.image).toBe("custom-qcow2");
    sim.clock.advance("2m");
    await edis.power.waitFor({ kvmId, state: "on" });
  });

  it("keeps settings a partial update leaves alone, and VNC's state and keyboard", async () => {
    const { edis, kvmId } = setup();
    await edis.settings.set({ kvmId, config: { boot_timeout: "9000", auto_hydration: "500" } });
    expect(await edis.settings.get({ kvmId })).toMatchObject({ boot_timeout: "9000", auto_hydration: "500", uefi: "disabled" });
    expect(await edis.trafficPool.autoHydrationStatus({ kvmId })).toBe("500");
    await edis.vnc.enable({ kvmId, password: "Vnc4Test" });
    await edis.vnc.setKeyboard({ kvmId, keyboard: "de" });
    expect(await edis.vnc.status({ kvmId })).toMatchObject({ vnc_status: "enabled", vnc_port: "5901" });
    expect(await edis.settings.get({ kvmId })).toMatchObject({ vnc_keymap: "de" });
    await edis.vnc.disable({ kvmId });
    expect(await edis.vnc.status({ kvmId })).toMatchObject({ vnc_status: "disabled" });
  });
});

describe("the ORDER API", () => {
  const ORDER = { billingcycle: "monthly", paymentmethod: "paypal", applycredit: true, item: [{ pid: 106, os: 208, hostname: "new.example.com" }] };

  it("spends the balance on an order paid from credit, and the new VPS can be managed at once", async () => {
    const { sim, edis } = setup();
    expect(await edis.order.balance()).toEqual({ amount: "50.00", currency: "EUR" });
    const placed = await edis.order.add({ order: ORDER });
    expect(placed).toMatchObject({ status: "success", invoicepaid: true });
    expect(await edis.order.balance()).toEqual({ amount: "42.01", currency: "EUR" });
    const kvmId = await edis.order.kvmId({ serviceId: String(placed.serviceids) });
    expect((await edis.order.services()).map((s) => s.kvm_id)).toContain(kvmId);
    await edis.ptr.set({ kvmId, records: { [sim.account.vps[2]!.ipv4[0]!]: "new.example.com" } });
    expect((await edis.power.state({ kvmId })).data).toBe("server powered on");
  });

  it("leaves an order unpaid when the credit does not suffice, and answers status failed for a plan out of stock", async () => {
    const { sim, edis } = setup({ seed: { account: { balance: "5.00" } } });
    expect(await edis.order.add({ order: ORDER })).toMatchObject({ status: "success", invoicepaid: false });
    expect(await edis.order.balance()).toMatchObject({ amount: "5.00" });
    const failed = await edis.order.add({ order: { ...ORDER, item: [{ pid: 140, os: 208, hostname: "uk.example.com" }] } });
    expect(Object.keys(failed).sort()).toEqual(["orderid", "status"]);
    expect(failed.status).toBe("failed");
    expect(sim.state.vps).toHaveLength(3);
  });

  it("upgrades a VPS to another plan of its location, and cancels by exactly one id", async () => {
    const { sim, edis } = setup();
    const [first, second] = sim.account.vps;
    const upgraded = await edis.order.upgrade({ kvmId: first!.kvmId, newProductId: 99, newBillingCycle: "monthly", newPaymentMethod: "paypal" });
    expect(upgraded).toMatchObject({ oldproductname: "KVM SMART", newproductname: "KVM STARTER", newproductid: "99" });
    await expect(edis.order.upgrade({ kvmId: first!.kvmId, newProductId: 140, newBillingCycle: "monthly", newPaymentMethod: "paypal" })).rejects.toMatchObject({
      status: 400,
    });
    const serviceId = await edis.order.serviceId({ kvmId: second!.kvmId });
    await edis.order.cancel({ serviceId: String(serviceId), type: "Immediate" });
    expect((await edis.order.services()).find((s) => s.kvm_id === second!.kvmId)!.status).toBe("terminated");
    const sessions = await edis.auth.createSession({});
    expect(sessions.map((s) => s.kvmId)).toEqual([first!.kvmId]);
    await expect(edis.order.cancel({ kvmId: second!.kvmId, type: "Immediate" })).rejects.toMatchObject({ status: 404 });
  });

  it("lists locations and each location's plans with their prices", async () => {
    const { edis } = setup();
    const locations = await edis.order.locations();
    expect(locations["KVM United Kingdom"]).toMatchObject({ id: 127, out_of_stock: true });
    const products = await edis.order.products({ locationId: "192" });
    expect(products["KVM STARTER"]).toMatchObject({ id: 99, description: { price: { monthly: { amount: "12.99", currency: "EUR" } } } });
    await expect(edis.order.products({ locationId: "9" })).rejects.toMatchObject({ status: 404 });
    expect(await edis.order.billingCycles()).toEqual(["monthly", "quarterly", "semiannually", "annually"]);
    expect(await edis.order.paymentMethods()).toContain("paypal");
  });
});
