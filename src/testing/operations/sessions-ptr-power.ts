/**
 * Sessions, reverse DNS and power: the operations of the simulator's first concern.
 * - createAuthSession: one session per VPS of the account (or the one VPS asked for), valid
 *   for the session lifetime on the simulator's clock.
 * - getPTR, setPTR, deletePTR: records per address, only for addresses the VPS has (its IPv4
 *   list and its IPv6 /64); an address that is not the VPS's refuses the whole request.
 * - power: on and off take their configured time; a reset passes through off at once; the
 *   state reads "server powered on", "server powered off", or, during a transition, "server
 *   starting" or "server shutting down".
 */
import { canonicalAddress, ownsAddress } from "../addresses.js";
import { type Answer, type Handler, type OperationContext, ok, refuse, schedulePower, settlePower } from "../context.js";

/** 40 hex digits from the platform's random source (every runtime has crypto.getRandomValues). */
function randomSignature(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const createAuthSession: Handler = ({ op, form, state, now, settings, sessions }) => {
  const kvmId = form.kvm_id as string | undefined;
  const live = state.vps.filter((v) => v.service.status !== "terminated");
  const chosen = kvmId === undefined ? live : live.filter((v) => v.kvmId === kvmId);
  if (chosen.length === 0) return refuse(op, [400], `kvm_id ${kvmId} is not a VPS of this account.`);
  const validUntil = Math.floor((now + settings.sessionLifetimeMs) / 1000);
  const data: Record<string, unknown> = {};
  for (const vps of chosen) {
    const signature = randomSignature();
    sessions.set(signature, { kvmId: vps.kvmId, apiHost: vps.apiHost, validUntil });
    data[vps.kvmId] = {
      api_host: vps.apiHost,
      api_rdns: vps.apiRdns,
      kvm_id: vps.kvmId,
      valid_until: validUntil,
      signature,
      suspended: vps.suspended ? "y" : "n",
      description: vps.description,
      lps: "01",
      lps_ispremium: false,
      // Optional in the spec; the overview's example shows it, and `edis vps list` has a column for it.
      ...(vps.ipv4[0] === undefined ? {} : { primary_ip: vps.ipv4[0] }),
    };
  }
  return ok({ status: "success", data });
};

/** The addresses a PTR request names (a list, or the keys of a map), or the refusal when one is not the VPS's. */
function addressesOf(ctx: OperationContext, named: readonly string[]): string[] | Answer {
  const out: string[] = [];
  for (const address of named) {
    const canonical = canonicalAddress(address);
    if (canonical === undefined || !ownsAddress(ctx.vps, canonical)) return refuse(ctx.op, [400], `IP address ${address} does not belong to this VPS.`);
    out.push(canonical);
  }
  return out;
}

const getPTR: Handler = (ctx) => {
  const named = ctx.form.ip as string[];
  const addresses = addressesOf(ctx, named);
  if (!Array.isArray(addresses)) return addresses;
  return ok({ status: "success", records: named.map((ip, i) => ({ ip, ptr_record: ctx.vps.ptr[addresses[i]!] ?? "" })) });
};

const setPTR: Handler = (ctx) => {
  const records = ctx.form.ip as Record<string, string>;
  const addresses = addressesOf(ctx, Object.keys(records));
  if (!Array.isArray(addresses)) return addresses;
  Object.values(records).forEach((name, i) => {
    ctx.vps.ptr[addresses[i]!] = name;
  });
  return ok({ status: "success", message: "PTR records set successfully." });
};

const deletePTR: Handler = (ctx) => {
  const addresses = addressesOf(ctx, ctx.form.ip as string[]);
  if (!Array.isArray(addresses)) return addresses;
  for (const address of addresses) delete ctx.vps.ptr[address];
  return ok({ status: "success" });
};

/** The power state as the API words it. */
export function powerSentence(ctx: OperationContext): string {
  settlePower(ctx.vps, ctx.now);
  const pending = ctx.vps.powerPending?.state;
  if (pending === "on") return "server starting";
  if (pending === "off") return "server shutting down";
  return ctx.vps.power === "on" ? "server powered on" : "server powered off";
}

const getPowerState: Handler = (ctx) => ok({ status: "success", data: powerSentence(ctx), traffic_suspended: isTrafficSuspended(ctx) });

/** Over 105 % of the included traffic, EDIS throttles the VPS (the FAQ's figure); the simulator reports it suspended. */
function isTrafficSuspended({ vps }: OperationContext): boolean {
  return (vps.traffic.rxBytes + vps.traffic.txBytes) * 100 > vps.traffic.includedBytes * 105;
}

const powerOnVPS: Handler = (ctx) => {
  settlePower(ctx.vps, ctx.now);
  // Off, or shutting down: start (again). On, or starting: nothing to do.
  const target = ctx.vps.powerPending?.state ?? ctx.vps.power;
  if (target === "off") schedulePower(ctx.vps, ctx.now, "on", ctx.settings.powerOnMs);
  return ok({ status: "success" });
};

const powerOffVPS: Handler = (ctx) => {
  settlePower(ctx.vps, ctx.now);
  const target = ctx.vps.powerPending?.state ?? ctx.vps.power;
  if (target === "on") schedulePower(ctx.vps, ctx.now, "off", ctx.settings.powerOffMs);
  return ok({ status: "success" });
};

const performHardReset: Handler = (ctx) => {
  schedulePower(ctx.vps, ctx.now, "on", ctx.settings.resetMs, "off");
  return ok({ status: "success", reset_time: new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/u, "Z") });
};

export const sessionPtrPowerHandlers: Readonly<Record<string, Handler>> = {
  createAuthSession,
  getPTR,
  setPTR,
  deletePTR,
  getPowerState,
  powerOnVPS,
  powerOffVPS,
  performHardReset,
};
