/**
 * The EDIS simulator: a stateful EDIS on a virtual clock, behind a WHATWG `fetch` that
 * serves every EDIS host (session, rDNS, each VPS's api_host, ORDER), so it runs in-process on
 * every runtime the client supports, and over HTTP on 127.0.0.1 when asked (`listen`).
 *
 * One code path serves every operation, driven by the generated table (generated/table.ts):
 * the host and path find the operation; its fields say how the form decodes (JSON-text fields
 * such as PTR's `ip`); the request is checked against the operation's request schema,
 * compiled at build time (generated/request-validators.ts); the session or the credentials
 * are checked; then the operation's handler (operations/) changes the state and answers, and
 * the answer is checked against the documented schema of its status. A request or an answer
 * that breaks the spec is a violation: recorded, and with `strict` thrown.
 */
import { callbackTable, operationTable } from "../../generated/table.js";
import type { OperationSpec } from "../operation-spec.js";
import { isSecretField, isSecretName, REDACTED } from "../safety/redact.js";
import { type ClockOptions, type Duration, type EdisSimulatorClock, createClock, durationMs } from "./clock.js";
import { type Answer, type EdisSimulatorHost, type Handler, type OperationContext, type Outcome, type SimSession, refuse } from "./context.js";
import { handlers } from "./operations/index.js";
import { type SpecFinding, checkAnswer, checkRequest, documentedError } from "./spec-checks.js";
import { checkSeed } from "./seed.js";
import { type EdisSimulatorSeed, type EdisSimulatorState, type SimHook, type SimVps, initialState } from "./state.js";
import { addTraffic } from "./traffic.js";
import { type WebhookDelivery, deliverWebhook } from "./webhooks.js";

export type { EdisSimulatorHost };

/** A fault the simulator injects into the requests it matches (`sim.faults.add`). */
export interface EdisSimulatorFault {
  /** The operation it hits (every operation when absent). */
  operationId?: string;
  /** Answer this status instead of the operation's answer (its documented body when the spec documents the status, else an HTML error page). */
  status?: number;
  /** How many requests it hits, then it is gone. @default every matching request until `faults.clear()` */
  times?: number;
  /** Waits this many real milliseconds before answering (a slow host; the client's timeouts are real time). */
  latencyMs?: number;
  /** The `Retry-After` header of the answer: seconds, or an HTTP date. */
  retryAfter?: number | string;
  /** The body instead of the documented one: text as it is (HTML when it starts with `<`), anything else as JSON. */
  body?: unknown;
  /**
   * Drops the connection: `sim.fetch` rejects with a TypeError as fetch does on a reset
   * connection, the server destroys the socket. `true` or `"before"`: the request is not
   * processed; `"after"`: it is processed (the state changes) and the answer is lost.
   */
  drop?: boolean | "before" | "after";
}

/** One request the simulator received. */
export interface EdisSimulatorRequest {
  /** The operation, when the host and path name one. */
  readonly operationId: string | undefined;
  readonly host: EdisSimulatorHost | undefined;
  readonly method: string;
  readonly path: string;
  /** The form fields as received (text), every secret field `[REDACTED]`. */
  readonly form: Readonly<Record<string, string>>;
  /** The status answered; undefined when the connection was dropped. */
  readonly status: number | undefined;
  /** Simulated time of the request, ms. */
  readonly at: number;
  /** True when a fault answered (or dropped) it. */
  readonly fault: boolean;
}

/** A request or an answer that breaks the spec. */
export interface EdisSimulatorViolation {
  /** `request`: what a client sent breaks the operation's request schema (or the host has no such operation); `answer`: what the simulator answered breaks the documented schema (a seeded value, or a bug of the simulator). */
  readonly kind: "request" | "answer";
  readonly operationId: string | undefined;
  readonly path: string;
  /** The status answered. */
  readonly status: number | undefined;
  readonly findings: readonly SpecFinding[];
  /** One line: the operation and the first findings. */
  readonly message: string;
}

/** Thrown from `sim.fetch` (with `strict`) and from `sim.assertNoViolations()`. */
export class EdisSimulatorViolationError extends Error {
  override readonly name = "EdisSimulatorViolationError";
  readonly violations: readonly EdisSimulatorViolation[];
  constructor(violations: readonly EdisSimulatorViolation[]) {
    super(`the EDIS simulator saw ${violations.length} violation(s) of the spec:\n${violations.map((v) => `  ${v.message}`).join("\n")}`);
    this.violations = violations;
  }
}

