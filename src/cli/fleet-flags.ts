/**
 * The flags that make a per-VPS command act on several VPSs: `--kvm a,b` (or `--kvm` given
 * again), `--all` (every VPS of the account, from the auth answer) and `--parallel N`.
 */
import { InvalidArgumentError, Option } from "commander";
import { parseCount } from "./duration.js";

/** How many VPSs a run works on at once without --parallel. */
export const DEFAULT_PARALLEL = 4;

/** `--kvm a,b`, added to the ids of earlier `--kvm` flags; an empty name is a usage error. */
export function parseKvmList(value: string, previous: string[] | undefined): string[] {
  const ids = value.split(",").map((id) => id.trim());
  if (ids.some((id) => id === "")) throw new InvalidArgumentError("--kvm must be VPS ids separated by commas.");
  return [...(previous ?? []), ...ids];
}

/** The options a per-VPS command adds for running on several VPSs. */
export function fleetOptions(): Option[] {
  return [
    new Option("--all", "act on every VPS of the account (one row per VPS; with --kvm: not allowed)"),
    new Option("--parallel <n>", `with several VPSs, how many run at once (default ${DEFAULT_PARALLEL})`).argParser((value: string) => {
      const n = parseCount("--parallel")(value);
      if (n < 1) throw new InvalidArgumentError("--parallel must be a whole number of at least 1.");
      return n;
    }),
  ];
}
