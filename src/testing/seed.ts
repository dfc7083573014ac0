/**
 * Seed files for the simulator's server (`edis simulate --seed FILE`): the shape of
 * `sim.state` (every part optional), as JSON or YAML. Read here so that a file with a typo
 * fails with the place named, rather than as a simulator that misbehaves later.
 */
import type { EdisSimulatorSeed } from "./state.js";

const TOP_LEVEL = ["account", "vps", "isos", "images", "pool", "paymentMethods", "billingCycles", "locations", "products"] as const;

/** Thrown for a seed that is not the shape of the state. */
export class EdisSimulatorSeedError extends Error {
  override readonly name = "EdisSimulatorSeedError";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks the shape of a seed: known top-level keys, a VPS list whose entries each have a kvm id. */
export function checkSeed(value: unknown, source = "seed"): EdisSimulatorSeed {
  if (!isObject(value)) throw new EdisSimulatorSeedError(`${source}: must be an object with some of ${TOP_LEVEL.join(", ")}`);
  for (const key of Object.keys(value)) {
    if (!(TOP_LEVEL as readonly string[]).includes(key))
      throw new EdisSimulatorSeedError(`${source}: unknown key ${JSON.stringify(key)} (known: ${TOP_LEVEL.join(", ")})`);
  }
  if (value.vps !== undefined) {
    if (!Array.isArray(value.vps) || value.vps.length === 0) throw new EdisSimulatorSeedError(`${source}: vps must be a non-empty list`);
    value.vps.forEach((v: unknown, i: number) => {
      if (!isObject(v) || typeof v.kvmId !== "string" || !/^kvm_[0-9]+_[0-9]+$/u.test(v.kvmId)) {
        throw new EdisSimulatorSeedError(`${source}: vps[${i}].kvmId must be a VPS id like kvm_123456_789012`);
      }
    });
  }
  if (value.account !== undefined && !isObject(value.account)) throw new EdisSimulatorSeedError(`${source}: account must be an object`);
  return value as EdisSimulatorSeed;
}

/** A seed from the text of a JSON or YAML file (YAML is loaded only for text that is not JSON). */
export async function parseSeed(text: string, source = "seed"): Promise<EdisSimulatorSeed> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { parse } = await import("yaml");
    try {
      value = parse(text);
    } catch (error) {
      throw new EdisSimulatorSeedError(`${source}: neither JSON nor YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
    }
  }
  return checkSeed(value, source);
}