/** Options of {@link createEdisSimulator}. */
export interface EdisSimulatorOptions {
  /** The account to start with, in the shape of `sim.state` (every part optional). @default the account documented at {@link initialState} */
  seed?: EdisSimulatorSeed;
  /** A violation of the spec also throws: from `sim.fetch` (the request gets no answer) and at once. @default false */
  strict?: boolean;
  /** Where the simulated time starts and how it follows real time. @default starts now, moves only with `clock.advance` */
  clock?: ClockOptions;
  /** How long a session is valid. @default "1h" */
  sessionLifetime?: Duration;
  /** How long power transitions take on the simulated clock. */
  durations?: {
    /** @default "20s" */
    powerOn?: Duration;
    /** @default "5s" */
    powerOff?: Duration;
    /** A reset: off at once, on after this. @default "20s" */
    reset?: Duration;
    /** A reinstall or a qcow2 upload: off at once, on after this. @default "2m" */
    reinstall?: Duration;
  };
  /** How webhooks are called. */
  webhooks?: {
    /** The fetch that calls a hook's callback URL. @default globalThis.fetch */
    fetch?: typeof fetch;
    /** The address the call says it comes from (`X-Forwarded-For`). @default the spec's source address, 149.154.154.251 */
    sourceAddress?: string;
    /** Longest wait for a callback's answer, real ms. @default 10000 */
    timeoutMs?: number;
  };
  /** Told of each violation as it is recorded (a server prints it). */
  onViolation?: (violation: EdisSimulatorViolation) => void;
}

/** A VPS of the account, as a test needs it. */
export interface EdisSimulatorAccountVps {
  readonly kvmId: string;
  readonly apiHost: string;
  /** Its IPv4 addresses. */
  readonly ipv4: readonly string[];
  /** Its IPv6 /64. */
  readonly ipv6Prefix: string;
  /** An IPv6 address of it (`<prefix>1`). */
  readonly ipv6: string;
  /** Addresses that can have PTR records: the IPv4 ones and `ipv6`. */
  readonly addresses: readonly string[];
}

/** The base URLs of the hosts, for the client's `hosts` option. */
export interface EdisSimulatorHosts {
  readonly session: string;
  readonly rdns: string;
  readonly api: string;
  readonly order: string;
}

/** What `sim.listen()` resolves to. */
export interface EdisSimulatorServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The base URL of each host (`<url>/session`, …), for the client's `hosts` option. */
  readonly hosts: EdisSimulatorHosts;
  /** The environment the `edis` command reads: EDIS_SESSION_URL, EDIS_RDNS_URL, EDIS_API_URL, EDIS_ORDER_URL. */
  readonly env: Readonly<Record<"EDIS_SESSION_URL" | "EDIS_RDNS_URL" | "EDIS_API_URL" | "EDIS_ORDER_URL", string>>;
}

/** The simulator. */
export interface EdisSimulator {
  /** Options for `createEdisClient`: the account's email and password, `fetch: sim.fetch`, and `hosts`. */
  readonly clientOptions: { readonly email: string; readonly password: string; readonly fetch: typeof fetch; readonly hosts: EdisSimulatorHosts };
  /** A WHATWG fetch serving every EDIS host in-process. */
  readonly fetch: typeof fetch;
  /** The account: email, password, and each VPS with its addresses. */
  readonly account: { readonly email: string; readonly password: string; readonly vps: readonly EdisSimulatorAccountVps[] };
  readonly clock: EdisSimulatorClock;
  readonly faults: { add(fault: EdisSimulatorFault): void; clear(): void; readonly list: readonly EdisSimulatorFault[] };
  /** Every request received, oldest first. */
  readonly requests: readonly EdisSimulatorRequest[];
  /** Every violation of the spec seen, oldest first. */
  readonly violations: readonly EdisSimulatorViolation[];
  /** Every webhook call made, oldest first. */
  readonly deliveries: readonly WebhookDelivery[];
  /** Throws EdisSimulatorViolationError when any violation was seen. */
  assertNoViolations(): void;
  /** The live state: read it, or change it to seed a scenario. */
  readonly state: EdisSimulatorState;
  /**
   * Adds traffic to a VPS (received bytes, on today's simulated date), then calls each of its
   * webhooks whose trigger the usage crossed, and tops the VPS up from the pool when auto
   * hydration is on and usage reached 99 %. Resolves with the webhook calls made.
   */
  addTraffic(kvmId: string, bytes: number): Promise<WebhookDelivery[]>;
  /** Ends every session now: the next call with one gets the documented 401. */
  expireSessions(): void;
  /** Back to the seeded state: sessions, faults, requests, violations, deliveries and the clock too. */
  reset(): void;
  /** Serves the simulator over HTTP on 127.0.0.1 (Node, Bun, Deno). */
  listen(options?: { port?: number }): Promise<EdisSimulatorServer>;
  /** Stops the server, if listening. */
  close(): Promise<void>;
}

