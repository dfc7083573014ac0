/**
 * What an operation's handler is given and gives back: the decoded, checked form, the state,
 * the simulated time, the VPS its session is for, and the documented answers it may give.
 */
import type { OperationSpec } from "../operation-spec.js";
import { documentedError, documentedStatuses } from "./spec-checks.js";
import type { EdisSimulatorState, SimPowerState, SimVps } from "./state.js";

/** The hosts of the API: which one a request went to. */
export type EdisSimulatorHost = "session" | "rdns" | "api" | "order";

/** What the simulator makes of a request: an answer to send, or a dropped connection. */
export type Outcome = { readonly kind: "answer"; readonly response: Response } | { readonly kind: "drop" };

/** An answer: its status and JSON body. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** The simulator's settings a handler reads. */
export interface SimSettings {
  /** Session lifetime, ms. */
  readonly sessionLifetimeMs: number;
  readonly powerOnMs: number;
  readonly powerOffMs: number;
  readonly resetMs: number;
  readonly reinstallMs: number;
}

/** Sessions handed out: signature → what it is for. */
export interface SimSession {
  readonly kvmId: string;
  readonly apiHost: string;
  /** Unix seconds; refused from this second on. */
  readonly validUntil: number;
}

/** Everything a handler may use. */
export interface OperationContext {
  readonly op: OperationSpec;
  /** The form, decoded (JSON-text fields parsed) and checked against the request schema. */
  readonly form: Readonly<Record<string, unknown>>;
  readonly state: EdisSimulatorState;
  /** Simulated time, ms. */
  readonly now: number;
  readonly settings: SimSettings;
  readonly sessions: Map<string, SimSession>;
  /** The VPS of the session (operations with session auth). */
  readonly vps: SimVps;
  /** Calls a webhook; resolves when the call is answered or failed (never rejects). */
  readonly deliver: (vps: SimVps, hook: import("./state.js").SimHook, triggerValue: number, details: string) => Promise<void>;
}

/** A handler of one operation. */
export type Handler = (ctx: OperationContext) => Answer | Promise<Answer>;

/** `200` with `body`. */
export const ok = (body: unknown): Answer => ({ status: 200, body });

/**
 * The documented error answer of `op` carrying `text`: the first of `statuses` that `op`
 * documents (so an operation without a 403 refuses with its 401), in the body shape the spec
 * gives that operation.
 */
export function refuse(op: OperationSpec, statuses: readonly number[], text: string): Answer {
  const documented = documentedStatuses(op.operationId);
  const status = statuses.find((s) => documented.includes(s)) ?? documented.find((s) => s >= 400 && s < 500) ?? 400;
  return { status, body: documentedError(op.operationId, status, text) ?? { error: text } };
}

/** Applies a power transition that is due by `now`. */
export function settlePower(vps: SimVps, now: number): void {
  if (vps.powerPending && vps.powerPending.at <= now) {
    vps.power = vps.powerPending.state;
    delete vps.powerPending;
  }
}

/** Starts a power transition: `through` at once (if given), then `to` after `ms`. */
export function schedulePower(vps: SimVps, now: number, to: SimPowerState, ms: number, through?: SimPowerState): void {
  settlePower(vps, now);
  if (through) vps.power = through;
  if (ms <= 0) {
    vps.power = to;
    delete vps.powerPending;
  } else {
    vps.powerPending = { state: to, at: now + ms };
  }
}
