/**
 * The benchmark's candidates: the same get/ptr call made seven ways, each returning the records.
 *   u   node:http, keep-alive agent, a hand-built form body, JSON.parse: the limit on Node. It
 *       sends the very request c sends (the same header lines, in the same order; `--smoke`
 *       compares them on the server), builds the form from the values per call, and reads
 *       and parses the whole answer, as c does;
 *   u0  the baseline of the figures before 2026-12-06, kept so that the ratios against it can
 *       still be read beside the fair one: only Content-Type and Content-Length, and one form
 *       text built once for every call;
 *   a   fetch(url, init) with the same body and JSON.parse;
 *   b   src/request/transport.ts's fetch path (fetch(url, init), the body read under the size cap),
 *       then JSON.parse;
 *   b0  openapi-fetch as a user gets it by default (a WHATWG Request per call, parseAs json);
 *   c   edis.ptr.get as a user gets it, from the built package (on Node: the node:http transport);
 *   cf  the same with a fetch injected (the fetch transport).
 */
import { Agent, request } from "node:http";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import type * as Edis from "../../src/index.js";
import { createTransport } from "../../src/request/transport.js";
import { VERSION } from "../../src/version.js";
import { API_HOST, IPS, KVM, SIGNATURE, VALID_UNTIL } from "./bench-fixture.js";

export type Call = () => Promise<unknown>;

export const CANDIDATES = ["u", "u0", "a", "b", "b0", "c", "cf"] as const;
export type Candidate = (typeof CANDIDATES)[number];

export const DESCRIPTIONS: Record<Candidate, string> = {
  u: "node:http keep-alive + JSON.parse",
  u0: "the same, two headers only (old baseline)",
  a: "fetch(url, init) + JSON.parse",
  b: "the transport's fetch path",
  b0: "openapi-fetch, default",
  c: "edis.ptr.get (node:http)",
  cf: "edis.ptr.get (injected fetch)",
};

const FORM_TYPE = "application/x-www-form-urlencoded";
/** The form every candidate sends, built by hand. */
export const FORM = `signature=${SIGNATURE}&kvm_id=${KVM}&valid_until=${VALID_UNTIL}&api_host=${API_HOST}&ip=${encodeURIComponent(JSON.stringify(IPS))}`;

/** The same form built from its values, as a request with these values needs it built (u builds it per call). */
export function formOf(signature: string, kvmId: string, validUntil: number, apiHost: string, ips: readonly string[]): string {
  return `signature=${signature}&kvm_id=${kvmId}&valid_until=${validUntil}&api_host=${apiHost}&ip=${encodeURIComponent(JSON.stringify(ips))}`;
}

type Records = { records: unknown };

/**
 * The headers c sends beside Content-Type and Content-Length (src/request/node-transport.ts):
 * what fetch would send, and the package's User-Agent. A hand-written request that is to be
 * the same request sends them too; node:http adds Host and Connection to both.
 */
export const CLIENT_HEADERS = {
  accept: "*/*",
  "accept-encoding": "gzip, deflate",
  "user-agent": `edis-global/${VERSION} node/${process.versions.node}`,
} as const;

/**
 * The bare node:http baseline (u, u0, and the long-list pair's other side): one POST of `form` to
 * /get/ptr over `agent`, the answer gathered, parsed and its records returned, as a user writing
 * it by hand would. `length` is the form's byte length, computed where the caller times it;
 * `fair` sends c's other headers too (u), and then checks, as a client that asks for a
 * compressed answer must, that the answer is not coded (the bench server never codes one).
 */
export function bareGetPtr(agent: Agent, hostname: string, port: string, form: string, length: number, fair = true): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const headers = fair
      ? {
          "content-type": FORM_TYPE,
          "content-length": length,
          accept: CLIENT_HEADERS.accept,
          "accept-encoding": CLIENT_HEADERS["accept-encoding"],
          "user-agent": CLIENT_HEADERS["user-agent"],
        }
      : { "content-type": FORM_TYPE, "content-length": length };
    const req = request({ hostname, port, path: "/get/ptr", method: "POST", agent, headers }, (res) => {
      if (fair && (res.statusCode !== 200 || res.headers["content-encoding"] !== undefined)) {
        res.resume();
        reject(new Error(`bench: answer ${res.statusCode} ${res.headers["content-encoding"] ?? ""}`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve((JSON.parse(Buffer.concat(chunks).toString("utf8")) as Records).records));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(form);
  });
}

/** The candidates against the bench server at `url`, sessions made and connections opened. */
export async function makeCandidates(url: string): Promise<Record<Candidate, Call>> {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const length = Buffer.byteLength(FORM);
  // The form and its length per call, as any client of these values must (u0 reuses one text).
  const u: Call = () => {
    const form = formOf(SIGNATURE, KVM, VALID_UNTIL, API_HOST, IPS);
    return bareGetPtr(agent, hostname, port, form, Buffer.byteLength(form));
  };
  const agent0 = new Agent({ keepAlive: true, maxSockets: 64 });
  const u0: Call = () => bareGetPtr(agent0, hostname, port, FORM, length, false);

  const a: Call = async () => {
    const res = await fetch(`${url}/get/ptr`, { method: "POST", headers: { "content-type": FORM_TYPE }, body: FORM });
    return (JSON.parse(await res.text()) as Records).records;
  };

  const viaTransport = createTransport((input, init) => fetch(input, init), 32 * 1024 * 1024);
  // A signal per call, as the client makes one (fetch leaves a listener on a signal it is given).
  const b: Call = async () => {
    const signal = new AbortController().signal;
    const answer = await viaTransport({ url: `${url}/get/ptr`, contentType: FORM_TYPE, body: FORM, signal });
    return (JSON.parse(answer.text) as Records).records;
  };

  const bare = createClient<paths>({ baseUrl: url });
  const b0: Call = async () => {
    const { data } = await bare.POST("/get/ptr", {
      body: { signature: SIGNATURE, kvm_id: KVM, valid_until: String(VALID_UNTIL), api_host: API_HOST, ip: IPS } as never,
      bodySerializer: () => FORM,
      headers: { "Content-Type": FORM_TYPE },
    });
    return (data as Records | undefined)?.records;
  };

  // The client as users get it: the built package (scripts/bench.ts builds it first), by its
  // file: tsx maps the name "edis-global" to the sources (tsconfig.json's paths, for the tests).
  const { createEdisClient } = (await import(new URL("../../dist/edis-global.js", import.meta.url).href)) as typeof Edis;
  const hosts = { session: url, rdns: url, api: url };
  const edis = createEdisClient({ email: "bench@example.com", password: "p", hosts });
  await edis.auth.createSession({ kvmId: KVM });
  const c: Call = () => edis.ptr.get({ kvmId: KVM, ips: IPS });

  const edisFetch = createEdisClient({ email: "bench@example.com", password: "p", hosts, fetch: (input, init) => fetch(input, init) });
  await edisFetch.auth.createSession({ kvmId: KVM });
  const cf: Call = () => edisFetch.ptr.get({ kvmId: KVM, ips: IPS });

  return { u, u0, a, b, b0, c, cf };
}