/** The in-process base URLs: the reserved `.invalid` domain, so options that leak without `fetch` reach nothing. */
export const SIMULATOR_HOSTS: EdisSimulatorHosts = {
  session: "https://session.edis-simulator.invalid",
  rdns: "https://rdns.edis-simulator.invalid",
  api: "https://api.edis-simulator.invalid",
  order: "https://order.edis-simulator.invalid",
};

/** The production host names the simulator also answers for (a client given `fetch: sim.fetch` and no `hosts`). */
function productionHosts(): Map<string, EdisSimulatorHost> {
  const out = new Map<string, EdisSimulatorHost>([["dns-api.edis.at", "rdns"]]);
  for (const op of Object.values(operationTable) as OperationSpec[]) {
    if (op.host !== "api") out.set(new URL(op.server).hostname, op.host);
  }
  for (const [kind, base] of Object.entries(SIMULATOR_HOSTS)) out.set(new URL(base).hostname, kind as EdisSimulatorHost);
  return out;
}

const OPERATIONS = Object.values(operationTable) as OperationSpec[];

/** The address webhooks come from by default: the first the spec names (`x-edis-source-addresses`). */
const WEBHOOK_SOURCE = callbackTable.trafficHookCallback.sourceAddresses[0];

function operationAt(host: EdisSimulatorHost, path: string): OperationSpec | undefined {
  return OPERATIONS.find((op) => op.host === host && op.path === path);
}

