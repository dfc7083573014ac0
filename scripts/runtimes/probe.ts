/**
 * What scripts/check-runtimes.ts runs inside each runtime, as plain JavaScript text (no runtime
 * but Node has a TypeScript loader here, and the package is what is tested, not this repo's
 * sources): the same calls against the loopback fake, wrapped as an ES module, a CommonJS file
 * or a Cloudflare Worker. Each prints, or answers with, one JSON line: the steps that passed, or
 * the first failure.
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
const report = (passed) => JSON.stringify({ passed });
const reportFailure = (error) => JSON.stringify({ failed: String((error && error.stack) || error) });
`;

/** An ES module for Node, Bun and Deno: `node main.mjs URL KVM` (Deno: `deno run … main.mjs URL KVM`). */
export const ESM_MAIN = `import * as lib from "edis-global";
${PROBE}
const args = typeof Deno === "object" ? Deno.args : process.argv.slice(2);
await probe(lib, args[0], args[1]).then((passed) => console.log(report(passed)), (error) => console.log(reportFailure(error)));
`;

/** The same through `require`, for Node's CommonJS: `node main.cjs URL KVM`. */
export const CJS_MAIN = `const lib = require("edis-global");
${PROBE}
probe(lib, process.argv[2], process.argv[3]).then((passed) => console.log(report(passed)), (error) => console.log(reportFailure(error)));
`;

/** A Worker: GET /?url=URL&kvm=KVM runs the probe inside the request and answers with its JSON line. */
export const WORKER_MAIN = `import * as lib from "edis-global";
${PROBE}
export default {
  async fetch(request) {
    const query = new URL(request.url).searchParams;
    const outcome = JSON.parse(await probe(lib, query.get("url"), query.get("kvm")).then(report, reportFailure));
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
