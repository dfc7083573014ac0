/**
 * `createEdisClient`: the namespaces users call (`edis.ptr.get`, …) and `edis.call` for any
 * operation of the spec. Namespace methods are built from the generated table, and typed
 * (with the spec's words) in generated/namespaces.ts; none is written by hand except
 * `auth.createSession`, which returns sessions rather than a body, and `vps.list`. Helpers
 * over those methods are added to their namespaces: `power.waitFor` (wait.ts) and `ptr.sync`
 * (ptr-sync.ts).
 */
import type { EdisNamespaces } from "../generated/namespaces.js";
import type { OperationParams, OperationResults } from "../generated/params.js";
import { type OperationId, namespaceTable } from "../generated/table.js";
import { createCore } from "./request/request-path.js";
import { type CallOptions, type EdisClientOptions, resolveOptions } from "./options.js";
import { type EdisPtrSync, createPtrSync } from "./helpers/ptr-sync.js";
import type { Session } from "./session.js";
import { type VpsForEachOptions, type VpsOutcome, forEachVps } from "./helpers/fleet.js";
import { apiHostMatters } from "./safety/hosts.js";
import { type SshGreeting, type SshWaitParams, waitForSsh } from "./helpers/ssh-wait.js";
import { type EdisPowerWait, createPowerWait } from "./helpers/wait.js";

/** A client method: the params of its operation in, its result out. */
export type OperationMethod<Op extends OperationId> = (params: OperationParams[Op], options?: CallOptions) => Promise<OperationResults[Op]>;

export type { EdisNamespaces };

/** Sessions of the account. */
export interface EdisAuth {
  /**
   * Creates sessions: for every VPS of the account, or for `kvmId` alone. The client caches
   * them and uses them for later calls.
   * @example
   * const [session] = await edis.auth.createSession({ kvmId: "kvm_123456_789012" });
   * console.log(session.apiHost, new Date(session.validUntil * 1000));
   */
  createSession(params?: { kvmId?: string }, options?: CallOptions): Promise<Session[]>;
}

/** One VPS of the account, as `vps.list()` returns it: the fields of its {@link Session} without the signature or expiry. */
export type VpsSummary = Pick<Session, "kvmId" | "description" | "apiHost" | "apiRdns" | "suspended" | "lps" | "lpsIsPremium" | "primaryIp">;

/** The fields of a {@link VpsSummary}; the type holds this list to every key of it, no more and no fewer. */
const VPS_SUMMARY_FIELDS = [
  "kvmId",
  "description",
  "apiHost",
  "apiRdns",
  "suspended",
  "lps",
  "lpsIsPremium",
  "primaryIp",
] as const satisfies readonly (keyof VpsSummary)[];
type MissingField = Exclude<keyof VpsSummary, (typeof VPS_SUMMARY_FIELDS)[number]>;
const everyField: [MissingField] extends [never] ? true : never = true;
void everyField;

function summaryOf(session: Session): VpsSummary {
  return Object.fromEntries(VPS_SUMMARY_FIELDS.map((field) => [field, session[field]])) as unknown as VpsSummary;
}

/** The VPSs of the account. */
export interface EdisVps {
  /**
   * Lists every VPS of the account (one auth call without kvm_id; its sessions are cached for
   * later calls).
   * @example
   * for (const vps of await edis.vps.list()) console.log(vps.kvmId, vps.description, vps.apiHost);
   */
  list(options?: CallOptions): Promise<VpsSummary[]>;
  /**
   * Calls `fn(kvmId)` for the VPSs of `kvmIds` (default: every VPS of the account, from one
   * auth call), at most `concurrency` at once (default 4), and resolves with every outcome in
   * the order of the VPSs: `{ kvmId, ok: true, result }` or `{ kvmId, ok: false, error }`. One
   * VPS failing never throws. When `signal` fires, no new VPS is started (those fail with
   * EdisAbortError) and the ones running are left to finish.
   * @example
   * const outcomes = await edis.vps.forEach((kvmId) => edis.power.state({ kvmId }));
   * for (const o of outcomes) console.log(o.kvmId, o.ok ? o.result : o.error.message);
   */
  forEach<T>(fn: (kvmId: string) => Promise<T>, options?: VpsForEachOptions): Promise<VpsOutcome<T>[]>;
  /**
   * Waits until an SSH server answers: connects to port 22 (or `port`) of the VPS's primary
   * address (from one auth call for it; it must be an IP address, and a public one unless the client's
   * hosts are overridden) or of `host`, reads at most 8 KiB, sends nothing, and again every
   * `intervalMs` (default 5 s) until a server greets with an SSH identification line
   * (`SSH-2.0-…`, RFC 4253 4.2). Resolves with that line and the address; after `timeoutMs`
   * (default 5 min) fails with EdisWaitTimeoutError, whose `last` says what the last look saw
   * (connection refused, no connection, nothing sent, another protocol, closed without a
   * greeting). Needs TCP sockets: on Workers and in browsers it fails with an EdisError.
   * After a reinstall, a greeting says an SSH server answers, not that the reinstall finished.
   * @example
   * await edis.power.on({ kvmId });
   * const { line } = await edis.vps.waitForSsh({ kvmId, timeoutMs: 600_000 });
   * console.log(`SSH answers: ${line}`);
   */
  waitForSsh(params: SshWaitParams): Promise<SshGreeting>;
}

