/**
 * The simulator's sessions, reverse DNS and power, driven through the real client as a user's
 * test would (createEdisClient(sim.clientOptions)), and through raw fetch where a client would
 * never send what is tested.
 */
import { createEdisClient, EdisApiError } from "edis-global";
import { createEdisSimulator } from "edis-global/testing";
import { describe, expect, it } from "vitest";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

async function session(sim: ReturnType<typeof createEdisSimulator>, kvmId = sim.account.vps[0]!.kvmId) {
  const res = await sim.fetch(
    `${sim.clientOptions.hosts.session}/kvm/v2/get/auth`,
    form({ email: sim.account.email, pw: sim.account.password, kvm_id: kvmId }),
  );
  const body = (await res.json()) as { data: Record<string, { signature: string; valid_until: number; api_host: string }> };
  return { kvmId, ...body.data[kvmId]! };
}

describe("sessions", () => {
  it("hands out one session per VPS of the account, or the one asked for, valid for an hour of simulated time", async () => {
    const sim = createEdisSimulator({ clock: { start: Date.UTC(2030, 0, 1) } });
    const all = await sim.fetch(`${sim.clientOptions.hosts.session}/kvm/v2/get/auth`, form({ email: sim.account.email, pw: sim.account.password }));
    const body = (await all.json()) as { status: string; data: Record<string, { valid_until: number; api_host: string; primary_ip?: string }> };
    expect(all.status).toBe(200);
    expect(Object.keys(body.data)).toEqual(sim.account.vps.map((v) => v.kvmId));
    expect(Object.values(body.data).map((s) => s.primary_ip)).toEqual(["192.0.2.1", "192.0.2.20"]);
    expect(body.data[sim.account.vps[1]!.kvmId]!.valid_until).toBe(Date.UTC(2030, 0, 1) / 1000 + 3600);
    expect(body.data[sim.account.vps[1]!.kvmId]!.api_host).toBe(sim.account.vps[1]!.apiHost);
    const one = await session(sim, sim.account.vps[1]!.kvmId);
    expect(one.kvmId).toBe("kvm_100002_200002");
    sim.assertNoViolations();
  });

  it("refuses wrong credentials with the documented 401 body", async () => {
    const sim = createEdisSimulator();
    const res = await sim.fetch(`${sim.clientOptions.hosts.session}/kvm/v2/get/auth`, form({ email: sim.account.email, pw: "wrong" }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized", code: 401, message: "Invalid WHMCS credentials. Please provide correct credentials." });
    expect(sim.requests[0]!.form.pw).toBe("[REDACTED]");
  });

  it("takes a session until one second before valid_until: at exactly valid_until it is refused with the documented 401", async () => {
    const sim = createEdisSimulator();
    const s = await session(sim);
    const call = () =>
      sim.fetch(`${sim.clientOptions.hosts.api}/kvm/v2/get/power`, form({ signature: s.signature, kvm_id: s.kvmId, valid_until: String(s.valid_until) }));
    sim.clock.advance(s.valid_until * 1000 - sim.clock.now() - 1);
    expect((await call()).status).toBe(200);
    sim.clock.advance(1);
    const expired = await call();
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ error: "Session expired. Please re-authenticate.", code: 401 });
  });

  it("lets the client renew an expired session once and go on, as EDIS would", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[0]!.kvmId;
    await edis.power.state({ kvmId });
    sim.expireSessions();
    await expect(edis.power.state({ kvmId })).resolves.toMatchObject({ status: "success" });
    expect(sim.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual([
      "createAuthSession 200",
      "getPowerState 200",
      "getPowerState 401",
      "createAuthSession 200",
      "getPowerState 200",
    ]);
  });

  it("refuses a session of one VPS used for another with the 403 the operation documents", async () => {
    const sim = createEdisSimulator();
    const s = await session(sim);
    const res = await sim.fetch(
      `${sim.clientOptions.hosts.api}/kvm/v2/get/power`,
      form({ signature: s.signature, kvm_id: sim.account.vps[1]!.kvmId, valid_until: String(s.valid_until) }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 403 });
  });
});

describe("PTR records", () => {
  it("keeps what ptr.set wrote: ptr.get shows it, ptr.delete removes it", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[0]!.kvmId;
    await edis.ptr.set({ kvmId, records: { "192.0.2.1": "mail.example.com", "2001:db8:1::25": "v6.example.com" } });
    expect(await edis.ptr.get({ kvmId, ips: ["192.0.2.1", "2001:DB8:1:0::25", "192.0.2.2"] })).toEqual([
      { ip: "192.0.2.1", ptr_record: "mail.example.com" },
      { ip: "2001:DB8:1:0::25", ptr_record: "v6.example.com" },
      { ip: "192.0.2.2", ptr_record: "web-1.example.com" },
    ]);
    expect(sim.state.vps[0]!.ptr["2001:db8:1::25"]).toBe("v6.example.com");
    await edis.ptr.delete({ kvmId, ips: ["192.0.2.1"] });
    expect(await edis.ptr.get({ kvmId, ips: ["192.0.2.1"] })).toEqual([{ ip: "192.0.2.1", ptr_record: "" }]);
    sim.assertNoViolations();
  });

  it("sends the addresses as JSON text in the ip field, as the spec encodes them", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[0]!.kvmId;
    await edis.ptr.set({ kvmId, records: { "192.0.2.1": "mail.example.com" } });
    expect(sim.requests.find((r) => r.operationId === "setPTR")!.form.ip).toBe('{"192.0.2.1":"mail.example.com"}');
  });

  it("refuses an address the VPS does not have, with the documented 400, and changes nothing", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[0]!.kvmId;
    const error = await edis.ptr.set({ kvmId, records: { "192.0.2.1": "a.example.com", "198.51.100.1": "b.example.com" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisApiError);
    expect((error as EdisApiError).status).toBe(400);
    expect(sim.state.vps[0]!.ptr["192.0.2.1"]).toBeUndefined();
    expect(sim.violations).toEqual([]);
  });
});