const HTML_REASONS: Readonly<Record<number, string>> = {
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** A request read: what the simulator routes, decodes and records. */
interface Incoming {
  readonly host: EdisSimulatorHost | undefined;
  /** The VPS host the request was addressed to, when it named one (`<digits>.edisglobal.com`). */
  readonly vpsHost: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly request: Request;
}

/** Creates a simulator; see docs/testing.md. */
export function createEdisSimulator(options: EdisSimulatorOptions = {}): EdisSimulator {
  const clock = createClock(options.clock);
  const settings = {
    sessionLifetimeMs: durationMs(options.sessionLifetime ?? "1h", "sessionLifetime"),
    powerOnMs: durationMs(options.durations?.powerOn ?? "20s", "durations.powerOn"),
    powerOffMs: durationMs(options.durations?.powerOff ?? "5s", "durations.powerOff"),
    resetMs: durationMs(options.durations?.reset ?? "20s", "durations.reset"),
    reinstallMs: durationMs(options.durations?.reinstall ?? "2m", "durations.reinstall"),
  };
  const strict = options.strict === true;
  const hostNames = productionHosts();
  const seed = options.seed === undefined ? undefined : checkSeed(options.seed);
  let state = initialState(seed, clock.now());
  const sessions = new Map<string, SimSession>();
  const faults: EdisSimulatorFault[] = [];
  const requests: EdisSimulatorRequest[] = [];
  const violations: EdisSimulatorViolation[] = [];
  const deliveries: WebhookDelivery[] = [];
  let server: { close(): Promise<void> } | undefined;

  const violation = (v: Omit<EdisSimulatorViolation, "message">): EdisSimulatorViolation => {
    const first = v.findings
      .slice(0, 3)
      .map((f) => `${f.path || "(body)"} ${f.message}`)
      .join("; ");
    const full: EdisSimulatorViolation = { ...v, message: `${v.kind} ${v.operationId ?? v.path}${v.status ? ` (${v.status})` : ""}: ${first}` };
    violations.push(full);
    options.onViolation?.(full);
    return full;
  };

  const deliver = async (vps: SimVps, hook: SimHook, triggerValue: number, details: string): Promise<void> => {
    const delivery = await deliverWebhook({
      fetch: options.webhooks?.fetch ?? globalThis.fetch,
      sourceAddress: options.webhooks?.sourceAddress ?? WEBHOOK_SOURCE,
      timeoutMs: options.webhooks?.timeoutMs ?? 10_000,
      hook,
      kvmId: vps.kvmId,
      triggerValue,
      details,
      at: clock.now(),
    });
    hook.lastLaunched = Math.floor(clock.now() / 1000);
    deliveries.push(delivery);
    if (delivery.findings.length > 0) {
      violation({ kind: "answer", operationId: "trafficHookCallback", path: hook.callbackUrl, status: undefined, findings: delivery.findings });
    }
  };

  /** The incoming request of a `fetch` call: routed by the URL's host name. */
  function routeByUrl(request: Request): Incoming {
    const url = new URL(request.url);
    const name = url.hostname.toLowerCase();
    let host = hostNames.get(name);
    let vpsHost: string | undefined;
    if (host === undefined && state.vps.some((v) => v.apiHost.toLowerCase() === name)) {
      host = "api";
      vpsHost = name;
    }
    return { host, vpsHost, method: request.method, path: url.pathname, request };
  }

  /** The form of a request as text fields, or the finding that it is no form of `op`. */
  async function readForm(op: OperationSpec | undefined, request: Request): Promise<{ fields: [string, string][]; finding?: SpecFinding }> {
    const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type === "multipart/form-data") {
      const fields: [string, string][] = [];
      try {
        for (const [name, value] of await request.formData()) fields.push([name, typeof value === "string" ? value : `(file of ${value.size} bytes)`]);
      } catch {
        return { fields, finding: { path: "", rule: "content-type", message: "the multipart body cannot be read" } };
      }
      if (op && op.contentType !== type)
        return { fields, finding: { path: "", rule: "content-type", message: `must be sent as ${op.contentType}, not ${type}` } };
      return { fields };
    }
    const fields = [...new URLSearchParams(await request.text())];
    if (op && op.contentType !== type)
      return { fields, finding: { path: "", rule: "content-type", message: `must be sent as ${op.contentType}, not ${type || "no content type"}` } };
    return { fields };
  }

  /** The form as the request schema sees it: JSON-text fields decoded, binary parts present. */
  function decodeForm(op: OperationSpec, fields: readonly [string, string][]): { form: Record<string, unknown>; findings: SpecFinding[] } {
    const form: Record<string, unknown> = {};
    const findings: SpecFinding[] = [];
    const seen = new Set<string>();
    for (const [name, text] of fields) {
      if (seen.has(name)) findings.push({ path: `/${name}`, rule: "duplicate", message: "is given more than once" });
      seen.add(name);
      const field = op.fields.find((f) => f.wire === name);
      if (field?.json) {
        try {
          form[name] = JSON.parse(text);
        } catch {
          findings.push({ path: `/${name}`, rule: "json", message: "must be JSON text" });
          form[name] = text;
        }
      } else {
        form[name] = text;
      }
    }
    return { form, findings };
  }

  function redacted(op: OperationSpec | undefined, fields: readonly [string, string][]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, text] of fields) {
      // The operation's own marks, else (an unknown operation or field) every name src/safety/redact.ts counts as secret.
      const field = op?.fields.find((f) => f.wire === name);
      const secret = field ? isSecretField(field) : isSecretName(name);
      out[name] = secret ? REDACTED : text;
    }
    return out;
  }

  function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
  }

  function faultResponse(op: OperationSpec | undefined, fault: EdisSimulatorFault): Response {
    const status = fault.status ?? 500;
    const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
    if (fault.body !== undefined) {
      if (typeof fault.body === "string") {
        const html = fault.body.trimStart().startsWith("<");
        return new Response(fault.body, { status, headers: { "content-type": html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8", ...headers } });
      }
      return json(status, fault.body, headers);
    }
    const documented = op ? documentedError(op.operationId, status, "Simulated fault.") : undefined;
    if (documented) return json(status, documented, headers);
    const reason = HTML_REASONS[status] ?? "Error";
    return new Response(`<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>`, {
      status,
      headers: { "content-type": "text/html; charset=utf-8", ...headers },
    });
  }

  function takeFault(op: OperationSpec | undefined): EdisSimulatorFault | undefined {
    const index = faults.findIndex((f) => f.operationId === undefined || f.operationId === op?.operationId);
    if (index < 0) return undefined;
    const fault = faults[index]!;
    if (fault.times !== undefined) {
      const left = fault.times - 1;
      if (left <= 0) faults.splice(index, 1);
      else faults[index] = { ...fault, times: left };
    }
    return fault;
  }

  /** The session check of an operation with session auth: the VPS, or the documented refusal. */
  function sessionVps(op: OperationSpec, form: Record<string, unknown>, incoming: Incoming, now: number): SimVps | Answer {
    const session = sessions.get(String(form.signature));
    if (!session) return refuse(op, [401], "Invalid session signature.");
    if (now >= session.validUntil * 1000) return refuse(op, [401], "Session expired. Please re-authenticate.");
    if (String(form.valid_until) !== String(session.validUntil)) return refuse(op, [401], "valid_until does not match the session.");
    if (session.kvmId !== form.kvm_id) return refuse(op, [403, 401], "Access to this resource is denied: the session is for another VPS.");
    const vps = state.vps.find((v) => v.kvmId === session.kvmId);
    if (!vps || vps.service.status === "terminated") return refuse(op, [401], "The VPS of this session no longer exists.");
    if (incoming.vpsHost !== undefined && incoming.vpsHost !== vps.apiHost.toLowerCase()) return refuse(op, [403, 401], "This VPS is not served by this host.");
    if ("api_host" in form && String(form.api_host).toLowerCase() !== vps.apiHost.toLowerCase())
      return refuse(op, [403, 401], "api_host does not match the session.");
    return vps;
  }

  /** Serves one request; the fetch and the HTTP server both come here. */
  async function handle(incoming: Incoming): Promise<Outcome> {
    const now = clock.now();
    const op = incoming.host ? operationAt(incoming.host, incoming.path) : undefined;
    const { fields, finding } = await readForm(op, incoming.request);
    const record = (status: number | undefined, fault: boolean) =>
      requests.push({
        operationId: op?.operationId,
        host: incoming.host,
        method: incoming.method,
        path: incoming.path,
        form: redacted(op, fields),
        status,
        at: now,
        fault,
      });
    const fault = takeFault(op);
    if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault && (fault.drop === true || fault.drop === "before")) {
      record(undefined, true);
      return { kind: "drop" };
    }
    if (fault?.status !== undefined) {
      record(fault.status, true);
      if (fault.status === 401 && op?.auth === "session") sessions.delete(String(Object.fromEntries(fields).signature));
      return { kind: "answer", response: faultResponse(op, fault) };
    }
    if (!op) {
      const known = incoming.host !== undefined;
      const v = violation({
        kind: "request",
        operationId: undefined,
        path: incoming.path,
        status: 404,
        findings: [{ path: "", rule: "operation", message: known ? `no operation at POST ${incoming.path} on the ${incoming.host} host` : "no EDIS host" }],
      });
      record(404, false);
      if (strict) throw new EdisSimulatorViolationError([v]);
      return {
        kind: "answer",
        response: new Response("<html><body><h1>404 Not Found</h1></body></html>", { status: 404, headers: { "content-type": "text/html; charset=utf-8" } }),
      };
    }
    let answer: Answer;
    const { form, findings } = decodeForm(op, fields);
    if (incoming.method !== op.method) findings.unshift({ path: "", rule: "method", message: `must be ${op.method}, not ${incoming.method}` });
    if (finding) findings.unshift(finding);
    findings.push(...checkRequest(op.operationId, form));
    // Groups of fields of which exactly one is given (x-edis-exactly-one): a rule JSON Schema of the form cannot say.
    for (const group of op.exactlyOne ?? []) {
      const given = group.filter((name) => form[name] !== undefined).length;
      if (given !== 1) findings.push({ path: "", rule: "exactly-one", message: `must have exactly one of ${group.join(", ")} (has ${given})` });
    }
    if (findings.length > 0) {
      answer = refuse(op, [400], `Invalid request: ${findings[0]!.path.slice(1) || "body"} ${findings[0]!.message}.`);
      const v = violation({ kind: "request", operationId: op.operationId, path: op.path, status: answer.status, findings });
      if (strict) {
        record(answer.status, false);
        throw new EdisSimulatorViolationError([v]);
      }
    } else if (op.auth === "credentials" && (form.email !== state.account.email || form.pw !== state.account.password)) {
      answer = refuse(op, [401], "Invalid WHMCS credentials. Please provide correct credentials.");
    } else {
      const vps = op.auth === "session" ? sessionVps(op, form, incoming, now) : undefined;
      if (vps !== undefined && !("kvmId" in vps)) {
        answer = vps;
      } else {
        const handler: Handler | undefined = handlers[op.operationId];
        const ctx: OperationContext = { op, form, state, now, settings, sessions, vps: vps as SimVps, deliver };
        answer = handler ? await handler(ctx) : refuse(op, [500], "Not simulated.");
      }
    }
    const answerFindings = checkAnswer(op.operationId, answer.status, answer.body);
    if (answerFindings.length > 0) {
      const v = violation({ kind: "answer", operationId: op.operationId, path: op.path, status: answer.status, findings: answerFindings });
      if (strict) {
        record(answer.status, false);
        throw new EdisSimulatorViolationError([v]);
      }
    }
    if (fault && fault.drop === "after") {
      record(undefined, true);
      return { kind: "drop" };
    }
    record(answer.status, false);
    return { kind: "answer", response: json(answer.status, answer.body) };
  }

  const simFetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const incoming = routeByUrl(request);
    if (incoming.host === undefined) {
      throw new TypeError("fetch failed", { cause: new Error(`the EDIS simulator serves no host ${new URL(request.url).host}`) });
    }
    // An aborted request rejects at once, as fetch does; the simulator, like a server, goes on with what it received.
    const signal = request.signal;
    if (signal.aborted) throw signal.reason;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    const handled = handle(incoming);
    handled.catch(() => undefined);
    const outcome = await Promise.race([handled, aborted]).finally(() => signal.removeEventListener("abort", onAbort!));
    if (outcome.kind === "drop")
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up (simulated dropped connection)"), { code: "ECONNRESET" }) });
    return outcome.response;
  }) as typeof fetch;

  const accountView = () => ({
    email: state.account.email,
    password: state.account.password,
    vps: state.vps.map((v) => {
      const ipv6 = `${v.ipv6Prefix.split("/")[0]}1`;
      return { kvmId: v.kvmId, apiHost: v.apiHost, ipv4: [...v.ipv4], ipv6Prefix: v.ipv6Prefix, ipv6, addresses: [...v.ipv4, ipv6] };
    }),
  });

  const sim: EdisSimulator = {
    get clientOptions() {
      return { email: state.account.email, password: state.account.password, fetch: simFetch, hosts: SIMULATOR_HOSTS };
    },
    fetch: simFetch,
    get account() {
      return accountView();
    },
    clock,
    faults: {
      add(fault) {
        if (typeof fault !== "object" || fault === null) throw new TypeError("faults.add takes a fault object");
        if (fault.operationId !== undefined && !(fault.operationId in operationTable)) throw new TypeError(`faults.add: no operation ${fault.operationId}`);
        if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times >= 1))
          throw new TypeError("faults.add: times must be a whole number of at least 1");
        if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599))
          throw new TypeError("faults.add: status must be an HTTP status");
        faults.push({ ...fault });
      },
      clear() {
        faults.length = 0;
      },
      get list() {
        return faults;
      },
    },
    requests,
    violations,
    deliveries,
    assertNoViolations() {
      if (violations.length > 0) throw new EdisSimulatorViolationError([...violations]);
    },
    get state() {
      return state;
    },
    addTraffic: (kvmId, bytes) => addTrafficTo(kvmId, bytes),
    expireSessions() {
      sessions.clear();
    },
    reset() {
      clock.reset();
      state = initialState(seed, clock.now());
      sessions.clear();
      faults.length = 0;
      requests.length = 0;
      violations.length = 0;
      deliveries.length = 0;
    },
    async listen(listenOptions = {}) {
      if (server) throw new Error("the simulator is already listening; close() it first");
      const { serve } = await import("./server.js");
      const started = await serve(listenOptions.port ?? 0, (host, vpsHost, request) => {
        const url = new URL(request.url);
        return handle({ host, vpsHost, method: request.method, path: url.pathname, request });
      });
      server = started;
      const url = `http://127.0.0.1:${started.port}`;
      const hosts = { session: `${url}/session`, rdns: `${url}/rdns`, api: `${url}/api`, order: `${url}/order` };
      return {
        url,
        port: started.port,
        hosts,
        env: { EDIS_SESSION_URL: hosts.session, EDIS_RDNS_URL: hosts.rdns, EDIS_API_URL: hosts.api, EDIS_ORDER_URL: hosts.order },
      };
    },
    async close() {
      const running = server;
      server = undefined;
      await running?.close();
    },
  };

  async function addTrafficTo(kvmId: string, bytes: number): Promise<WebhookDelivery[]> {
    const before = deliveries.length;
    const vps = state.vps.find((v) => v.kvmId === kvmId);
    if (!vps) throw new TypeError(`addTraffic: no VPS ${kvmId}`);
    if (!(Number.isFinite(bytes) && bytes >= 0)) throw new TypeError("addTraffic: bytes must be a number of at least 0");
    await addTraffic({ state, vps, bytes, now: clock.now(), deliver });
    return deliveries.slice(before);
  }

  return sim;
}
