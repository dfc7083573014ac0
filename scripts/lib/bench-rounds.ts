/**
 * How the benchmark times its candidates on a noisy machine: a warm-up, then rounds in which
 * every candidate runs once, in an order that rotates from round to round (so no candidate is
 * always first after a pause or last before one). Each run keeps `concurrency` calls in flight
 * until `calls` are done, and is measured in wall time and in this process's CPU time
 * (process.cpuUsage: user + system), both per call. Medians, with min–max, over the rounds;
 * ratios are taken round by round (the candidates of one round shared its conditions).
 */
import { performance } from "node:perf_hooks";

export interface Sample {
  wallUs: number;
  cpuUs: number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Keeps `concurrency` calls of `call` in flight until `calls` are done. */
async function drive(call: () => Promise<unknown>, calls: number, concurrency: number): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < calls) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
}

async function measure(call: () => Promise<unknown>, calls: number, concurrency: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await drive(call, calls, concurrency);
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { wallUs: (wall * 1000) / calls, cpuUs: (used.user + used.system) / calls };
}

/** The samples of every candidate, one per round. */
export async function runRounds<K extends string>(
  calls: Record<K, () => Promise<unknown>>,
  options: { rounds: number; callsPerRun: number; warmupCalls: number; concurrency: number },
): Promise<Record<K, Sample[]>> {
  const names = Object.keys(calls) as K[];
  for (const name of names) await drive(calls[name], options.warmupCalls, options.concurrency);
  const samples = Object.fromEntries(names.map((n) => [n, [] as Sample[]])) as Record<K, Sample[]>;
  for (let round = 0; round < options.rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) {
      // A collection left over from the previous candidate is not charged to this one.
      (globalThis as { gc?: () => void }).gc?.();
      samples[name].push(await measure(calls[name], options.callsPerRun, options.concurrency));
    }
  }
  return samples;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** `x / y` round by round, as a spread. */
export function ratio(x: readonly Sample[], y: readonly Sample[], of: keyof Sample): Spread {
  return spread(x.map((s, i) => s[of] / y[i]![of]));
}

export const show = (s: Spread, digits = 1): string => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
