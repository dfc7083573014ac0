/**
 * Bulk runs: a list (or map) longer than one request may carry (`x-edis-bulk` and its
 * `maxItems` in the spec) is split into requests of at most that many entries, sent with
 * bounded concurrency; results come back in input order, and a failed request loses nothing.
 */
import type { OperationSpec } from "./operation-spec.js";
import { type BulkFailure, EdisAbortError, EdisBulkError, EdisError } from "./errors.js";

/** A bulk run may carry at most this many times `maxItems` entries. */
export const BULK_REQUEST_LIMIT = 1000;

/** Options of a bulk run (part of the call options). */
export interface BulkOptions {
  /**
   * Requests of a bulk run in flight at once.
   * @default 4
   */
  concurrency?: number;
  /** Called after each request of a bulk run with the entries done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Cancels the run: requests of it not yet sent fail with `EdisAbortError`. */
  signal?: AbortSignal;
}

interface Chunk {
  readonly items: readonly string[];
  readonly value: unknown;
}

/** The number of entries of a bulk field's value. */
export function bulkSize(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return typeof value === "object" && value !== null ? Object.keys(value).length : 0;
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
  op: OperationSpec & { readonly bulk: NonNullable<OperationSpec["bulk"]> },
  values: Readonly<Record<string, unknown>>,
  options: BulkOptions,
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
        errors[index] =
          error instanceof EdisError ? error : new EdisError(`${op.operationId} failed`, { operationId: op.operationId, cause: error });
      }
      done += chunk.items.length;
      options.onProgress?.(done, total);
    }
  };
  const workers = Math.min(options.concurrency ?? 4, chunks.length);
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
