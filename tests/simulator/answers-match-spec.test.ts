/**
 * Every answer the simulator gives is one the spec allows: for every operation of spec/ and
 * every status it documents, a request that earns that status is sent (raw fetch, so that
 * the malformed and the unauthorised ones can be), and the answer is judged by the
 * repository's own validator, compiled from spec/ at run time (scripts/lib/spec-validator.ts),
 * not by the build-time code the simulator uses, so the two check each other.
 */
import { type OperationSpec, operationTable } from "edis-global";
import { type EdisSimulator, createEdisSimulator } from "edis-global/testing";
import { describe, expect, it } from "vitest";
import { createSpecValidator } from "../../scripts/lib/spec-validator.js";
import { checkChart } from "../../src/testing/spec-checks.js";

const spec = createSpecValidator();
const OPS: readonly OperationSpec[] = Object.values(operationTable);

/** A valid form of each operation beside the session or credential fields (text, JSON fields as JSON text). */
function sample(sim: EdisSimulator, operationId: string): Record<string, string> {
  const vps = sim.account.vps[0]!;
  const order = { billingcycle: "monthly", paymentmethod: "paypal", applycredit: true, item: [{ pid: 106, os: 208, hostname: "new.example.com" }] };
  const forms: Record<string, Record<string, string>> = {
    getPTR: { api_host: vps.apiHost, ip: '["192.0.2.1"]' },
    setPTR: { api_host: vps.apiHost, ip: '{"192.0.2.1":"a.example.com"}' },
    deletePTR: { api_host: vps.apiHost, ip: '["192.0.2.1"]' },
    mountISO: { iso: sim.state.isos[0]! },
    downloadCustomISO: { url: "https://example.com/isos/x.iso" },
    reinstallVPS: { image: "debian-12", password: "S3cret+pw" },
    uploadQCOW2: { yes_purge_all_my_data: "1" },
    setKvmConfiguration: { config: '{"boot_timeout":"3000","auto_hydration":"500"}' },
    enableVnc: { vnc_pw: "Vnc4Test" },
    setVncKeyboardLanguage: { vnc_keyboard: "de" },
    getHydrationLog: { query: "kvm" },
    assignTrafficFromPool: { api_host: vps.apiHost, traffic: "10" },
    enableAutoHydration: { config: '{"auto_hydration":100}' },
    disableAutoHydration: { config: '{"auto_hydration":0}' },
    setKvmHooks: { callback_method: "post", type: "traffic", trigger_value: "80", callback_url: "https://example.com/hook" },
    deleteHook: { id: "1" },
    getServiceId: { kvmid: vps.kvmId },
    getKvmId: { serviceid: String(sim.state.vps[0]!.service.id) },
    getProducts: { location_id: "192" },
    addOrder: { order: JSON.stringify(order) },
    upgradeKVM: { kvmid: vps.kvmId, newpid: "99", newbillingcycle: "monthly", newpaymentmethod: "paypal" },
    cancelProduct: { kvmid: vps.kvmId, type: "End of Billing Period" },
  };
  return forms[operationId] ?? {};
}

/** A form of each operation that names nothing the account has (for the documented 404). */
const NOT_FOUND: Record<string, Record<string, string>> = {
  getServiceId: { kvmid: "kvm_1_1" },
  getKvmId: { serviceid: "1" },
  getProducts: { location_id: "1" },
  cancelProduct: { kvmid: "kvm_1_1", type: "Immediate" },
};

async function sessionOf(sim: EdisSimulator, kvmId: string): Promise<Record<string, string>> {
  const res = await sim.fetch(`${sim.clientOptions.hosts.session}/kvm/v2/get/auth`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: sim.account.email, pw: sim.account.password, kvm_id: kvmId }),
  });
  const s = ((await res.json()) as { data: Record<string, { signature: string; valid_until: number }> }).data[kvmId]!;
  return { signature: s.signature, kvm_id: kvmId, valid_until: String(s.valid_until) };
}

async function send(sim: EdisSimulator, op: OperationSpec, fields: Record<string, string>): Promise<{ status: number; body: unknown }> {
  let body: URLSearchParams | FormData;
  if (op.contentType === "multipart/form-data") {
    body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    body.append("file", new Blob([new Uint8Array([0x51, 0x46, 0x49, 0xfb])]), "disk.qcow2");
  } else {
    body = new URLSearchParams(fields);
  }
  const res = await sim.fetch(`${sim.clientOptions.hosts[op.host]}${op.path}`, { method: "POST", body });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as unknown };
}

/** The request of `op` that earns `status`. */
async function requestFor(sim: EdisSimulator, op: OperationSpec, status: number): Promise<Record<string, string>> {
  const [mine, other] = [sim.account.vps[0]!.kvmId, sim.account.vps[1]!.kvmId];
  const credentials = { email: sim.account.email, pw: sim.account.password };
  const auth = op.auth === "credentials" ? credentials : await sessionOf(sim, mine);
  const valid = { ...auth, ...sample(sim, op.operationId) };
  switch (status) {
    case 200:
    case 500:
      return valid;
    case 400:
      return op.auth === "credentials" ? { ...valid, email: "not-an-email" } : { ...valid, valid_until: "tomorrow" };
    case 401:
      return op.auth === "credentials" ? { ...valid, pw: "wrong password" } : { ...valid, signature: "no-such-session" };
    case 403:
      // A session of one VPS, used for another.
      return { ...valid, ...(await sessionOf(sim, other)), kvm_id: mine };
    case 404:
      return { ...credentials, ...NOT_FOUND[op.operationId] };
    default:
      throw new Error(`no request earns ${status}`);
  }
}

describe("every answer of the simulator validates against the operation's response schema", () => {
  for (const op of OPS) {
    it(`${op.operationId}: ${spec.statuses(op.operationId).join(", ")}`, async () => {
      for (const status of spec.statuses(op.operationId)) {
        const sim = createEdisSimulator({ webhooks: { fetch: async () => new Response("ok") } });
        if (op.operationId === "deleteHook")
          sim.state.vps[0]!.hooks.push({ id: 1, triggerValue: 80, callbackUrl: "https://example.com/h", callbackMethod: "post" });
        const fields = await requestFor(sim, op, status);
        if (status === 500) sim.faults.add({ operationId: op.operationId, status: 500 });
        const answer = await send(sim, op, fields);
        expect(answer.status, `${op.operationId} ${status}: ${JSON.stringify(answer.body)}`).toBe(status);
        expect(spec.response(op.operationId, status, answer.body), `${op.operationId} ${status}`).toEqual([]);
        expect(sim.violations.filter((v) => v.kind === "answer")).toEqual([]);
        expect(sim.violations.length > 0).toBe(status === 400);
        // JSON text inside the answer (x-edis-json: the charts) decodes to what its schema says.
        for (const decoded of status === 200 ? (op.decode ?? []) : []) {
          const text = (answer.body as Record<string, unknown>)[decoded.field];
          if (decoded.as === "json") expect(checkChart(JSON.parse(String(text))), `${op.operationId} ${decoded.field}`).toEqual([]);
        }
      }
    });
  }
});
