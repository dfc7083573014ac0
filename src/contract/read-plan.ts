/**
 * Which calls a contract check makes, with which params: every read-only operation once, with
 * the VPS's kvmId; a field with a fixed set of values (the top-up log's `scope`) once per value;
 * and the params no one gives from what earlier reads answered (getPTR the VPS's IPv4
 * addresses from getKvmDetails, getKvmId the service id from getServiceId, getProducts the first
 * location from getLocations). An operation whose params cannot be had is skipped, with why.
 * Shared by `edis contract check` and `npm run contract:live`.
 */
import type { OperationId, OperationSpec } from "../../generated/operations.js";
import type { EdisClient } from "../index.js";

/** What the caller knows before the first read. */
export interface ReadTarget {
  /** The VPS the management reads are about (undefined: the account has none). */
  readonly kvmId: string | undefined;
  /** Addresses for getPTR instead of the VPS's own. */
  readonly ptrIps?: readonly string[];
  /** Added to the reason getPTR is skipped without addresses (how to give them). */
  readonly ptrHint?: string;
  /** Who runs the check, for "… for which <who> has no value". */
  readonly who: string;
  /** Cancels the calls. */
  readonly signal?: AbortSignal;
}

/** How the check makes and records each call. */
export interface ReadHooks {
  /** Makes the call and records its exchanges; resolves with its result, or with `failed` when it threw. */
  check(operationId: string, params: Record<string, unknown>, call: () => Promise<unknown>): Promise<{ result?: unknown; failed?: boolean }>;
  skip(operationId: string, reason: string): void;
}

/** The IPv4 addresses of a getKvmDetails result (`ip.ipv4` entries are `a.b.c.d/netmask`). */
function ipv4Of(details: unknown): string[] {
  const ipv4 = (details as { ip?: { ipv4?: unknown } } | undefined)?.ip?.ipv4;
  if (!Array.isArray(ipv4)) return [];
  return ipv4.map((entry) => String(entry).split("/")[0]!).filter((ip) => /^\d{1,3}(\.\d{1,3}){3}$/u.test(ip));
}

/** The first location id of a getLocations result (locations keyed by their label). */
function firstLocationOf(locations: unknown): string | undefined {
  if (typeof locations !== "object" || locations === null) return undefined;
  const id = (Object.values(locations)[0] as { id?: unknown } | undefined)?.id;
  return typeof id === "number" || typeof id === "string" ? String(id) : undefined;
}

/** Params that come from an earlier read: which one, and how to read the value off its result. */
const DERIVED: Readonly<Record<string, { readonly from: string; readonly value: (result: unknown) => unknown; readonly none: string }>> = {
  ips: { from: "getKvmDetails", value: (r) => (ipv4Of(r).length > 0 ? ipv4Of(r) : undefined), none: "no addresses" },
  serviceId: { from: "getServiceId", value: (r) => (typeof r === "number" || typeof r === "string" ? String(r) : undefined), none: "no service id" },
  locationId: { from: "getLocations", value: firstLocationOf, none: "no location" },
};

/** Runs the reads of `operations` (createAuthSession aside: the caller's listing of the VPSs is that check). */
export async function runReadPlan(edis: EdisClient, operations: readonly OperationSpec[], target: ReadTarget, hooks: ReadHooks): Promise<void> {
  const results = new Map<string, unknown>();
  const given: Record<string, unknown> = { ...(target.kvmId !== undefined ? { kvmId: target.kvmId } : {}) };
  if (target.ptrIps && target.ptrIps.length > 0) given.ips = [...target.ptrIps];
  const needs = (op: OperationSpec) => op.fields.filter((f) => f.required && !f.from);
  const derivedOf = (op: OperationSpec) => needs(op).filter((f) => !(f.param in given) && f.param in DERIVED);
  const planned = operations.filter((op) => op.operationId !== "createAuthSession");
  // Reads whose params come from other reads go last, after those reads.
  const ordered = [...planned.filter((op) => derivedOf(op).length === 0), ...planned.filter((op) => derivedOf(op).length > 0)];

  for (const op of ordered) {
    const params: Record<string, unknown> = {};
    const missing: string[] = [];
    let variants: Record<string, unknown>[] = [{}];
    for (const field of needs(op)) {
      const derived = DERIVED[field.param];
      if (field.param in given) params[field.param] = given[field.param];
      else if (field.rule.enum) variants = field.rule.enum.map((value) => ({ [field.param]: value }));
      else if (derived && results.has(derived.from)) {
        const value = derived.value(results.get(derived.from));
        if (value === undefined) {
          const hint = field.param === "ips" && target.ptrHint ? `; ${target.ptrHint}` : "";
          const listed = field.param === "ips" ? "listed no IPv4 address" : "gave none";
          missing.push(`${derived.none}: ${derived.from} ${listed}${hint}`);
        } else params[field.param] = value;
      } else if (derived) {
        const hint = field.param === "ips" && target.ptrHint ? `; ${target.ptrHint}` : "";
        missing.push(`${derived.none}: ${derived.from} did not succeed${hint}`);
      } else missing.push(field.param === "kvmId" ? "needs kvmId: the account has no VPS" : `needs ${field.param}, for which ${target.who} has no value`);
    }
    if (missing.length > 0) {
      hooks.skip(op.operationId, missing.join("; "));
      continue;
    }
    for (const variant of variants) {
      const all = { ...params, ...variant };
      const done = await hooks.check(op.operationId, all, () =>
        edis.call(op.operationId as OperationId, all as never, target.signal ? { signal: target.signal } : {}),
      );
      if (!done.failed && !results.has(op.operationId)) results.set(op.operationId, done.result);
    }
  }
}
