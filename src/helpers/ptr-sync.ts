/**
 * `edis.ptr.sync`: PTR records as code. The desired records of some addresses are checked
 * (ptr-plan.ts), the records those addresses have are read with `ptr.get`, and only the
 * differences are written: `ptr.set` for the creates and changes, `ptr.delete` for the deletes,
 * each through the client's one call path (long lists split as every bulk call is). A write
 * that fails loses nothing: every address gets its outcome, and the run throws EdisBulkError
 * as a bulk `ptr.set` does, with the plan and the outcomes as its `partialResult`.
 */
import { namespaceTable, operationTable } from "../../generated/table.js";
import { type BulkFailure, EdisBulkError, EdisError, EdisValidationError } from "../errors.js";
import type { CallOptions } from "../options.js";
import { type PtrSyncAction, type PtrSyncPlan, type PtrSyncRecord, checkSyncRecords, planSync, readRecords } from "./ptr-plan.js";

/** Options of `ptr.sync`: those of every call, and whether to write. */
export interface PtrSyncOptions extends CallOptions {
  /** Read and plan only; nothing is written. */
  dryRun?: boolean;
  /**
   * Called with the plan when there is something to write, before anything is written; a false
   * answer writes nothing (as a dry run). What it throws, the sync throws. The `edis` command
   * asks on the terminal here.
   */
  confirm?: (plan: PtrSyncPlan) => boolean | Promise<boolean>;
}

/** What became of one address the plan changes. */
export type PtrSyncOutcome =
  | { readonly ip: string; readonly action: Exclude<PtrSyncAction, "unchanged">; readonly status: "applied" }
  | { readonly ip: string; readonly action: Exclude<PtrSyncAction, "unchanged">; readonly status: "failed"; readonly error: EdisError };

/** The result of `ptr.sync`. */
export interface PtrSyncResult {
  /** What was read and what differs, address by address. */
  readonly plan: PtrSyncPlan;
  /** True when the differences were sent; false for a dry run, a plan `confirm` declined, and a plan with nothing to change. */
  readonly applied: boolean;
  /** One per address the plan changes, in plan order, when they were sent; empty otherwise. */
  readonly outcomes: readonly PtrSyncOutcome[];
}

/** `edis.ptr.sync`. */
export interface EdisPtrSync {
  /**
   * Makes the PTR records of the given addresses what `records` says: reads what they have
   * (`ptr.get`), plans the creates, changes and deletes, and writes only those (`ptr.set`,
   * `ptr.delete`), so a second run sends no write. A hostname that is empty, null or missing
   * means no record. Names compare without case and a final dot. Every record is checked
   * before anything is sent (EdisValidationError). When some writes fail, it throws
   * EdisBulkError: `succeeded` and `failed` addresses, and the {@link PtrSyncResult} as
   * `partialResult`. `onProgress` counts the writes.
   * @example
   * const { plan } = await edis.ptr.sync(
   *   { kvmId, records: [{ ip: "192.0.2.1", hostname: "mail.example.com" }, { ip: "192.0.2.2", hostname: null }] },
   *   { dryRun: true },
   * );
   * console.log(plan.counts); // { create: 1, change: 0, delete: 1, unchanged: 0 }
   */
  sync(params: { kvmId: string; records: readonly PtrSyncRecord[] }, options?: PtrSyncOptions): Promise<PtrSyncResult>;
}

type Call = (operationId: string, params: unknown, options?: CallOptions) => Promise<unknown>;

/** The operation id of the error of a failed sync (not an operation of the spec: the sync's writes are setPTR and deletePTR). */
const SYNC = "ptr.sync";

/** The sync's own options checked, and the call options it passes on. */
function splitOptions(options: unknown): { dryRun: boolean; confirm: PtrSyncOptions["confirm"]; call: CallOptions } {
  if (typeof options !== "object" || options === null) throw new EdisValidationError({ field: "options", reason: "must be an object" });
  const { dryRun, confirm, ...call } = options as PtrSyncOptions;
  if (dryRun !== undefined && typeof dryRun !== "boolean") throw new EdisValidationError({ field: "dryRun", reason: "option must be a boolean" });
  if (confirm !== undefined && typeof confirm !== "function") throw new EdisValidationError({ field: "confirm", reason: "option must be a function" });
  return { dryRun: dryRun === true, confirm, call };
}

