/**
 * `edis ptr sync FILE` and `edis ptr export`: PTR records as code. export prints the records of
 * the VPS's IPv4 addresses (and of --file's) as `ip,hostname` CSV; sync takes such a file as
 * the desired state of its addresses, prints the plan, and writes only the differences, after
 * a confirmation or --yes (the library's `ptr.sync`, which asks between its read and its writes).
 */
import { type Command, Option } from "commander";
import { operationTable } from "../../../generated/operations.js";
import { EdisBulkError, type PtrSyncPlan, type PtrSyncResult } from "../../index.js";
import { addressKey, checkSyncRecords, readRecords } from "../../helpers/ptr-plan.js";
import { inputName, parseAddressList, parseRecordsCsv, readInputFile, recordMap, uniqueAddresses } from "../bulk-input.js";
import type { CliContext } from "../context.js";
import { journaled } from "../stores/journal.js";
import { formatCsv } from "../output/csv.js";
import { ReportedFailure, UsageError } from "../errors.js";
import { progressBar } from "../output/progress-bar.js";
import { cell, formatTable } from "../output/render.js";
import { failedAsData, noteBulkFailure } from "./bulk-run.js";

const COMMAND = "ptr sync";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `1 to create, 1 to change, 0 to delete, 2 unchanged`. */
function countsText(plan: PtrSyncPlan): string {
  const { create, change, delete: remove, unchanged } = plan.counts;
  return `${create} to create, ${change} to change, ${remove} to delete, ${unchanged} unchanged`;
}

/** The plan for people: a table of the addresses that change (unchanged ones only counted), then the counts. */
function planText(ctx: CliContext, plan: PtrSyncPlan, kvmId: string): string {
  const changed = plan.entries.filter((e) => e.action !== "unchanged");
  const table = changed.length
    ? formatTable(
        ctx.out,
        ["action", "ip", "current", "desired"],
        changed.map((e) => [e.action, e.ip, cell(e.current), cell(e.desired)]),
        ctx.output.header,
      )
    : "";
  return `${table}Plan for ${kvmId}: ${countsText(plan)}.\n`;
}

/** The result as data (-o json|yaml): errors as their messages. */
function resultData(kvmId: string, result: PtrSyncResult) {
  return {
    kvmId,
    plan: result.plan,
    applied: result.applied,
    outcomes: result.outcomes.map((o) => (o.status === "failed" ? { ...o, error: o.error.message } : o)),
  };
}

/** The plan with each address's outcome as records (-o csv). */
function resultRows(result: PtrSyncResult): Record<string, unknown>[] {
  const outcomes = new Map(result.outcomes.map((o) => [o.ip, o]));
  return result.plan.entries.map((e) => {
    const outcome = outcomes.get(e.ip);
    const status = e.action === "unchanged" ? "unchanged" : (outcome?.status ?? "planned");
    return { ip: e.ip, action: e.action, current: e.current, desired: e.desired, status, error: outcome?.status === "failed" ? outcome.error.message : "" };
  });
}

/** Prints the result in the format asked for; the plan for people was printed already when `planShown`. */
async function printResult(ctx: CliContext, kvmId: string, result: PtrSyncResult, planShown: boolean, dryRun: boolean): Promise<void> {
  const { format } = ctx.output;
  if (ctx.structured) return ctx.print(resultData(kvmId, result));
  if (format === "csv") return ctx.print(resultRows(result), { rows: resultRows(result), columns: ["ip", "action", "current", "desired", "status", "error"] });
  if (!planShown) ctx.out.write(planText(ctx, result.plan, kvmId));
  const changes = result.plan.entries.length - result.plan.counts.unchanged;
  if (changes === 0) ctx.out.write(`Nothing to change: ${plural(result.plan.entries.length, "record is", "records are")} as the file says.\n`);
  else if (dryRun) ctx.out.write("Dry run: nothing was written.\n");
  else ctx.out.write(`Applied ${plural(changes, "change", "changes")} to the PTR records of ${kvmId}.\n`);
}