describe("power", () => {
  it("moves from on to off over the configured simulated time, and waitFor sees it", async () => {
    const sim = createEdisSimulator({ durations: { powerOff: "10s" } });
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[0]!.kvmId;
    await edis.power.off({ kvmId });
    expect((await edis.power.state({ kvmId })).data).toBe("server shutting down");
    sim.clock.advance("9999ms");
    expect((await edis.power.state({ kvmId })).data).toBe("server shutting down");
    sim.clock.advance(1);
    await expect(edis.power.waitFor({ kvmId, state: "off" })).resolves.toMatchObject({ data: "server powered off" });
    await edis.power.on({ kvmId });
    expect((await edis.power.state({ kvmId })).data).toBe("server starting");
    sim.clock.advance("20s");
    expect((await edis.power.state({ kvmId })).data).toBe("server powered on");
  });

  it("passes a reset through off at once, and back on after the reset time", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[0]!.kvmId;
    const resetTime = await edis.power.reset({ kvmId });
    expect(resetTime).toBe(new Date(sim.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z"));
    expect(sim.state.vps[0]!.power).toBe("off");
    sim.clock.advance("20s");
    expect((await edis.power.state({ kvmId })).data).toBe("server powered on");
  });

  it("answers an off VPS's power off with success and leaves it off", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient(sim.clientOptions);
    const kvmId = sim.account.vps[1]!.kvmId;
    await edis.power.off({ kvmId });
    expect((await edis.power.state({ kvmId })).data).toBe("server powered off");
  });
});

describe("hosts", () => {
  it("serves the production host names too, each VPS on its own api_host, for a client given only fetch: sim.fetch", async () => {
    const sim = createEdisSimulator();
    const edis = createEdisClient({ email: sim.account.email, password: sim.account.password, fetch: sim.fetch });
    const [first, second] = sim.account.vps;
    await edis.ptr.set({ kvmId: second!.kvmId, records: { "192.0.2.20": "db.example.com" } });
    await edis.power.state({ kvmId: first!.kvmId });
    expect(await edis.order.balance()).toMatchObject({ amount: "50.00" });
    expect(sim.requests.map((r) => `${r.host} ${r.operationId} ${r.status}`)).toEqual([
      "session createAuthSession 200",
      "rdns setPTR 200",
      "session createAuthSession 200",
      "api getPowerState 200",
      "order getAccountBalance 200",
    ]);
  });

  it("refuses a VPS's session on another VPS's api_host with the documented 403", async () => {
    const sim = createEdisSimulator();
    const [first, second] = sim.account.vps;
    const auth = await sim.fetch(
      "https://session.edisglobal.com/kvm/v2/get/auth",
      form({ email: sim.account.email, pw: sim.account.password, kvm_id: first!.kvmId }),
    );
    const s = ((await auth.json()) as { data: Record<string, { signature: string; valid_until: number }> }).data[first!.kvmId]!;
    const res = await sim.fetch(
      `https://${second!.apiHost}/kvm/v2/get/power`,
      form({ signature: s.signature, kvm_id: first!.kvmId, valid_until: String(s.valid_until) }),
    );
    expect(res.status).toBe(403);
  });

  it("fails a fetch to a host that is not EDIS's as fetch fails an unknown host", async () => {
    const sim = createEdisSimulator();
    await expect(sim.fetch("https://example.com/kvm/v2/get/auth", { method: "POST" })).rejects.toThrow(TypeError);
    expect(sim.clientOptions.hosts.session).toBe("https://session.edis-simulator.invalid");
  });
});

describe("over HTTP", () => {
  it("serves the same simulator on 127.0.0.1 with URLs for hosts and the EDIS_*_URL variables, until close()", async () => {
    const sim = createEdisSimulator();
    const server = await sim.listen();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.env.EDIS_API_URL).toBe(`${server.url}/api`);
      const edis = createEdisClient({ email: sim.account.email, password: sim.account.password, hosts: server.hosts });
      const kvmId = sim.account.vps[0]!.kvmId;
      await edis.ptr.set({ kvmId, records: { "192.0.2.1": "mail.example.com" } });
      expect(sim.state.vps[0]!.ptr["192.0.2.1"]).toBe("mail.example.com");
    } finally {
      await sim.close();
    }
    await expect(fetch(`${server.hosts.session}/kvm/v2/get/auth`, { method: "POST" })).rejects.toThrow();
  });

  it("refuses a request body over 1 MiB with 413 without keeping it, and goes on serving", async () => {
    const sim = createEdisSimulator();
    const server = await sim.listen();
    try {
      const big = await fetch(`${server.hosts.session}/kvm/v2/get/auth`, form({ email: "a".repeat(16 * 1024 * 1024), pw: "x" }));
      expect(big.status).toBe(413);
      expect(await big.text()).toBe("request body over 1048576 bytes");
      expect(sim.requests).toHaveLength(0);
      const after = await fetch(`${server.hosts.session}/kvm/v2/get/auth`, form({ email: sim.account.email, pw: sim.account.password }));
      expect(after.status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
