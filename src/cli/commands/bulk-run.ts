/**
 * Runs one bulk PTR operation for a command: confirmation, a progress bar on a terminal for a
 * list longer than one request carries, the result, and, when some of its requests fail, which
 * addresses succeeded and which failed, and why (exit code 1, or 130 when interrupted).
 */
import { operationTable } from "../../../generated/operations.js";
import { EdisAbortError, EdisBulkError, type OperationId } from "../../index.js";
import type { CliContext } from "../context.js";
import { journaled } from "../stores/journal.js";
import { ReportedFailure } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { operationOf } from "../operation-info.js";
import { progressBar } from "../output/progress-bar.js";
import { reportFailure } from "../report-error.js";

export interface BulkRun {
  readonly command: string;
  readonly operationId: OperationId;
  /** The params besides kvmId: `{ ips }` or `{ records }`. */
  readonly params: Record<string, unknown>;
  readonly count: number;
  readonly concurrency: number | undefined;
  /** The line printed on success without --json. */
  readonly done?: (kvmId: string) => string;
}

/**
 * Says on stderr what a bulk run (`command`, of `count` addresses) with failed requests did and
 * did not do: the addresses done, and each failed request's addresses and error. Returns the
 * exit code it ends with: 1, or 130 when interrupted.
 */
export function noteBulkFailure(ctx: CliContext, command: string, count: number, error: EdisBulkError): number {
  const failedCount = error.failed.reduce((n, f) => n + f.items.length, 0);
  ctx.note(error.message);
  ctx.note(`${command}: ${error.succeeded.length} of ${count} addresses done, ${failedCount} failed`);
  for (const failure of error.failed) {
    const [headline = "", ...details] = reportFailure(failure.error, ctx.verbose).lines;
    ctx.note(`failed (${failure.items.length}): ${headline.replace(/^edis: /u, "")}`);
    for (const line of details) ctx.io.stderr.write(`${line}\n`);
    ctx.io.stderr.write(`  ${failure.items.join(" ")}\n`);
  }
  const interrupted = error.failed.some((f) => f.error instanceof EdisAbortError);
  return interrupted ? EXIT.interrupted : EXIT.failed;
}

/** The failed requests of a bulk run as data (`--json`): their addresses and error messages. */
export function failedAsData(error: EdisBulkError): { items: readonly string[]; error: string }[] {
  return error.failed.map((f) => ({ items: f.items, error: f.error.message }));
}

/** Prints what a bulk run with failed requests did and did not do, then fails with exit code 1 (130 when interrupted). */
async function reportBulkFailure(ctx: CliContext, run: BulkRun, error: EdisBulkError): Promise<never> {
  if (ctx.structured) {
    await ctx.print({ succeeded: error.succeeded, failed: failedAsData(error), partialResult: error.partialResult });
  } else if (Array.isArray(error.partialResult) && error.partialResult.length > 0) {
    await ctx.print(error.partialResult);
  }
  throw new ReportedFailure(noteBulkFailure(ctx, run.command, run.count, error));
}

/** Checks, confirms and sends `run`, then prints its result. */
export async function runBulk(ctx: CliContext, run: BulkRun): Promise<void> {
  const op = operationOf(run.operationId);
  if (op.destructive) ctx.checkConfirmable(run.command);
  // Before any prompt and any request: a typo is reported at once, not after the password.
  ctx.checkInput(run.operationId, run.params);
  const { client } = await ctx.client();
  const kvmId = await ctx.kvmId();
  if (op.destructive) await ctx.confirm(`${operationTable[run.operationId].summary}: ${run.count} address${run.count === 1 ? "" : "es"} — ${kvmId}. Continue`);
  // A bar only for runs that take several requests; one request is over before a bar would help.
  const bar = run.count > (op.bulk?.max ?? Infinity) ? progressBar(ctx.io.stderr, run.command) : undefined;
  let result: unknown;
  try {
    const options = {
      signal: ctx.io.signal,
      ...(bar ? { onProgress: (done: number, total: number) => bar.update(done, total) } : {}),
      ...(run.concurrency !== undefined ? { concurrency: run.concurrency } : {}),
    };
    const send = () => client.call(run.operationId, { ...run.params, kvmId } as never, options);
    result = op.destructive ? await journaled(ctx.journal, { command: run.command, op, kvmId, params: run.params }, send) : await send();
  } catch (error) {
    bar?.stop();
    if (error instanceof EdisBulkError) await reportBulkFailure(ctx, run, error);
    throw error;
  }
  bar?.stop();
  const done = run.done;
  await ctx.print(result, done ? { message: done(kvmId) } : undefined);
}