/** A client of the EDIS Global Management API and ORDER API (`order`). */
export type EdisClient = EdisNamespaces & {
  /** Sessions: create them ahead of the first call, for every VPS or one. */
  readonly auth: EdisAuth;
  /** The account's VPSs. */
  readonly vps: EdisVps;
  /** Power, and waiting for a power state: `edis.power.waitFor({ kvmId, state: "on" })`. */
  readonly power: EdisNamespaces["power"] & EdisPowerWait;
  /** PTR records, and PTR records as code: `edis.ptr.sync({ kvmId, records })` writes only the differences. */
  readonly ptr: EdisNamespaces["ptr"] & EdisPtrSync;
  /**
   * Calls any operation of the spec by its operationId, with the same params as its namespace
   * method: `{ kvmId, …fields }` in camelCase.
   * @example
   * const records = await edis.call("getPTR", { kvmId, ips: ["192.0.2.1"] });
   */
  call<Op extends OperationId>(operationId: Op, params: OperationParams[Op], options?: CallOptions): Promise<OperationResults[Op]>;
};

/**
 * Creates a client. Nothing is sent until the first call; a session per VPS is created then
 * and reused until it expires.
 * @example
 * const edis = createEdisClient({ email: process.env.EDIS_EMAIL!, password: process.env.EDIS_PASSWORD! });
 * const records = await edis.ptr.get({ kvmId: "kvm_123456_789012", ips: ["192.0.2.1"] });
 */
export function createEdisClient(options: EdisClientOptions): EdisClient {
  const resolved = resolveOptions(options);
  const core = createCore(resolved);
  const client: Record<string, unknown> = {
    call: (operationId: string, params: unknown, callOptions?: CallOptions) => core.call(operationId, params, callOptions),
    auth: { createSession: core.createSessions } satisfies EdisAuth,
    vps: {
      list: async (callOptions?: CallOptions) => (await core.createSessions({}, callOptions)).map(summaryOf),
      forEach: (fn, forEachOptions = {}) =>
        forEachVps(fn, forEachOptions, async (signal) => (await core.createSessions({}, signal ? { signal } : undefined)).map((s) => s.kvmId)),
      waitForSsh: (params) =>
        waitForSsh(
          params,
          async (kvmId, signal) => (await core.createSessions({ kvmId }, signal ? { signal } : undefined)).find((s) => s.kvmId === kvmId)?.primaryIp,
          apiHostMatters(resolved.hosts),
        ),
    } satisfies EdisVps,
  };
  for (const [namespace, methods] of Object.entries(namespaceTable)) {
    if (namespace in client) continue;
    client[namespace] = Object.fromEntries(
      Object.entries(methods).map(([method, operationId]) => [
        method,
        // No params at all is an empty object: the methods whose fields are all optional or filled by the client.
        (params: unknown, callOptions?: CallOptions) => core.call(operationId, params === undefined ? {} : params, callOptions),
      ]),
    );
  }
  Object.assign(client.power as object, createPowerWait(core.call));
  Object.assign(client.ptr as object, createPtrSync(core.call));
  return client as EdisClient;
}
