/**
 * `--wait` on the commands whose outcome a read shows: power on, off and reset (the power
 * state, through the library's `power.waitFor`), mount-iso (the mounted ISO) and reinstall
 * (only the power state: the API documents no read of a reinstall's completion, and edis says
 * so instead of reporting one). `--wait-ssh` on power on, reset and reinstall, after --wait
 * when both are given: until an SSH server greets at the VPS's primary address (or
 * `--ssh-host`, `--ssh-port`), through the library's `vps.waitForSsh`; for a reinstall edis
 * says an SSH server answers, never that the reinstall finished. A progress line on a
 * terminal; exit 1 when the time runs out.
 */
import { InvalidArgumentError, Option } from "commander";
import { type EdisClient, EdisError, type EdisWaitTimeoutError, type OperationId, isEdisWaitTimeoutError, powerStateOf } from "../index.js";
import { namespaceTable } from "../../generated/operations.js";
import { isSshHost } from "../helpers/ssh-wait.js";
import { pollUntil } from "../helpers/wait.js";
import type { CliContext } from "./context.js";
import { formatDuration, parseDuration } from "./duration.js";
import { ReportedFailure, UsageError } from "./errors.js";
import { EXIT } from "./exit-codes.js";
import { clean } from "./output/render.js";

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

/** The commands after which --wait-ssh looks for an SSH server: its default longest wait, and what edis adds to what it saw. */
const SSH_WAITS: Partial<Record<OperationId, { readonly defaultMs: number; readonly after: string }>> = {
  powerOnVPS: { defaultMs: 300_000, after: "" },
  performHardReset: { defaultMs: 300_000, after: "" },
  reinstallVPS: {
    defaultMs: 900_000,
    after: "; that is all edis can observe: the API shows no completion of a reinstall, so this does not say the reinstall finished",
  },
};

function sshHost(value: string): string {
  if (!isSshHost(value)) throw new InvalidArgumentError("must be an IP address or a host name (no port: that is --ssh-port)");
  return value;
}

function sshPort(value: string): number {
  if (!/^\d{1,5}$/u.test(value) || Number(value) < 1 || Number(value) > 65_535) throw new InvalidArgumentError("must be a port number from 1 to 65535");
  return Number(value);
}

/** The --wait flags of `operationId`'s command, or none when no read shows its outcome. */
export function waitOptions(operationId: string): Option[] {
  const wait = WAITS[operationId as OperationId];
  const ssh = SSH_WAITS[operationId as OperationId];
  if (!wait) return [];
  const either = ssh ? "--wait or --wait-ssh" : "--wait";
  const sshDefault = ssh && ssh.defaultMs !== 300_000 ? `; ${formatDuration(ssh.defaultMs)} for --wait-ssh` : "";
  const longest = ssh ? `default 5m${sshDefault}; each wait is timed on its own` : "default 5m";
  return [
    new Option("--wait", wait.help),
    ...(ssh
      ? [
          new Option(
            "--wait-ssh",
            "then wait until an SSH server greets (SSH-2.0-…) on port 22 of the VPS's primary address; it says a server answers, nothing more",
          ),
          new Option("--ssh-host <host>", "with --wait-ssh: look at this IP address or host name instead (a bastion, a forwarded port)").argParser(sshHost),
          new Option("--ssh-port <port>", "with --wait-ssh: look at this port (default 22)").argParser(sshPort),
        ]
      : []),
    new Option("--wait-timeout <duration>", `longest wait with ${either} (${longest})`).argParser(parseDuration("--wait-timeout")),
    new Option("--poll-interval <duration>", `time between two reads with ${either} (default 5s)`).argParser(parseDuration("--poll-interval")),
  ];
}

/** The flags as commander parsed them. */
export interface WaitFlags {
  wait?: boolean;
  waitTimeout?: number;
  pollInterval?: number;
  waitSsh?: boolean;
  sshHost?: string;
  sshPort?: number;
}

