/**
 * Faults a test declares (`sim.faults.add`) and what the simulator does with requests that
 * break the spec (`sim.violations`, `strict`): each as a user's scenario, through the client
 * where a user would, through raw fetch where only a broken client would send it.
 */
import { EdisApiError, EdisError, createEdisClient } from "edis-global";
import { EdisSimulatorViolationError, createEdisSimulator } from "edis-global/testing";
import { describe, expect, it } from "vitest";

const form = (fields: Record<string, string>, type = "application/x-www-form-urlencoded") => ({
  method: "POST",
  headers: { "content-type": type },
  body: new URLSearchParams(fields).toString(),
});

function setup(options: Parameters<typeof createEdisSimulator>[0] = {}) {
  const sim = createEdisSimulator(options);
  const edis = createEdisClient({ ...sim.clientOptions, retryDelayMs: 1 });
  return { sim, edis, kvmId: sim.account.vps[0]!.kvmId };
}

async function sessionFields(sim: ReturnType<typeof createEdisSimulator>) {
  const kvmId = sim.account.vps[0]!.kvmId;
  const res = await sim.fetch(
    `${sim.clientOptions.hosts.session}/kvm/v2/get/auth`,
    form({ email: sim.account.email, pw: sim.account.password, kvm_id: kvmId }),
  );
  const s = ((await res.json()) as { data: Record<string, { signature: string; valid_until: number; api_host: string }> }).data[kvmId]!;
  return { signature: s.signature, kvm_id: kvmId, valid_until: String(s.valid_until), api_host: s.api_host };
}

