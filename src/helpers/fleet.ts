/**
 * `edis.vps.forEach`: one function run for many VPSs of the account, a bounded number at once,
 * every outcome returned in the order of the VPSs and none thrown. A signal stops the starting
 * of new work; what is already running is left to finish (the function decides whether its own
 * calls take the signal), and each VPS not started is reported as aborted.
 */
import { EdisAbortError, EdisError } from "../errors.js";
import { bad, count } from "../option-checks.js";

/** What `fn` did for one VPS: its result, or the error it failed with. */
export type VpsOutcome<T> =
  | { readonly kvmId: string; readonly ok: true; readonly result: T }
  | { readonly kvmId: string; readonly ok: false; readonly error: EdisError };

/** Options of `edis.vps.forEach`. */
export interface VpsForEachOptions {
  /** The VPSs, in the order the outcomes come back (default: every VPS of the account, as `vps.list()` returns them). */
  readonly kvmIds?: readonly string[];
  /** How many run at once (default 4); the client's own limit on requests in flight still holds. */
  readonly concurrency?: number;
  /** Stops starting new work when it fires; the VPSs not started fail with EdisAbortError. */
  readonly signal?: AbortSignal;
}

/** The operation name errors of forEach carry. */
const NAME = "vps.forEach";

/** The VPS ids of `options.kvmIds`, checked: a list of distinct, non-empty strings. */
function checkedIds(ids: unknown): readonly string[] | undefined {
  if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== "string" || !id) || new Set(ids).size !== ids.length)) {
    bad("kvmIds", "option must be a list of distinct VPS ids");
  }
  return ids as readonly string[] | undefined;
}

/**
 * Runs `fn(kvmId)` for the VPSs of `options.kvmIds`, or for every VPS `list()` returns, at
 * most `concurrency` at once. Resolves with one outcome per VPS, in order; throws only for bad
 * options, or when the list of the account's VPSs cannot be read.
 */
export async function forEachVps<T>(
  fn: (kvmId: string) => Promise<T>,
  options: VpsForEachOptions,
  list: (signal: AbortSignal | undefined) => Promise<readonly string[]>,
): Promise<VpsOutcome<T>[]> {
  const given = checkedIds(options.kvmIds);
  const concurrency = count(options.concurrency, "concurrency", 4, 1);
  const { signal } = options;
  const ids = given ?? (await list(signal));
  const outcomes: VpsOutcome<T>[] = new Array(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const index = next++;
      const kvmId = ids[index]!;
      if (signal?.aborted) {
        outcomes[index] = { kvmId, ok: false, error: new EdisAbortError({ operationId: NAME, cause: signal.reason }) };
        continue;
      }
      try {
        outcomes[index] = { kvmId, ok: true, result: await fn(kvmId) };
      } catch (error) {
        // A thrown non-EdisError is kept as the cause of one that names the VPS.
        outcomes[index] = {
          kvmId,
          ok: false,
          error: error instanceof EdisError ? error : new EdisError(`${NAME} failed for ${kvmId}`, { operationId: NAME, cause: error }),
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return outcomes;
}
