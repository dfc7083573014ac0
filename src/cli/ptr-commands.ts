/**
 * `edis ptr get <ip…>`, `edis ptr set <ip>=<hostname>…` and `edis ptr delete <ip…>`, also with
 * `--file` for long lists. The client splits a list longer than one request carries; here a
 * progress bar shows such a run on a terminal, and when some of its requests fail the user
 * learns which addresses succeeded and which failed, and why.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { operationTable } from "../../generated/operations.js";
import { EdisAbortError, EdisBulkError, type OperationId } from "../index.js";
import type { CliContext } from "./context.js";
import { inputName, parseAddressList, parseRecordArgs, parseRecordsCsv, readInputFile, recordMap, uniqueAddresses } from "./bulk-input.js";
import { describeOperation, operationOf } from "./operation-commands.js";
import { progressBar } from "./progress-bar.js";
import { reportFailure } from "./report-error.js";
import { ReportedFailure, UsageError } from "./errors.js";
import { EXIT } from "./exit-codes.js";

interface BulkRun {
  readonly command: string;
  readonly operationId: OperationId;
  /** The params besides kvmId: `{ ips }` or `{ records }`. */
  readonly params: Record<string, unknown>;
  readonly count: number;
  readonly concurrency: number | undefined;
  /** The line printed on success without --json. */
  readonly done?: (kvmId: string) => string;
}

function concurrencyOption(): Option {
  return new Option("--concurrency <n>", "requests in flight at once for long lists (default 4)").argParser((value) => {
    if (!/^\d+$/u.test(value) || Number(value) < 1) throw new InvalidArgumentError("--concurrency must be a whole number of at least 1.");
    return Number(value);
  });
}

function fileOption(what: string): Option {
  return new Option("--file <path>", `read ${what} from a file (- for stdin)`);
}

/** Prints what a bulk run with failed requests did and did not do, then fails with exit code 1 (130 when interrupted). */
function reportBulkFailure(ctx: CliContext, run: BulkRun, error: EdisBulkError): never {
  const failedCount = error.failed.reduce((n, f) => n + f.items.length, 0);
  if (ctx.json) {
    ctx.print({
      succeeded: error.succeeded,
      failed: error.failed.map((f) => ({ items: f.items, error: f.error.message })),
      partialResult: error.partialResult,
    });
  } else if (Array.isArray(error.partialResult) && error.partialResult.length > 0) {
    ctx.print(error.partialResult);
  }
  ctx.note(error.message);
  ctx.note(`${run.command}: ${error.succeeded.length} of ${run.count} addresses done, ${failedCount} failed`);
  for (const failure of error.failed) {
    const [headline = "", ...details] = reportFailure(failure.error, ctx.verbose).lines;
    ctx.note(`failed (${failure.items.length}): ${headline.replace(/^edis: /u, "")}`);
    for (const line of details) ctx.io.stderr.write(`${line}\n`);
    ctx.io.stderr.write(`  ${failure.items.join(" ")}\n`);
  }
  const interrupted = error.failed.some((f) => f.error instanceof EdisAbortError);
  throw new ReportedFailure(interrupted ? EXIT.interrupted : EXIT.failed);
}

async function runBulk(ctx: CliContext, run: BulkRun): Promise<void> {
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
    result = await client.call(run.operationId, { ...run.params, kvmId } as never, options);
  } catch (error) {
    bar?.stop();
    if (error instanceof EdisBulkError) reportBulkFailure(ctx, run, error);
    throw error;
  }
  bar?.stop();
  const done = run.done;
  ctx.print(result, done ? (target) => target.write(`${done(kvmId)}\n`) : undefined);
}

/** Addresses from the arguments and --file, without repeats (a note says how many were repeated). */
function addresses(ctx: CliContext, operationId: OperationId, args: readonly string[], file: string | undefined): string[] {
  const all = [...args, ...(file === undefined ? [] : parseAddressList(readInputFile(file), inputName(file), operationId))];
  if (all.length === 0) throw new UsageError("give at least one address, or --file <path>");
  const { ips, repeated } = uniqueAddresses(all);
  if (repeated > 0) ctx.note(`${repeated} repeated address${repeated === 1 ? "" : "es"} sent once`);
  return ips;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Adds `get`, `set` and `delete` to the `ptr` command. */
export function addPtrCommands(parent: Command, ctx: CliContext): void {
  parent
    .command("get")
    .description(describeOperation("getPTR"))
    .argument("[ip...]", "IPv4 or IPv6 addresses of the VPS")
    .addOption(fileOption("addresses, one per line"))
    .addOption(concurrencyOption())
    .addHelpText(
      "after",
      ["", "Examples:", "  $ edis ptr get 192.0.2.1 2001:db8::1", "  $ edis ptr get --file ips.txt --json"].join("\n"),
    )
    .action(async (args: string[], opts: { file?: string; concurrency?: number }) => {
      const ips = addresses(ctx, "getPTR", args, opts.file);
      await runBulk(ctx, { command: "ptr get", operationId: "getPTR", params: { ips }, count: ips.length, concurrency: opts.concurrency });
    });

  parent
    .command("set")
    .description(describeOperation("setPTR"))
    .argument("[ip=hostname...]", "records to set")
    .addOption(fileOption("ip,hostname lines (CSV)"))
    .addOption(concurrencyOption())
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ edis ptr set 192.0.2.1=mail.example.com 2001:db8::1=mail.example.com",
        "  $ edis ptr set --file records.csv --yes        # ip,hostname per line",
      ].join("\n"),
    )
    .action(async (args: string[], opts: { file?: string; concurrency?: number }) => {
      const pairs = parseRecordArgs(args);
      if (opts.file !== undefined) pairs.push(...parseRecordsCsv(readInputFile(opts.file), inputName(opts.file)));
      if (pairs.length === 0) throw new UsageError("give at least one <ip>=<hostname>, or --file <path>");
      const { records, repeated } = recordMap(pairs);
      if (repeated > 0) ctx.note(`${repeated} repeated record${repeated === 1 ? "" : "s"} sent once`);
      const count = Object.keys(records).length;
      await runBulk(ctx, {
        command: "ptr set",
        operationId: "setPTR",
        params: { records },
        count,
        concurrency: opts.concurrency,
        done: (kvmId) => `Set ${plural(count, "PTR record", "PTR records")} of ${kvmId}.`,
      });
    });

  parent
    .command("delete")
    .description(describeOperation("deletePTR"))
    .argument("[ip...]", "addresses whose PTR records to delete")
    .addOption(fileOption("addresses, one per line (a records CSV works too)"))
    .addOption(concurrencyOption())
    .addHelpText("after", ["", "Examples:", "  $ edis ptr delete 192.0.2.1", "  $ edis ptr delete --file ips.txt --yes"].join("\n"))
    .action(async (args: string[], opts: { file?: string; concurrency?: number }) => {
      const ips = addresses(ctx, "deletePTR", args, opts.file);
      await runBulk(ctx, {
        command: "ptr delete",
        operationId: "deletePTR",
        params: { ips },
        count: ips.length,
        concurrency: opts.concurrency,
        done: (kvmId) => `Deleted the PTR records of ${plural(ips.length, "address", "addresses")} of ${kvmId}.`,
      });
    });
}
