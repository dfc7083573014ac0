/**
 * Traffic on the simulated clock: bytes added to a VPS count towards today's daily total and
 * the period's usage; each webhook whose trigger the usage crosses is called (at most once per
 * crossing), and auto hydration tops the VPS up from the account's pool once usage reaches
 * 99 % (the FAQ's figure), logging the refill.
 */
import type { SimHook, SimVps, EdisSimulatorState } from "./state.js";

const GB = 1024 ** 3;

/** Usage in percent of the included traffic. */
export function usagePercent(vps: SimVps): number {
  const used = vps.traffic.rxBytes + vps.traffic.txBytes;
  return vps.traffic.includedBytes > 0 ? (used * 100) / vps.traffic.includedBytes : 100;
}

/** `YYYY-MM-DD` of a simulated time. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** `YYYY-MM-DD hh:mm:ss` of a simulated time, as the refill log writes it. */
export const timestampOf = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

export async function addTraffic(args: {
  state: EdisSimulatorState;
  vps: SimVps;
  bytes: number;
  now: number;
  deliver: (vps: SimVps, hook: SimHook, triggerValue: number, details: string) => Promise<void>;
}): Promise<void> {
  const { state, vps, bytes, now } = args;
  const before = usagePercent(vps);
  vps.traffic.rxBytes += Math.round(bytes);
  vps.traffic.rxPackets += Math.ceil(bytes / 1500);
  const day = dayOf(now);
  vps.traffic.daily[day] = (vps.traffic.daily[day] ?? 0) + Math.round(bytes);
  const after = usagePercent(vps);
  const crossed = vps.hooks.filter((h) => before < h.triggerValue && after >= h.triggerValue);
  for (const hook of crossed) await args.deliver(vps, hook, hook.triggerValue, `Traffic usage reached ${hook.triggerValue}%`);
  const amount = Number(vps.settings.auto_hydration);
  if (after >= 99 && Number.isFinite(amount) && amount > 0 && state.pool.availableGb >= amount) {
    state.pool.availableGb -= amount;
    vps.traffic.includedBytes += amount * GB;
    state.pool.log.push({ ts: timestampOf(now), gbytes: amount, kvm: vps.kvmId });
  }
}
