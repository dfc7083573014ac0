/**
 * The tour `npm start` shows (scripts/demo.ts): the `edis` command against the EDIS simulator
 * (`edis-global/testing`), served on 127.0.0.1 by this process. Each step shows the command
 * line, runs it and lets it print; the tour then checks, in the simulator's own state and the
 * requests it received, that the step did what it says (a record set, a sync that writes
 * nothing, a VPS powered off), and fails with the reason if not. How a command is run is the
 * caller's: as a process for `npm start`, in-process for the tour's test.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EdisSimulator } from "../src/testing/index.js";

/** Runs `edis <args…>` with the tour's environment plus `env`; resolves with the exit code. */
export type TourRunner = (args: readonly string[], env: Readonly<Record<string, string>>) => Promise<number>;

export interface TourOptions {
  /** The simulator, listening; its clock runs with real time at a speed that makes power changes take a second or two. */
  readonly sim: EdisSimulator;
  /** The environment of every command: the simulator's EDIS_* variables, a throwaway cache and config directory. */
  readonly env: Readonly<Record<string, string>>;
  readonly run: TourRunner;
  /** Where the tour writes its records file. */
  readonly workDir: string;
  /** Prints a line of the tour's own. */
  readonly say: (line: string) => void;
}

/**
 * Traffic of the last ten days of the tour's VPS, so that `info traffic` has a chart to draw
 * (the default account starts the month with none).
 */
export function seedTourTraffic(sim: EdisSimulator): void {
  const vps = sim.state.vps[0];
  if (!vps) return;
  const day = 86_400_000;
  const now = sim.clock.now();
  for (let i = 9; i >= 0; i--) {
    const bytes = (3 + ((i * 7) % 5)) * 1024 ** 3;
    vps.traffic.daily[new Date(now - i * day).toISOString().slice(0, 10)] = bytes;
    vps.traffic.rxBytes += Math.round(bytes * 0.8);
    vps.traffic.txBytes += Math.round(bytes * 0.2);
  }
}

/** Thrown when a step did not do what the tour says it does. */
export class TourStepError extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) throw new TourStepError(message);
}

/** Runs the tour; rejects at the first step that fails or does not show its change. */
export async function runTour({ sim, env, run, workDir, say }: TourOptions): Promise<void> {
  const vps = sim.account.vps[0];
  if (!vps) throw new TourStepError("the simulator's account has no VPS");
  const state = () => sim.state.vps.find((v) => v.kvmId === vps.kvmId)!;
  const writes = () => sim.requests.filter((r) => r.operationId === "setPTR" || r.operationId === "deletePTR").length;
  let tourEnv: Record<string, string> = { ...env };

  const step = async (heading: string, args: readonly string[]): Promise<void> => {
    say(`\n── ${heading}\n$ edis ${args.join(" ")}`);
    const code = await run(args, tourEnv);
    check(code === 0, `edis ${args.join(" ")} exited with ${code}`);
  };

  await step("1. The VPSs of the account (one auth call; the sessions are cached for the next commands)", ["vps", "list"]);
  tourEnv = { ...tourEnv, EDIS_KVM_ID: vps.kvmId };
  say(`\n$ export EDIS_KVM_ID=${vps.kvmId}`);

  const [first, second] = vps.ipv4;
  if (!first || !second) throw new TourStepError("the tour's VPS needs two IPv4 addresses");
  await step("2. Read PTR records", ["ptr", "get", first, second]);
  await step("3. Set a PTR record (--yes confirms a command that changes the VPS)", ["ptr", "set", `${first}=mail.example.com`, "--yes"]);
  check(state().ptr[first] === "mail.example.com", `after ptr set, the simulator holds ${JSON.stringify(state().ptr[first])} for ${first}`);
  await step("4. Read it back: the record is the new one", ["ptr", "get", first]);

  const file = join(workDir, "records.csv");
  writeFileSync(file, `ip,hostname\n${first},mail.example.com\n${second},www.example.com\n${vps.ipv6},v6.example.com\n`);
  say(`\n$ cat records.csv\n${`ip,hostname\n${first},mail.example.com\n${second},www.example.com\n${vps.ipv6},v6.example.com`}`);
  let before = writes();
  await step("5. PTR records as code: the plan, without writing (--dry-run)", ["ptr", "sync", file, "--dry-run"]);
  check(writes() === before, "ptr sync --dry-run sent a write");
  await step("6. Apply it", ["ptr", "sync", file, "--yes"]);
  check(writes() > before, "ptr sync --yes sent no write");
  check(state().ptr[second] === "www.example.com", `after ptr sync, the simulator holds ${JSON.stringify(state().ptr[second])} for ${second}`);
  before = writes();
  await step("7. Sync again: nothing to change, so nothing is written", ["ptr", "sync", file, "--yes"]);
  check(writes() === before, "a second ptr sync sent a write");

  await step("8. The power state", ["power", "state"]);
  await step("9. Power off and wait until the power state reads off (the simulator's clock runs fast)", [
    "power",
    "off",
    "--wait",
    "--poll-interval",
    "500ms",
    "--yes",
  ]);
  check(state().power === "off", `after power off --wait, the simulator's VPS is ${state().power}`);

  await step("10. Traffic of the month, drawn as a chart on a terminal", ["info", "traffic"]);
}
