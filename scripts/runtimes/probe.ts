/**
 * What scripts/check-runtimes.ts runs inside each runtime, as plain JavaScript text (no runtime
 * but Node has a TypeScript loader here, and the package is what is tested, not this repo's
 * sources): the same calls against the loopback fake, wrapped as an ES module, a CommonJS file
 * or a Cloudflare Worker. Each prints, or answers with, one JSON line: the steps that passed, or
 * the first failure. Each also runs the simulator of edis-global/testing in-process (\`simulate\`).
 */

/** Addresses the fake answers differently: a record, a redirect, a server error. */
export const IPS = { ok: "192.0.2.1", redirect: "192.0.2.2", error: "192.0.2.3" } as const;
/** The record the fake gives {@link IPS}.ok. */
export const PTR = "host.example.com";
/** The screenshot the fake gives, and the bytes it decodes to. */
export const SCREENSHOT = { uri: "data:image/jpg;base64,/9j/4AAQ", bytes: [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10] } as const;

/**
 * `async function probe(lib, url, kvmId)`: creates a client on `url` (every host) and checks a
 * PTR read, the screenshot's decoding, a redirect (EdisRedirectError 302, not followed) and a
 * 500 (EdisApiError with its status). Resolves to the list of checks passed; throws on the first miss.
 */
const PROBE = `async function probe(lib, url, kvmId) {
  const { createEdisClient, EdisApiError, EdisRedirectError } = lib;
  const edis = createEdisClient({ email: "owner@example.com", password: "runtime-check-password", hosts: { session: url, rdns: url, api: url, order: url }, retries: 0 });
  const passed = [];
  const expect = (ok, what, got) => { if (!ok) throw new Error(what + ": got " + got); passed.push(what); };
  const records = await edis.ptr.get({ kvmId, ips: [${JSON.stringify(IPS.ok)}] });
  expect(records.length === 1 && records[0].ptr_record === ${JSON.stringify(PTR)}, "ptr.get reads the record", JSON.stringify(records));
  const shot = await edis.info.screenshot({ kvmId });
  expect(shot.mimeType === "image/jpeg" && Array.from(shot.bytes).join() === ${JSON.stringify(SCREENSHOT.bytes.join())}, "info.screenshot decodes its data: URI", shot.mimeType + " " + Array.from(shot.bytes));
  const failure = (promise) => promise.then(() => undefined, (error) => error);
  const moved = await failure(edis.ptr.get({ kvmId, ips: [${JSON.stringify(IPS.redirect)}] }));
  expect(moved instanceof EdisRedirectError && moved.status === 302, "a 302 is an EdisRedirectError, not followed", moved && moved.name + " " + moved.status + " " + moved.message);
  const broken = await failure(edis.ptr.get({ kvmId, ips: [${JSON.stringify(IPS.error)}] }));
  expect(broken instanceof EdisApiError && broken.status === 500, "a 500 is an EdisApiError with status 500", broken && broken.name + " " + broken.status + " " + broken.message);
  return passed;
}
/**
 * \`async function simulate(lib, testing)\`: the simulator of edis-global/testing, in-process in
 * the runtime (no socket): the client on \`sim.clientOptions\`, a PTR write read back, power off
 * completing on the virtual clock, a request that breaks the spec refused by the build-time
 * validators (nothing is compiled at run time, which workerd forbids), and a 429 fault retried.
 */
async function simulate(lib, testing) {
  const sim = testing.createEdisSimulator();
  const edis = lib.createEdisClient({ ...sim.clientOptions, retryDelayMs: 1 });
  const kvmId = sim.account.vps[0].kvmId;
  const passed = [];
  const expect = (ok, what, got) => { if (!ok) throw new Error("simulator: " + what + ": got " + got); passed.push("simulator: " + what); };
  await edis.ptr.set({ kvmId, records: { "192.0.2.1": "mail.example.com" } });
  const records = await edis.ptr.get({ kvmId, ips: ["192.0.2.1"] });
  expect(records[0].ptr_record === "mail.example.com", "ptr.set then ptr.get shows the record", JSON.stringify(records));
  await edis.power.off({ kvmId });
  sim.clock.advance("30s");
  const state = await edis.power.waitFor({ kvmId, state: "off" });
  expect(state.data === "server powered off", "power off completes on the virtual clock", state.data);
  const bad = await sim.fetch(sim.clientOptions.hosts.rdns + "/get/ptr", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "ip=not-json" });
  expect(bad.status === 400 && sim.violations.length === 1 && sim.violations[0].findings.some((f) => f.path === "/ip"), "a request that breaks the spec is refused and recorded", bad.status + " " + JSON.stringify(sim.violations));
  sim.faults.add({ operationId: "getPowerState", status: 429, retryAfter: 0, times: 1 });
  await edis.power.state({ kvmId });
  const statuses = sim.requests.filter((r) => r.operationId === "getPowerState").map((r) => r.status).slice(-2).join();
  expect(statuses === "429,200", "a 429 fault is retried", statuses);
  return passed;
}
const report = (passed) => JSON.stringify({ passed });
const reportFailure = (error) => JSON.stringify({ failed: String((error && error.stack) || error) });
`;

/** An ES module for Node, Bun and Deno: `node main.mjs URL KVM` (Deno: `deno run … main.mjs URL KVM`). */
export const ESM_MAIN = `import * as lib from "edis-global";
import * as testing from "edis-global/testing";
${PROBE}
const args = typeof Deno === "object" ? Deno.args : process.argv.slice(2);
await probe(lib, args[0], args[1]).then(async (passed) => [...passed, ...(await simulate(lib, testing))]).then((passed) => console.log(report(passed)), (error) => console.log(reportFailure(error)));
`;

/** The same through `require`, for Node's CommonJS: `node main.cjs URL KVM`. */
export const CJS_MAIN = `const lib = require("edis-global");
${PROBE}
// edis-global/testing is an ES module: CommonJS reaches it with import().
probe(lib, process.argv[2], process.argv[3]).then(async (passed) => [...passed, ...(await simulate(lib, await import("edis-global/testing")))]).then((passed) => console.log(report(passed)), (error) => console.log(reportFailure(error)));
`;

/** A Worker: GET /?url=URL&kvm=KVM runs the probe inside the request and answers with its JSON line. */
export const WORKER_MAIN = `import * as lib from "edis-global";
import * as testing from "edis-global/testing";
${PROBE}
export default {
  async fetch(request) {
    const query = new URL(request.url).searchParams;
    const outcome = JSON.parse(await probe(lib, query.get("url"), query.get("kvm")).then(async (passed) => [...passed, ...(await simulate(lib, testing))]).then(report, reportFailure));
    // Whether this compatibility date gives the worker Node's globals, for the check to hold against the one it asked for.
    outcome.nodeGlobals = typeof Buffer !== "undefined" || typeof process !== "undefined";
    return new Response(JSON.stringify(outcome), { headers: { "content-type": "application/json" } });
  },
};
`;

/** workerd's configuration: the bundled worker on `port`, allowed to reach loopback addresses (workerd's default outbound reaches only public ones). */
export function workerdConfig(port: number, compatibilityDate: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.bundle.mjs")],
  compatibilityDate = "${compatibilityDate}",
);
`;
}