/** `edis ptr sync FILE`. */
function addSync(parent: Command, ctx: CliContext, concurrency: () => Option): void {
  parent
    .command("sync")
    .description("Make the PTR records of a file's addresses what it says, writing only the differences (changes the VPS: asks to confirm, or --yes)")
    .argument("<file>", "ip,hostname lines (CSV), the desired state; ip, with no name: no record (- for stdin)")
    .option("--dry-run", "read the records and print the plan; write nothing")
    .addOption(concurrency())
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ edis ptr export > records.csv            # edit it, then:",
        "  $ edis ptr sync records.csv --dry-run      # the plan only",
        "  $ edis ptr sync records.csv --yes",
      ].join("\n"),
    )
    .action(async (file: string, opts: { dryRun?: boolean; concurrency?: number }) => {
      const dryRun = opts.dryRun === true;
      if (!dryRun) ctx.checkConfirmable(COMMAND);
      const pairs = parseRecordsCsv(await readInputFile(file, ctx.io.stdin), inputName(file), { noRecord: true });
      if (pairs.length === 0) throw new UsageError(`${inputName(file)} holds no ip,hostname line`);
      const map = recordMap(pairs);
      if (map.repeated > 0) ctx.note(`${plural(map.repeated, "repeated record", "repeated records")} taken once`);
      const records = Object.entries(map.records).map(([ip, hostname]) => ({ ip, hostname }));
      // Before any prompt and any request: the library's checks of the records and of --kvm.
      checkSyncRecords(records);
      ctx.checkInput("getPTR", { ips: records.map((r) => r.ip) });
      const { client } = await ctx.client();
      const kvmId = await ctx.kvmId();

      let planShown = false;
      let bar: ReturnType<typeof progressBar> | undefined;
      const confirm = async (plan: PtrSyncPlan): Promise<boolean> => {
        const text = planText(ctx, plan, kvmId);
        // The plan is the table's output; with data output, people who are asked see it on stderr.
        if (ctx.output.format === "table") ctx.out.write(text);
        else if (!ctx.confirmedAhead) ctx.io.stderr.write(text);
        planShown = ctx.output.format === "table";
        // The records were read to make the plan; nothing is written.
        await ctx.confirm(`Change the PTR records of ${kvmId}: ${countsText(plan)}. Continue`, "not confirmed; nothing was written");
        const writes = plan.entries.length - plan.counts.unchanged;
        if (writes > operationTable.setPTR.bulk.max) bar = progressBar(ctx.io.stderr, COMMAND);
        return true;
      };
      let result: PtrSyncResult;
      try {
        const sync = () =>
          client.ptr.sync(
            { kvmId, records },
            {
              dryRun,
              confirm,
              signal: ctx.io.signal,
              onProgress: (done, total) => bar?.update(done, total),
              ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
            },
          );
        // A dry run shows the plan and writes nothing: not journaled.
        result = dryRun ? await sync() : await journaled(ctx.journal, { command: COMMAND, op: { operationId: "ptr.sync" }, kvmId, params: { records } }, sync);
      } catch (error) {
        bar?.stop();
        if (!(error instanceof EdisBulkError && error.operationId === "ptr.sync")) throw error;
        const partial = error.partialResult as PtrSyncResult;
        if (ctx.structured) await ctx.print({ succeeded: error.succeeded, failed: failedAsData(error), partialResult: resultData(kvmId, partial) });
        else if (ctx.output.format === "csv") await printResult(ctx, kvmId, partial, planShown, dryRun);
        throw new ReportedFailure(noteBulkFailure(ctx, COMMAND, partial.outcomes.length, error));
      }
      bar?.stop();
      await printResult(ctx, kvmId, result, planShown, dryRun);
    });
}

/** `edis ptr export`. */
function addExport(parent: Command, ctx: CliContext, concurrency: () => Option): void {
  parent
    .command("export")
    .description("Print the PTR records of the VPS's IPv4 addresses (and of --file's) as ip,hostname CSV, the input of ptr sync")
    .addOption(new Option("--file <path>", "more addresses (IPv6 ones, say), one per line; a records CSV works too (- for stdin)"))
    .addOption(concurrency())
    .addHelpText("after", ["", "Examples:", "  $ edis ptr export > records.csv", "  $ edis ptr export --file v6.txt -o json"].join("\n"))
    .action(async (opts: { file?: string; concurrency?: number }) => {
      const named = opts.file === undefined ? [] : parseAddressList(await readInputFile(opts.file, ctx.io.stdin), inputName(opts.file), "getPTR");
      ctx.checkInput("getKvmDetails", {});
      const { client } = await ctx.client();
      const kvmId = await ctx.kvmId();
      const options = { signal: ctx.io.signal, ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}) };
      const details = await client.info.details({ kvmId }, options);
      // The details list each IPv4 address as address/netmask.
      const own = (details.ip.ipv4 ?? []).map((entry) => entry.split("/")[0]!);
      const { ips } = uniqueAddresses([...own, ...named]);
      const found = new Map<string, string>();
      if (ips.length > 0) for (const r of readRecords(await client.ptr.get({ kvmId, ips }, options))) found.set(addressKey(r.ip), r.ptr_record);
      else ctx.note(`${kvmId} lists no IPv4 address: name addresses with --file`);
      const rows = ips.map((ip) => ({ ip, hostname: found.get(addressKey(ip)) ?? "" }));
      if (ctx.structured) return ctx.print(rows);
      const header = ctx.output.header ? [["ip", "hostname"]] : [];
      ctx.out.write(formatCsv([...header, ...rows.map((r) => [r.ip, r.hostname])], ctx.out));
    });
}

/** Adds `sync` and `export` to the `ptr` command; `concurrency` makes the --concurrency option the PTR commands share. */
export function addPtrSyncCommands(parent: Command, ctx: CliContext, concurrency: () => Option): void {
  addSync(parent, ctx, concurrency);
  addExport(parent, ctx, concurrency);
}
