/**
 * Bulk runs: a list (or map) longer than one request may carry (`x-edis-bulk` and its
 * `maxItems` in the spec) is split into requests of at most that many entries, sent with
 * bounded concurrency; results come back in input order, and a failed request loses nothing.
 * A run longer than the cap is refused before any of its entries is checked.
 */
import type { OperationSpec } from "../operation-spec.js";
import { type BulkFailure, EdisAbortError, EdisBulkError, EdisError, EdisValidationError } from "../errors.js";
import type { ResolvedCallOptions } from "../options.js";

/** A bulk run may carry at most this many times `maxItems` entries. */
export const BULK_REQUEST_LIMIT = 1000;

/** An operation whose values are split into several requests. */
export type BulkOperation = OperationSpec & { readonly bulk: NonNullable<OperationSpec["bulk"]> };

/**
 * A bulk field's value cut into requests without copying it first: each part's entries and
 * value are made when the part is sent or reported, so a run of 100,000 entries holds the
 * input once, not once more per representation (BENCHMARKS.md, long PTR lists).
 */
interface Parts {
  readonly count: number;
  /** The entries of part `i` as the caller named them: the list's items, or the map's keys. */
  items(i: number): string[];
  /** The value part `i` sends in place of the whole. */
  value(i: number): unknown;
}

/** The number of entries of a bulk field's value. */
export function bulkSize(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return typeof value === "object" && value !== null ? Object.keys(value).length : 0;
}

/**
 * Refuses a bulk field longer than the cap, read from the caller's params before they are
 * validated: a list that will be refused costs no walk over its entries. Params that are not
 * an object are left to the validation, which names them.
 */
export function checkBulkCap(op: OperationSpec, params: unknown): void {
  const { bulk } = op;
  if (!bulk || typeof params !== "object" || params === null) return;
  const field = op.fields.find((f) => f.wire === bulk.field)!;
  const size = bulkSize((params as Record<string, unknown>)[field.param]);
  const cap = bulk.max * BULK_REQUEST_LIMIT;
  if (size > cap) {
    throw new EdisValidationError({ operationId: op.operationId, field: field.param, reason: `must have at most ${cap} entries, got ${size}` });
  }
}

/** True when the validated `values` of `op` hold more entries than one request may carry. */
export function isBulkRun(op: OperationSpec, values: Readonly<Record<string, unknown>>): op is BulkOperation {
  return op.bulk !== undefined && bulkSize(values[op.bulk.field]) > op.bulk.max;
}

function split(value: unknown, max: number): Parts {
  if (Array.isArray(value)) {
    const list: readonly unknown[] = value;
    return {
      count: Math.ceil(list.length / max),
      items: (i) => list.slice(i * max, (i + 1) * max).map(String),
      value: (i) => list.slice(i * max, (i + 1) * max),
    };
  }
  const map = value as Record<string, unknown>;
  const keys = Object.keys(map);
  return {
    count: Math.ceil(keys.length / max),
    items: (i) => keys.slice(i * max, (i + 1) * max),
    // fromEntries defines each key as an own property, "__proto__" included.
    value: (i) => Object.fromEntries(keys.slice(i * max, (i + 1) * max).map((key) => [key, map[key]])),
  };
}

/**
 * Lists are joined in order; any other result is the first request's. By concat, which copies
 * arrays natively: `flat()` takes about 17 ms to join 1,000 lists of 100 records, concat 1 ms.
 */
function merge(results: readonly unknown[]): unknown {
  return Array.isArray(results[0]) ? ([] as unknown[]).concat(...results) : results[0];
}

/**
 * Sends `values` of `op` as several requests through `send`, at most `op.bulk.max` entries
 * each. Throws EdisBulkError when any request fails (or is cancelled by the signal).
 */
export async function runBulk(
  op: BulkOperation,
  values: Readonly<Record<string, unknown>>,
  options: Pick<ResolvedCallOptions, "concurrency" | "onProgress" | "signal">,
  send: (values: Record<string, unknown>) => Promise<unknown>,
): Promise<unknown> {
  const field = values[op.bulk.field];
  const parts = split(field, op.bulk.max);
  const total = bulkSize(field);
  const results: unknown[] = new Array(parts.count);
  const errors: (EdisError | undefined)[] = new Array(parts.count);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < parts.count) {
      const index = next++;
      if (options.signal?.aborted) {
        errors[index] = new EdisAbortError({ operationId: op.operationId, cause: options.signal.reason });
        continue;
      }
      try {
        results[index] = await send({ ...values, [op.bulk.field]: parts.value(index) });
      } catch (error) {
        errors[index] = error instanceof EdisError ? error : new EdisError(`${op.operationId} failed`, { operationId: op.operationId, cause: error });
      }
      done += Math.min(op.bulk.max, total - index * op.bulk.max);
      options.onProgress?.(done, total);
    }
  };
  const workers = Math.min(options.concurrency, parts.count);
  await Promise.all(Array.from({ length: workers }, worker));

  // errors has holes where a part succeeded; some() skips them.
  if (!errors.some((error) => error !== undefined)) return merge(results);
  const failed: BulkFailure[] = [];
  const succeeded: string[] = [];
  for (let i = 0; i < parts.count; i++) {
    const error = errors[i];
    if (error) failed.push({ items: parts.items(i), error });
    else for (const item of parts.items(i)) succeeded.push(item);
  }
  throw new EdisBulkError({
    operationId: op.operationId,
    requests: parts.count,
    succeeded,
    failed,
    partialResult: merge(results.filter((_, i) => !errors[i])),
  });
}
