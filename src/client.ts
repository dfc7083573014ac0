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
import { createCore } from "./request-path.js";
import { type CallOptions, type EdisClientOptions, resolveOptions } from "./options.js";
import { type EdisPtrSync, createPtrSync } from "./ptr-sync.js";
import type { Session } from "./session.js";
import { type EdisPowerWait, createPowerWait } from "./wait.js";

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
  const core = createCore(resolveOptions(options));
  const client: Record<string, unknown> = {
    call: (operationId: string, params: unknown, callOptions?: CallOptions) => core.call(operationId, params, callOptions),
    auth: { createSession: core.createSessions } satisfies EdisAuth,
    vps: {
      list: async (callOptions?: CallOptions) => (await core.createSessions({}, callOptions)).map(summaryOf),
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