/** Fails before anything is sent when a --wait flag comes without --wait (or --wait-ssh). */
export function checkWaitFlags(opts: WaitFlags): void {
  if (!opts.waitSsh && opts.sshHost !== undefined) throw new UsageError("--ssh-host needs --wait-ssh");
  if (!opts.waitSsh && opts.sshPort !== undefined) throw new UsageError("--ssh-port needs --wait-ssh");
  if (opts.wait || opts.waitSsh) return;
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

/** True when `operationId`'s command has a --wait or --wait-ssh and it was given. */
export function waitAsked(operationId: string, opts: WaitFlags): boolean {
  return (
    (WAITS[operationId as OperationId] !== undefined && opts.wait === true) || (SSH_WAITS[operationId as OperationId] !== undefined && opts.waitSsh === true)
  );
}

/** The SSH wait after `operationId` for `kvmId`: resolves with what edis says it saw; a timeout is the library's EdisWaitTimeoutError. */
async function sshWait(client: EdisClient, operationId: string, kvmId: string, opts: WaitFlags, signal: AbortSignal, onPoll: OnPoll): Promise<string> {
  const ssh = SSH_WAITS[operationId as OperationId]!;
  const greeting = await client.vps.waitForSsh({
    kvmId,
    ...(opts.sshHost === undefined ? {} : { host: opts.sshHost }),
    ...(opts.sshPort === undefined ? {} : { port: opts.sshPort }),
    timeoutMs: opts.waitTimeout ?? ssh.defaultMs,
    intervalMs: opts.pollInterval ?? 5000,
    signal,
    onPoll,
  });
  const host = greeting.host.includes(":") ? `[${greeting.host}]` : greeting.host;
  return `an SSH server answers at ${host}:${greeting.port} ("${clean(greeting.line)}")${ssh.after}`;
}

/** The sentence of an SSH wait that ran out of time. */
function sshTimedOut(command: string, error: EdisWaitTimeoutError): string {
  const last = error.last === undefined ? "" : ` (last look: ${clean(error.last)})`;
  return `${command} was accepted, but ${clean(error.awaited)} did not show within ${formatDuration(error.timeoutMs)}${last}`;
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
  const said: string[] = [];
  try {
    if (opts.wait) said.push(await wait.run(client, kvmId, params, { timeoutMs, intervalMs: opts.pollInterval ?? 5000, signal, onPoll: () => undefined }));
  } catch (error) {
    if (!isEdisWaitTimeoutError(error)) throw error;
    throw new EdisError(timedOut(command, wait, params, timeoutMs, error.last), { operationId, cause: error });
  }
  try {
    if (opts.waitSsh && SSH_WAITS[operationId as OperationId]) said.push(await sshWait(client, operationId, kvmId, opts, signal, () => undefined));
  } catch (error) {
    if (!isEdisWaitTimeoutError(error)) throw error;
    throw new EdisError(sshTimedOut(command, error), { operationId, cause: error });
  }
  return said.join("; ");
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
  if (!waitAsked(operationId, opts)) return;
  const wait = WAITS[operationId as OperationId]!;
  const { client } = await ctx.client();
  const timeoutMs = opts.waitTimeout ?? 300_000;
  if (opts.wait) {
    await observe(
      ctx,
      wait.awaited(params),
      (onPoll) => wait.run(client, kvmId, params, { timeoutMs, intervalMs: opts.pollInterval ?? 5000, signal: ctx.io.signal, onPoll }),
      (error) => timedOut(command, wait, params, timeoutMs, error.last),
    );
  }
  if (opts.waitSsh && SSH_WAITS[operationId as OperationId]) {
    await observe(
      ctx,
      "an SSH server greets",
      (onPoll) => sshWait(client, operationId, kvmId, opts, ctx.io.signal, onPoll),
      (error) => sshTimedOut(command, error),
    );
  }
}

/** Runs one wait with a progress line; says what it observed, or why it ran out (exit 1). */
async function observe(
  ctx: CliContext,
  label: string,
  run: (onPoll: OnPoll) => Promise<string>,
  ranOut: (error: EdisWaitTimeoutError) => string,
): Promise<void> {
  const progress = progressLine(ctx, label);
  try {
    const observed = await run(progress.onPoll);
    progress.stop();
    ctx.note(observed);
  } catch (error) {
    progress.stop();
    if (!isEdisWaitTimeoutError(error)) throw error;
    ctx.note(ranOut(error));
    throw new ReportedFailure(EXIT.failed);
  }
}
