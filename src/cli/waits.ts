/**
 * `--wait` on the commands whose outcome a read shows: power on, off and reset (the power
 * state, through the library's `power.waitFor`), mount-iso (the mounted ISO) and reinstall
 * (only the power state: the API documents no read of a reinstall's completion, and edis says
 * so instead of reporting one). A progress line on a terminal; exit 1 when the time runs out.
 */
import { Option } from "commander";
import { type EdisClient, EdisError, type OperationId, isEdisWaitTimeoutError, powerStateOf } from "../index.js";
import { namespaceTable } from "../../generated/operations.js";
import { pollUntil } from "../wait.js";
import type { CliContext } from "./context.js";
import { formatDuration, parseDuration } from "./duration.js";
import { ReportedFailure, UsageError } from "./errors.js";
import { EXIT } from "./exit-codes.js";
import { clean } from "./render.js";

/** What a read showed, for the progress line. */
type OnPoll = (shown: string | undefined) => void;

interface CommandWait {
  /** What --wait waits for, for the help. */
  readonly help: string;
  /** The outcome waited for, for messages: "the power state reads on". */
  readonly awaited: (params: Readonly<Record<string, unknown>>) => string;
  /** Polls until the outcome shows; resolves with what to say about it. */
  readonly run: (client: EdisClient, kvmId: string, params: Readonly<Record<string, unknown>>, timing: Timing) => Promise<string>;
}

interface Timing {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  readonly onPoll: OnPoll;
}

function powerWait(state: "on" | "off", help: string, after = ""): CommandWait {
  return {
    help,
    awaited: () => `the power state reads ${state}`,
    run: async (client, kvmId, _params, timing) => {
      const answer = await client.power.waitFor({ kvmId, state }, timing);
      return `the power state reads ${powerStateOf(answer)} ("${clean(String(answer.data))}")${after}`;
    },
  };
}

const WAITS: Partial<Record<OperationId, CommandWait>> = {
  powerOnVPS: powerWait("on", "wait until the power state reads on"),
  powerOffVPS: powerWait("off", "wait until the power state reads off"),
  performHardReset: powerWait("on", "wait until the power state reads on (a reset shows no state of its own: this is all a read can show)"),
  reinstallVPS: powerWait(
    "on",
    "wait until the power state reads on; the API has no read that shows a reinstall finished, so this is not its completion",
    "; the API shows no completion of a reinstall, so the install may still be running (a Linux install takes about five minutes)",
  ),
  mountISO: {
    help: "wait until the mounted ISO (edis info mount) reads the ISO given",
    awaited: (params) => `the mounted ISO reads ${String(params.iso)}`,
    run: async (client, kvmId, params, timing) => {
      const operationId = namespaceTable.info.mount;
      const iso = await pollUntil(
        {
          operationId,
          awaited: `the mounted ISO ${String(params.iso)}`,
          read: async (options) => client.call(operationId, { kvmId }, options),
          shown: (value) => String(value),
          done: (value) => value === params.iso,
        },
        timing,
      );
      return `the mounted ISO reads ${clean(iso)}`;
    },
  },
};

/** The --wait flags of `operationId`'s command, or none when no read shows its outcome. */
export function waitOptions(operationId: string): Option[] {
  const wait = WAITS[operationId as OperationId];
  if (!wait) return [];
  return [
    new Option("--wait", wait.help),
    new Option("--wait-timeout <duration>", "longest wait with --wait (default 5m)").argParser(parseDuration("--wait-timeout")),
    new Option("--poll-interval <duration>", "time between two reads with --wait (default 5s)").argParser(parseDuration("--poll-interval")),
  ];
}

/** The flags as commander parsed them. */
export interface WaitFlags {
  wait?: boolean;
  waitTimeout?: number;
  pollInterval?: number;
}

/** Fails before anything is sent when a --wait flag comes without --wait. */
export function checkWaitFlags(opts: WaitFlags): void {
  if (opts.wait) return;
  if (opts.waitTimeout !== undefined) throw new UsageError("--wait-timeout needs --wait");
  if (opts.pollInterval !== undefined) throw new UsageError("--poll-interval needs --wait");
}

/** A progress line on a terminal's stderr, redrawn at each read; nothing elsewhere. */
function progressLine(ctx: CliContext, label: string): { onPoll: OnPoll; stop: () => void } {
  const stderr = ctx.io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  if (stderr.isTTY !== true) return { onPoll: () => undefined, stop: () => undefined };
  const start = Date.now();
  let drawn = false;
  return {
    onPoll: (shown) => {
      const seconds = Math.round((Date.now() - start) / 1000);
      stderr.write(`\r\u001b[2Kwaiting until ${label}: ${seconds}s${shown === undefined ? "" : `, last read: ${clean(shown)}`}`);
      drawn = true;
    },
    stop: () => void (drawn && stderr.write("\r\u001b[2K")),
  };
}

/** True when `operationId`'s command has a --wait and it was given. */
export function waitAsked(operationId: string, opts: WaitFlags): boolean {
  return WAITS[operationId as OperationId] !== undefined && opts.wait === true;
}

/**
 * The wait of `operationId` for one VPS of a run on several: resolves with what was observed;
 * a timeout is an EdisError saying what did not show (the command itself was accepted).
 */
export async function waitForOne(
  client: EdisClient,
  command: string,
  operationId: string,
  kvmId: string,
  params: Readonly<Record<string, unknown>>,
  opts: WaitFlags,
  signal: AbortSignal,
): Promise<string> {
  const wait = WAITS[operationId as OperationId]!;
  const timeoutMs = opts.waitTimeout ?? 300_000;
  try {
    return await wait.run(client, kvmId, params, { timeoutMs, intervalMs: opts.pollInterval ?? 5000, signal, onPoll: () => undefined });
  } catch (error) {
    if (!isEdisWaitTimeoutError(error)) throw error;
    throw new EdisError(timedOut(command, wait, params, timeoutMs, error.last), { operationId, cause: error });
  }
}

/** The sentence of a wait that ran out of time. */
function timedOut(command: string, wait: CommandWait, params: Readonly<Record<string, unknown>>, timeoutMs: number, lastRead: string | undefined): string {
  const last = lastRead === undefined ? "" : ` (last read: "${clean(lastRead)}")`;
  return `${command} was accepted, but ${wait.awaited(params).replace(/ reads /u, " did not read ")} within ${formatDuration(timeoutMs)}${last}`;
}

/** Runs the wait of `operationId` after its command was sent, as --wait asked; says what was observed. */
export async function runWait(
  ctx: CliContext,
  command: string,
  operationId: string,
  kvmId: string,
  params: Readonly<Record<string, unknown>>,
  opts: WaitFlags,
): Promise<void> {
  const wait = WAITS[operationId as OperationId];
  if (!wait || !opts.wait) return;
  const { client } = await ctx.client();
  const timeoutMs = opts.waitTimeout ?? 300_000;
  const progress = progressLine(ctx, wait.awaited(params));
  try {
    const observed = await wait.run(client, kvmId, params, {
      timeoutMs,
      intervalMs: opts.pollInterval ?? 5000,
      signal: ctx.io.signal,
      onPoll: progress.onPoll,
    });
    progress.stop();
    ctx.note(observed);
  } catch (error) {
    progress.stop();
    if (!isEdisWaitTimeoutError(error)) throw error;
    ctx.note(timedOut(command, wait, params, timeoutMs, error.last));
    throw new ReportedFailure(EXIT.failed);
  }
}