describe("faults", () => {
  it("answers 429 with Retry-After and an HTML page (EDIS documents no 429 body), as often as `times` says", async () => {
    const { sim, edis, kvmId } = setup();
    sim.faults.add({ operationId: "getPTR", status: 429, retryAfter: 0, times: 1 });
    await expect(edis.ptr.get({ kvmId, ips: ["192.0.2.1"] })).resolves.toEqual([{ ip: "192.0.2.1", ptr_record: "" }]);
    expect(sim.requests.filter((r) => r.operationId === "getPTR").map((r) => [r.status, r.fault])).toEqual([
      [429, true],
      [200, false],
    ]);
    expect(sim.faults.list).toEqual([]);
    sim.faults.add({ status: 429, retryAfter: 7 });
    const raw = await sim.fetch(`${sim.clientOptions.hosts.session}/kvm/v2/get/auth`, form({ email: "a@example.com", pw: "x" }));
    expect(raw.status).toBe(429);
    expect(raw.headers.get("retry-after")).toBe("7");
    expect(raw.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await raw.text()).toContain("429 Too Many Requests");
  });

  it("answers a documented 5xx with the operation's documented body, until faults.clear()", async () => {
    const { sim, edis, kvmId } = setup();
    await edis.power.state({ kvmId });
    sim.faults.add({ operationId: "getPowerState", status: 500 });
    const error = await edis.power.state({ kvmId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisApiError);
    expect((error as EdisApiError).status).toBe(500);
    const raw = await sim.fetch(`${sim.clientOptions.hosts.api}/kvm/v2/get/power`, form(await sessionFields(sim)));
    expect(await raw.json()).toEqual({ error: "Simulated fault.", code: 500 });
    sim.faults.clear();
    await expect(edis.power.state({ kvmId })).resolves.toMatchObject({ status: "success" });
  });

  it("sends a fault's own body: text as it is (HTML when it starts with <), anything else as JSON", async () => {
    const { sim } = setup();
    sim.faults.add({ status: 502, body: "<html><body>Bad gateway</body></html>", times: 1 });
    sim.faults.add({ status: 503, body: { maintenance: true }, times: 1 });
    const url = `${sim.clientOptions.hosts.order}/kvm/v2/get/account-balance`;
    const html = await sim.fetch(url, form({ email: sim.account.email, pw: sim.account.password }));
    expect([html.status, html.headers.get("content-type"), await html.text()]).toEqual([
      502,
      "text/html; charset=utf-8",
      "<html><body>Bad gateway</body></html>",
    ]);
    const json = await sim.fetch(url, form({ email: sim.account.email, pw: sim.account.password }));
    expect([json.status, await json.json()]).toEqual([503, { maintenance: true }]);
  });

  it("drops the connection on sim.fetch as fetch does: a TypeError, nothing processed; with drop: after, processed and the answer lost", async () => {
    const { sim, edis, kvmId } = setup();
    await edis.power.state({ kvmId });
    sim.faults.add({ operationId: "setPTR", drop: true, times: 1 });
    const raw = await sim
      .fetch(`${sim.clientOptions.hosts.rdns}/set/ptr`, form({ ...(await sessionFields(sim)), ip: '{"192.0.2.1":"a.example.com"}' }))
      .catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(TypeError);
    expect(sim.state.vps[0]!.ptr["192.0.2.1"]).toBeUndefined();
    sim.faults.add({ operationId: "setPTR", drop: "after", times: 1 });
    const error = await edis.ptr.set({ kvmId, records: { "192.0.2.1": "a.example.com" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisError);
    // setPTR is not retried (destructive), and the record was written before the answer was lost.
    expect(sim.requests.filter((r) => r.operationId === "setPTR").map((r) => r.status)).toEqual([undefined, undefined]);
    expect(sim.state.vps[0]!.ptr["192.0.2.1"]).toBe("a.example.com");
  });

  it("drops the connection over HTTP by destroying the socket", async () => {
    const { sim } = setup();
    const server = await sim.listen();
    try {
      sim.faults.add({ drop: true });
      const edis = createEdisClient({ email: sim.account.email, password: sim.account.password, hosts: server.hosts, retries: 0 });
      const error = await edis.order.balance().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EdisError);
      expect(error).not.toBeInstanceOf(EdisApiError);
      expect(sim.requests.map((r) => [r.operationId, r.status])).toEqual([["getAccountBalance", undefined]]);
    } finally {
      await sim.close();
    }
  });

  it("delays the answer by latencyMs of real time, so the client's timeout fires", async () => {
    const { sim, kvmId } = setup();
    const edis = createEdisClient({ ...sim.clientOptions, timeoutMs: 20, retries: 0 });
    sim.faults.add({ operationId: "getPowerState", latencyMs: 200, times: 1 });
    await edis.auth.createSession({ kvmId });
    const started = Date.now();
    await expect(edis.power.state({ kvmId })).rejects.toThrow(/no answer within 20 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("expires the session now with a 401 fault: the client renews it once and goes on", async () => {
    const { sim, edis, kvmId } = setup();
    await edis.power.state({ kvmId });
    sim.faults.add({ operationId: "getPowerState", status: 401, times: 1 });
    await expect(edis.power.state({ kvmId })).resolves.toMatchObject({ status: "success" });
    expect(sim.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual([
      "createAuthSession 200",
      "getPowerState 200",
      "getPowerState 401",
      "createAuthSession 200",
      "getPowerState 200",
    ]);
  });

  it("refuses a fault it could not apply", () => {
    const { sim } = setup();
    expect(() => sim.faults.add({ operationId: "getPtr" })).toThrow(/no operation getPtr/);
    expect(() => sim.faults.add({ times: 0 })).toThrow(/times/);
    expect(() => sim.faults.add({ status: 99 })).toThrow(/status/);
  });
});

describe("violations", () => {
  it("answers a request that breaks the request schema with the documented 400 and records where, never what", async () => {
    const { sim } = setup();
    const fields = await sessionFields(sim);
    const res = await sim.fetch(`${sim.clientOptions.hosts.rdns}/set/ptr`, form({ ...fields, ip: "192.0.2.1=mail.example.com" }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: "error", error: "Invalid request: ip must be JSON text." });
    expect(sim.violations).toHaveLength(1);
    expect(sim.violations[0]).toMatchObject({ kind: "request", operationId: "setPTR", status: 400 });
    expect(sim.violations[0]!.findings[0]).toMatchObject({ path: "/ip", rule: "json" });
    expect(JSON.stringify(sim.violations)).not.toContain(fields.signature);
    expect(sim.requests.at(-1)!.form.signature).toBe("[REDACTED]");
    expect(() => sim.assertNoViolations()).toThrow(EdisSimulatorViolationError);
  });

  it("finds each kind of breakage: a missing field, a pattern, a content type, an unknown path, both ids where exactly one is due", async () => {
    const { sim } = setup();
    const fields = await sessionFields(sim);
    const { signature: _, ...unsigned } = fields;
    const api = sim.clientOptions.hosts.api;
    const order = sim.clientOptions.hosts.order;
    const cases: [string, RequestInit, string][] = [
      [`${api}/kvm/v2/get/power`, form(unsigned), "/signature required"],
      [`${api}/kvm/v2/get/power`, form({ ...fields, kvm_id: "kvm-1234-5678" }), "/kvm_id pattern"],
      [`${api}/kvm/v2/get/power`, form(fields, "text/plain"), " content-type"],
      [`${api}/kvm/v2/get/nothing`, form(fields), " operation"],
      [
        `${order}/kvm/v2/cancel/product`,
        form({ email: sim.account.email, pw: sim.account.password, kvmid: fields.kvm_id, serviceid: "300001", type: "Immediate" }),
        " exactly-one",
      ],
    ];
    for (const [url, init, finding] of cases) {
      const res = await sim.fetch(url, init);
      expect(res.status, finding).toBe(url.endsWith("nothing") ? 404 : 400);
      const f = sim.violations.at(-1)!.findings[0]!;
      expect(`${f.path} ${f.rule}`).toBe(finding);
    }
    expect(sim.violations).toHaveLength(cases.length);
    expect(sim.state.vps[0]!.service.status).toBe("active");
  });

  it("with strict, throws from sim.fetch for a request that breaks the spec, so a test of code that sends it fails", async () => {
    const { sim } = setup({ strict: true });
    const fields = await sessionFields(sim);
    const thrown = await sim.fetch(`${sim.clientOptions.hosts.api}/kvm/v2/get/power`, form({ ...fields, valid_until: "soon" })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(EdisSimulatorViolationError);
    expect((thrown as EdisSimulatorViolationError).message).toMatch(/getPowerState .*valid_until/);
    expect((thrown as EdisSimulatorViolationError).message).not.toContain(fields.signature);
    expect(() => sim.assertNoViolations()).toThrow(EdisSimulatorViolationError);
  });

  it("tells onViolation of each violation as it is recorded", async () => {
    const seen: string[] = [];
    const { sim } = setup({ onViolation: (v) => seen.push(v.message) });
    await sim.fetch(`${sim.clientOptions.hosts.order}/kvm/v2/get/account-balance`, form({ email: "nobody", pw: "x" }));
    expect(seen).toEqual(['request getAccountBalance (400): /email must match format "email"']);
  });

  it("records an answer that breaks the spec, such as one carrying a seeded value the spec forbids, and with strict throws", async () => {
    const seed = { vps: [{ kvmId: "kvm_1_2", hostname: "not a host name" }] };
    const lenient = setup({ seed });
    await expect(lenient.edis.info.details({ kvmId: "kvm_1_2" })).resolves.toMatchObject({ hostname: "not a host name" });
    expect(lenient.sim.violations).toMatchObject([{ kind: "answer", operationId: "getKvmDetails", status: 200 }]);
    expect(lenient.sim.violations[0]!.findings).toMatchObject([{ path: "/data/hostname", rule: "pattern" }]);
    const strict = setup({ seed, strict: true });
    await expect(strict.edis.info.details({ kvmId: "kvm_1_2" })).rejects.toThrow(/answer getKvmDetails \(200\): \/data\/hostname must match pattern/);
  });

  it("sees no violation in what the client sends", async () => {
    const { sim, edis, kvmId } = setup({ strict: true });
    await edis.ptr.set({ kvmId, records: { "192.0.2.1": "mail.example.com" } });
    await edis.settings.set({ kvmId, config: { boot_timeout: "3000" } });
    await edis.order.cancel({ serviceId: String(sim.state.vps[1]!.service.id), type: "End of Billing Period" });
    sim.assertNoViolations();
  });
});
