/**
 * The two operations every fault scenario runs against, a retry-safe read (`ptr.get`) and a
 * state-changing operation (`vnc.enable`), with what the fault tests share: the client's
 * `retries`, the 503 body a busy server sends, and a promise turned into its value or error.
 */
import type { CallOptions, EdisClient } from "../../src/index.js";
import { KVM } from "../../test-support/fault-server.js";

export const RETRIES = 2;

export interface Operation {
  readonly kind: "read" | "write";
  readonly operationId: string;
  readonly path: string;
  call(edis: EdisClient, options?: CallOptions): Promise<unknown>;
  /** A 200 body of this operation and what the user gets for it. */
  readonly ok: { body: unknown; result: unknown };
}

const records = [{ ip: "192.0.2.1", ptr_record: "host.example.com" }];
const vncOn = { status: "success", vnc_status: "enabled", novnc_port: 6080, vnc_port: 5901, vnc_host: "vnc1.edisglobal.com" };

export const read: Operation = {
  kind: "read",
  operationId: "getPTR",
  path: "/get/ptr",
  call: (edis, options) => edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }, options),
  ok: { body: { status: "success", records }, result: records },
};
export const write: Operation = {
  kind: "write",
  operationId: "enableVnc",
  path: "/kvm/v2/set/vnc/enable",
  call: (edis, options) => edis.vnc.enable({ kvmId: KVM, password: "Vnc4Test" }, options),
  ok: { body: vncOn, result: vncOn },
};

export const busy = { status: "error", error: "Service temporarily unavailable" };

/** What a call came to: its value, or what it threw. */
export async function outcomeOf(promise: Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}
