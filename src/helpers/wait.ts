/**
 * Waiting for an outcome the API shows only in a read: `edis.power.waitFor` polls the read of
 * the power state (the operation behind `power.state` in the generated table, through the
 * client's one call path) until it shows the state asked for, or the time runs out. `pollUntil`
 * is the loop, shared with the `edis` command's other waits (the mounted ISO).
 */
import { namespaceTable } from "../../generated/table.js";
import type { OperationResults } from "../../generated/params.js";
import type { CallOptions } from "../options.js";
import { onAbort } from "../request/abort-listeners.js";
import { EdisAbortError, EdisValidationError, EdisWaitTimeoutError } from "../errors.js";
import { sleep } from "../request/retry.js";

/** Options of a wait. */
export interface WaitOptions {
  /**
   * Longest wait, in milliseconds, from the first read, a read in flight included: a read
   * that has not answered by then is cancelled, and no read starts after it.
   * @default 300000 (5 minutes)
   */
  timeoutMs?: number;
  /**
   * Time between two reads, in milliseconds.
   * @default 5000
   */
  intervalMs?: number;
  /** Cancels the wait (a read in flight, or the time between two). */
  signal?: AbortSignal;
  /** Called after each read with what it showed, for progress displays. */
  onPoll?: (shown: string | undefined) => void;
}

/** A power state `power.waitFor` can wait for. */
export type PowerState = "on" | "off";

/**
 * What a power sentence says, read as a whole: an optional subject (`server`, `the VPS`…), an
 * optional `is` / `has been` / `currently`, then `powered`, `turned` or `switched` `on` or
 * `off`, and an optional full stop; any case, any spacing. Anything else (a negation, "could
 * not be powered on", "failed to power on", more words, an error) says no state: not yet.
 */
const POWER_SENTENCE =
  /^(?:(?:the )?(?:server|vps|vm|kvm|virtual server|machine) )?(?:(?:is|has been) )?(?:currently |now )?(?:powered|turned|switched) (on|off)\.?$/u;

/** The power state a `power.state` answer shows, or undefined when its sentence says neither (or says something else). */
export function powerStateOf(answer: { readonly data?: unknown }): PowerState | undefined {
  // The spec documents the state as a sentence ("server powered on") and no fixed set of them.
  if (typeof answer.data !== "string") return undefined;
  const sentence = answer.data.trim().replace(/\s+/gu, " ").toLowerCase();
  return POWER_SENTENCE.exec(sentence)?.[1] as PowerState | undefined;
}

/** The longest delay a timer holds (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function milliseconds(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_TIMER_MS) {
    throw new EdisValidationError({ field, reason: `option must be an integer from 1 to ${MAX_TIMER_MS}` });
  }
  return value;
}

/** What one wait polls, and for what. */
export interface Poll<T> {
  /** The operation read, for messages. */
  readonly operationId: string;
  /** What is waited for, in words: "the power state on". */
  readonly awaited: string;
  readonly read: (options: CallOptions) => Promise<T>;
  /** What a read shows, in words (for progress and the timeout's message). */
  readonly shown: (value: T) => string | undefined;
  readonly done: (value: T) => boolean;
}

/**
 * One read of `poll` that ends by `deadline`: aborted then, and then a timeout of the wait (not
 * the read's abort), so that a read in flight (a server that hangs) cannot stretch the wait.
 */
async function readBy<T>(poll: Poll<T>, deadline: number, signal: AbortSignal | undefined, timedOut: () => EdisWaitTimeoutError): Promise<T> {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(
    () => {
      expired = true;
      controller.abort(timedOut());
    },
    Math.max(0, deadline - Date.now()),
  );
  const stopListening = onAbort(signal, () => controller.abort(signal?.reason));
  if (signal?.aborted) controller.abort(signal.reason);
  try {
    return await poll.read({ signal: controller.signal });
  } catch (error) {
    if (expired && !signal?.aborted) throw timedOut();
    throw error;
  } finally {
    clearTimeout(timer);
    stopListening();
  }
}

/**
 * Reads until `poll.done` holds, every `intervalMs`, for at most `timeoutMs` in all, a read in
 * flight included; resolves with the read that showed it. No read starts at or after the deadline.
 */
export async function pollUntil<T>(poll: Poll<T>, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = milliseconds(options.timeoutMs, "timeoutMs", 300_000);
  const intervalMs = milliseconds(options.intervalMs, "intervalMs", 5000);
  const { signal } = options;
  const deadline = Date.now() + timeoutMs;
  let shown: string | undefined;
  const timedOut = () => new EdisWaitTimeoutError({ operationId: poll.operationId, awaited: poll.awaited, timeoutMs, last: shown });
  for (;;) {
    const value = await readBy(poll, deadline, signal, timedOut);
    shown = poll.shown(value);
    options.onPoll?.(shown);
    if (poll.done(value)) return value;
    const left = deadline - Date.now();
    if (left <= 0) throw timedOut();
    try {
      await sleep(Math.min(intervalMs, left), signal);
    } catch (reason) {
      throw new EdisAbortError({ operationId: poll.operationId, cause: reason });
    }
    if (Date.now() >= deadline) throw timedOut();
  }
}

/** The answer of `power.state`. */
type PowerAnswer = OperationResults["getPowerState"];

/** `edis.power.waitFor`. */
export interface EdisPowerWait {
  /**
   * Waits until the power state reads `state` ("on" or "off"): reads it at once, then every
   * `intervalMs` until it does or `timeoutMs` has passed, a read in flight included
   * (EdisWaitTimeoutError, with the last sentence read). Resolves with the answer that showed
   * it. The sentence is read as a whole (`server powered on`, `The VPS is powered off.`); one
   * that says anything else ("server could not be powered on") counts as not yet.
   * @example
   * await edis.power.on({ kvmId });
   * await edis.power.waitFor({ kvmId, state: "on" }, { timeoutMs: 120_000 });
   */
  waitFor(params: { kvmId: string; state: PowerState }, options?: WaitOptions): Promise<OperationResults["getPowerState"]>;
}

/** `power.waitFor` over `call`, the client's one call path. */
export function createPowerWait(call: (operationId: string, params: unknown, options?: CallOptions) => Promise<unknown>): EdisPowerWait {
  const operationId = namespaceTable.power.state;
  return {
    waitFor(params, options) {
      const state = (params as { state?: unknown } | undefined)?.state;
      if (state !== "on" && state !== "off") return Promise.reject(new EdisValidationError({ field: "state", reason: 'must be "on" or "off"' }));
      return pollUntil<PowerAnswer>(
        {
          operationId,
          awaited: `the power state ${state}`,
          read: async (callOptions) => (await call(operationId, { kvmId: params.kvmId }, callOptions)) as PowerAnswer,
          shown: (answer) => (typeof answer.data === "string" ? answer.data : undefined),
          done: (answer) => powerStateOf(answer) === state,
        },
        options,
      );
    },
  };
}
