/**
 * Bulk runs: a list (or map) longer than one request may carry (`x-edis-bulk` and its
 * `maxItems` in the spec) is split into requests of at most that many entries, sent with
 * bounded concurrency; results come back in input order, and a failed request loses nothing.
 * A run longer than the cap is refused before any of its entries is checked.
 */
import type { OperationSpec } from "./operation-spec.js";
import { type BulkFailure, EdisAbortError, EdisBulkError, EdisError, EdisValidationError } from "./errors.js";
import type { ResolvedCallOptions } from "./options.js";

/** A bulk run may carry at most this many times `maxItems` entries. */
export const BULK_REQUEST_LIMIT = 1000;

/** An operation whose values are split into several requests. */
export type BulkOperation = OperationSpec & { readonly bulk: NonNullable<OperationSpec["bulk"]> };

interface Chunk {
  readonly items: readonly string[];
  readonly value: unknown;
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

function split(value: unknown, max: number): Chunk[] {
  const chunks: Chunk[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += max) {
      const part = value.slice(i, i + max);
      chunks.push({ items: part.map(String), value: part });
    }
  } else {
    const entries = Object.entries(value as Record<string, unknown>);
    for (let i = 0; i < entries.length; i += max) {
      const part = entries.slice(i, i + max);
      chunks.push({ items: part.map(([key]) => key), value: Object.fromEntries(part) });
    }
  }
  return chunks;
}

/** Lists are joined in order; any other result is the first request's. */
function merge(results: readonly unknown[]): unknown {
  return Array.isArray(results[0]) ? results.flat() : results[0];
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
  const chunks = split(values[op.bulk.field], op.bulk.max);
  const total = chunks.reduce((n, c) => n + c.items.length, 0);
  const results: unknown[] = new Array(chunks.length);
  const errors: (EdisError | undefined)[] = new Array(chunks.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const index = next++;
      const chunk = chunks[index]!;
      if (options.signal?.aborted) {
        errors[index] = new EdisAbortError({ operationId: op.operationId, cause: options.signal.reason });
        continue;
      }
      try {
        results[index] = await send({ ...values, [op.bulk.field]: chunk.value });
      } catch (error) {
        errors[index] = error instanceof EdisError ? error : new EdisError(`${op.operationId} failed`, { operationId: op.operationId, cause: error });
      }
      done += chunk.items.length;
      options.onProgress?.(done, total);
    }
  };
  const workers = Math.min(options.concurrency, chunks.length);
  await Promise.all(Array.from({ length: workers }, worker));

  const failed: BulkFailure[] = [];
  const succeeded: string[] = [];
  chunks.forEach((chunk, i) => {
    const error = errors[i];
    if (error) failed.push({ items: chunk.items, error });
    else succeeded.push(...chunk.items);
  });
  if (failed.length === 0) return merge(results);
  throw new EdisBulkError({
    operationId: op.operationId,
    requests: chunks.length,
    succeeded,
    failed,
    partialResult: merge(results.filter((_, i) => !errors[i])),
  });
}