/** Sends one write; resolves with the failed requests (none when it succeeded), never rejects. */
async function write(call: Call, operationId: string, params: Record<string, unknown>, items: string[], options: CallOptions): Promise<BulkFailure[]> {
  try {
    await call(operationId, params, options);
    return [];
  } catch (error) {
    if (error instanceof EdisBulkError && error.operationId === operationId) return [...error.failed];
    const reason = error instanceof EdisError ? error : new EdisError(`${operationId} failed`, { operationId, cause: error });
    return [{ items, error: reason }];
  }
}

/** `ptr.sync` over `call`, the client's one call path. */
export function createPtrSync(call: Call): EdisPtrSync {
  const ops = { get: namespaceTable.ptr.get, set: namespaceTable.ptr.set, delete: namespaceTable.ptr.delete };
  return {
    async sync(params, options = {}) {
      const { dryRun, confirm, call: callOptions } = splitOptions(options);
      if (typeof params !== "object" || params === null) throw new EdisValidationError({ field: "params", reason: "must be an object" });
      const desired = checkSyncRecords((params as { records?: unknown }).records);
      const { onProgress, ...readOptions } = callOptions;
      // The read checks kvmId (and the call options) before anything is sent.
      const read = await call(ops.get, { kvmId: params.kvmId, ips: desired.map((r) => r.ip) }, readOptions);
      const plan = planSync(desired, readRecords(read));
      const changed = plan.entries.filter((e) => e.action !== "unchanged");
      if (dryRun || changed.length === 0 || (confirm && !(await confirm(plan)))) return { plan, applied: false, outcomes: [] };

      const sets = changed.filter((e) => e.action !== "delete");
      const deletes = changed.filter((e) => e.action === "delete");
      // Progress over both writes: the deletes count on from the sets.
      let reported = 0;
      const report = (done: number): void => {
        if (done <= reported) return;
        reported = done;
        onProgress?.(done, changed.length);
      };
      const withProgress = (offset: number): CallOptions => (onProgress ? { ...readOptions, onProgress: (n: number) => report(offset + n) } : readOptions);
      const failures: BulkFailure[] = [];
      if (sets.length > 0) {
        const records = Object.fromEntries(sets.map((e) => [e.ip, e.desired]));
        failures.push(...(await write(call, ops.set, { kvmId: params.kvmId, records }, Object.keys(records), withProgress(0))));
        report(sets.length);
      }
      if (deletes.length > 0) {
        const ips = deletes.map((e) => e.ip);
        failures.push(...(await write(call, ops.delete, { kvmId: params.kvmId, ips }, ips, withProgress(sets.length))));
        report(changed.length);
      }
      // In plan order, as a bulk run lists its failed requests in input order.
      const position = new Map(changed.map((e, i) => [e.ip, i]));
      failures.sort((a, b) => position.get(a.items[0]!)! - position.get(b.items[0]!)!);

      const failedBy = new Map(failures.flatMap((f) => f.items.map((ip) => [ip, f.error] as const)));
      const outcomes = changed.map((e): PtrSyncOutcome => {
        const action = e.action as Exclude<PtrSyncAction, "unchanged">;
        const error = failedBy.get(e.ip);
        return error ? { ip: e.ip, action, status: "failed", error } : { ip: e.ip, action, status: "applied" };
      });
      const result: PtrSyncResult = { plan, applied: true, outcomes };
      if (failures.length === 0) return result;
      const perRequest = (n: number, operationId: string) =>
        Math.ceil(n / (operationTable as Record<string, { bulk?: { max: number } }>)[operationId]!.bulk!.max);
      throw new EdisBulkError({
        operationId: SYNC,
        requests: perRequest(sets.length, ops.set) + perRequest(deletes.length, ops.delete),
        succeeded: outcomes.filter((o) => o.status === "applied").map((o) => o.ip),
        failed: failures,
        partialResult: result,
      });
    },
  };
}
