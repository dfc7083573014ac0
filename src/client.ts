/**
 * `createEdisClient`: the namespaces users call (`edis.ptr.get`, …) and `edis.call` for any
 * operation of the spec. Namespace methods are built from the generated table, and typed
 * (with the spec's words) in generated/namespaces.ts; none is written by hand except
 * `auth.createSession`, which returns sessions rather than a body, and `vps.list`.
 */
import type { EdisNamespaces } from "../generated/namespaces.js";
import type { OperationParams, OperationResults } from "../generated/params.js";
import { type OperationId, namespaceTable } from "../generated/table.js";
import { type CallOptions, createCore } from "./call.js";
import { type EdisClientOptions, resolveOptions } from "./options.js";
import type { Session } from "./session.js";

/** A client method: the params of its operation in, its result out. */
export type OperationMethod<Op extends OperationId> = (
  params: OperationParams[Op],
  options?: CallOptions,
) => Promise<OperationResults[Op]>;

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

/** One VPS of the account, as `vps.list()` returns it: no session secrets in it. */
export interface VpsSummary {
  /** The VPS's id, as every call takes it (`kvm_123456_789012`). */
  readonly kvmId: string;
  /** The VPS's description in the client area. */
  readonly description: string | undefined;
  /** The VPS's management host. */
  readonly apiHost: string;
  /** The reverse-DNS host the session names, if any. */
  readonly apiRdns: string | undefined;
  /** `n` for an active VPS. */
  readonly suspended: string | undefined;
  /** Location code. */
  readonly lps: string | undefined;
  /** Auth's `lps_ispremium` flag for that location, as sent. */
  readonly lpsIsPremium: boolean | undefined;
  /** The VPS's primary IP address. */
  readonly primaryIp: string | undefined;
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

/** A client of the EDIS Global Management API. */
export type EdisClient = EdisNamespaces & {
  /** Sessions: create them ahead of the first call, for every VPS or one. */
  readonly auth: EdisAuth;
  /** The account's VPSs. */
  readonly vps: EdisVps;
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
      list: async (callOptions?: CallOptions) =>
        (await core.createSessions({}, callOptions)).map(
          (s): VpsSummary => ({
            kvmId: s.kvmId,
            description: s.description,
            apiHost: s.apiHost,
            apiRdns: s.apiRdns,
            suspended: s.suspended,
            lps: s.lps,
            lpsIsPremium: s.lpsIsPremium,
            primaryIp: s.primaryIp,
          }),
        ),
    } satisfies EdisVps,
  };
  for (const [namespace, methods] of Object.entries(namespaceTable)) {
    if (namespace in client) continue;
    client[namespace] = Object.fromEntries(
      Object.entries(methods).map(([method, operationId]) => [
        method,
        (params: unknown, callOptions?: CallOptions) => core.call(operationId, params, callOptions),
      ]),
    );
  }
  return client as EdisClient;
}
