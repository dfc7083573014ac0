/**
 * A per-VPS command run on several VPSs (`--kvm a,b`, `--kvm` repeated, `--all`): every
 * generated per-VPS command goes through here, not code of its own. Everything is checked
 * before anything is sent; a change asks once, listing every target (or takes --yes); the
 * library's `vps.forEach` runs the calls, `--parallel` at once; the output has one row per VPS
 * (`--json`: `{ kvmId, ok, result }` or `{ kvmId, ok: false, error }`), and stderr says which
 * failed and why (exit 1). Ctrl-C starts no new VPS, lets the calls in flight finish and
 * reports what ran (exit 130).
 */
import { operationTable } from "../../../generated/operations.js";
import { EdisAbortError, EdisError, type OperationId, type VpsOutcome } from "../../index.js";
import type { OperationSpec } from "../../operation-spec.js";
import { validateParams } from "../../request/validate.js";
import type { CliContext } from "../context.js";
import { ReportedFailure, UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { DEFAULT_PARALLEL } from "../fleet-flags.js";
import { isPlainObject } from "../output/render.js";
import { reportFailure } from "../report-error.js";
import { dryRunText } from "../output/request-preview.js";
import { type WaitFlags, waitAsked, waitForOne } from "../waits.js";
import { journaled } from "../stores/journal.js";

export interface FleetRun {
  /** The command, for messages: `power on`. */
  readonly command: string;
  readonly operationId: OperationId;
  readonly op: OperationSpec;
  /** The params besides kvmId and the secrets still to ask for. */
  readonly params: Record<string, unknown>;
  /** The secret params asked for after the confirmation. */
  readonly pending: readonly string[];
  /** Asks for the pending secrets (once, for every VPS) and adds them to `params`. */
  readonly askSecrets: () => Promise<void>;
  /** The command's flags: --all, --parallel, --dry-run and the --wait flags. */
  readonly opts: WaitFlags & { readonly all?: boolean; readonly parallel?: number; readonly dryRun?: boolean };
}

/** True when the flags ask for a run on several VPSs; --all with --kvm is a usage error. */
export function isFleetRun(ctx: CliContext, all: boolean): boolean {
  if (all && ctx.kvmFlags.length > 0) throw new UsageError("--all means every VPS of the account: give --all or --kvm, not both");
  return all || ctx.kvmFlags.length > 1;
}

/** The VPSs --kvm names, each once. */
function namedTargets(ctx: CliContext): readonly string[] {
  const seen = new Set<string>();
  for (const id of ctx.kvmFlags) {
    if (seen.has(id)) throw new UsageError(`--kvm names ${id} twice`);
    seen.add(id);
  }
  return [...seen];
}

/** What stderr and `--json` say about a failed VPS: the CLI's one-line account of the error. */
function failureText(error: EdisError, started: boolean): string {
  if (!started && error instanceof EdisAbortError) return "not started: interrupted";
  return (reportFailure(error, false).lines[0] ?? error.message).replace(/^edis: /u, "");
}

/** The rows of a table or CSV: kvmId, ok, the fields of each result (or the result), and the error of each failed VPS. */
function rowsOf(data: readonly Record<string, unknown>[]): { rows: Record<string, unknown>[]; columns: string[] } {
  const fields = new Set<string>();
  const rows = data.map((entry) => {
    if (!entry.ok) return { kvmId: entry.kvmId, ok: false, error: entry.error };
    const fieldsOf = isPlainObject(entry.result) ? entry.result : { result: entry.result };
    for (const key of Object.keys(fieldsOf)) fields.add(key);
    return { ...fieldsOf, kvmId: entry.kvmId, ok: true };
  });
  fields.delete("kvmId");
  fields.delete("ok");
  const failed = data.some((entry) => !entry.ok);
  return { rows, columns: ["kvmId", "ok", ...fields, ...(failed ? ["error"] : [])] };
}

/** Checks, confirms once and runs `run` on every VPS it names; prints one outcome per VPS. */
export async function runFleet(ctx: CliContext, run: FleetRun): Promise<void> {
  const { op, opts, command } = run;
  const named = opts.all ? undefined : namedTargets(ctx);
  // One host for several VPSs would say nothing about each; their own primary addresses do.
  if (opts.sshHost !== undefined)
    throw new UsageError("--ssh-host names one host, and this command runs on several VPSs: leave it out to look at each VPS's primary address");
  // Before any prompt and any request: the fields, and each VPS named, as the library checks them.
  const wires = named
    ? named.map((kvmId) => validateParams(op, { ...run.params, kvmId }, run.pending))
    : [validateParams(op, run.params, [...run.pending, "kvmId"])];
  if (opts.dryRun) {
    if (!named) ctx.note("--all: this request goes to every VPS of the account (a dry run sends nothing, so they are not listed)");
    for (const [i, wire] of wires.entries()) ctx.out.write(dryRunText(op, wire, ctx.io.env, named?.[i], ctx.namedEmail()));
    return;
  }

  const { client } = await ctx.client();
  const targets = named ?? (await client.vps.list({ signal: ctx.io.signal })).map((vps) => vps.kvmId);
  if (targets.length === 0) throw new EdisError("the account has no VPS");
  if (op.destructive)
    await ctx.confirm(`${operationTable[run.operationId].summary} — ${targets.length} VPS${targets.length === 1 ? "" : "s"}: ${targets.join(", ")}. Continue`);
  await run.askSecrets();

  const wait = waitAsked(run.operationId, opts);
  const started = new Set<string>();
  const outcomes: VpsOutcome<unknown>[] = await client.vps.forEach(
    async (kvmId) => {
      started.add(kvmId);
      // No signal: a change in flight is let finish (its own timeout still bounds it); Ctrl-C only stops new ones.
      const send = () => client.call(run.operationId, { ...run.params, kvmId } as never);
      const result = op.destructive ? await journaled(ctx.journal, { command, op, kvmId, params: run.params }, send) : await send();
      if (!wait) return result;
      try {
        ctx.note(`${kvmId}: ${await waitForOne(client, command, run.operationId, kvmId, run.params, opts, ctx.io.signal)}`);
      } catch (error) {
        ctx.note(`${kvmId}: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
      return result;
    },
    { kvmIds: targets, concurrency: opts.parallel ?? DEFAULT_PARALLEL, signal: ctx.io.signal },
  );

  const data = outcomes.map((o) =>
    o.ok ? { kvmId: o.kvmId, ok: true, result: o.result } : { kvmId: o.kvmId, ok: false, error: failureText(o.error, started.has(o.kvmId)) },
  );
  await ctx.print(data, ctx.structured ? undefined : rowsOf(data));

  const failed = data.filter((entry) => !entry.ok);
  if (failed.length === 0) return;
  ctx.note(`${command}: ${data.length - failed.length} of ${data.length} VPSs done, ${failed.length} failed`);
  for (const entry of failed) ctx.note(`${entry.kvmId}: ${String(entry.error)}`);
  if (ctx.io.signal.aborted) {
    ctx.note(`interrupted: ${started.size} of ${data.length} VPSs were started, and the calls already sent were let finish`);
    throw new ReportedFailure(EXIT.interrupted);
  }
  throw new ReportedFailure(EXIT.failed);
}
