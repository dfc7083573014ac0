/**
 * The tour of `npm start` (scripts/demo-tour.ts) runs through against the simulator, with `edis`
 * run in this process on a terminal of 100 columns: every step exits with 0, the tour's own
 * checks of the simulator's state pass, and what the user reads shows the change: the new PTR
 * record read back, a second sync with nothing to change, the VPS read powered off, and the
 * traffic drawn as a chart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type EdisSimulator, createEdisSimulator } from "../src/testing/index.js";
import { runEdisHere } from "../test-support/cli-in-process.js";
import { type TourRunner, runTour, seedTourTraffic } from "./demo-tour.js";

let sim: EdisSimulator;
let workDir: string;
let env: Record<string, string>;
beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "edis-tour-test-"));
  sim = createEdisSimulator({ clock: { speed: 20 } });
  seedTourTraffic(sim);
  const server = await sim.listen();
  env = {
    ...server.env,
    EDIS_EMAIL: sim.account.email,
    EDIS_PASSWORD: sim.account.password,
    EDIS_CACHE_DIR: join(workDir, "cache"),
    EDIS_CONFIG_DIR: join(workDir, "config"),
  };
});
afterAll(async () => {
  await sim?.close();
  rmSync(workDir, { recursive: true, force: true });
});

test("the tour runs every step and shows the state changing", async () => {
  const steps: { args: string; stdout: string; stderr: string }[] = [];
  const said: string[] = [];
  const run: TourRunner = async (args, stepEnv) => {
    const result = await runEdisHere(args, { ...stepEnv }, { terminal: { columns: 100 } });
    steps.push({ args: args.join(" "), stdout: result.stdout, stderr: result.stderr });
    return result.code ?? 1;
  };
  await runTour({ sim, env, run, workDir, say: (line) => said.push(line) });

  const out = (args: string) => steps.find((s) => s.args.startsWith(args))?.stdout ?? "";
  const [first] = sim.account.vps[0]!.ipv4;
  expect(steps.map((s) => s.args.split(" ").slice(0, 2).join(" "))).toEqual([
    "vps list",
    "ptr get",
    "ptr set",
    "ptr get",
    "ptr sync",
    "ptr sync",
    "ptr sync",
    "power state",
    "power off",
    "info traffic",
  ]);
  // Read before and after the set: the old record, then the new one.
  expect(steps[1]!.stdout).not.toContain("mail.example.com");
  expect(steps[3]!.stdout).toContain(first);
  expect(steps[3]!.stdout).toContain("mail.example.com");
  expect(steps[4]!.stdout).toContain("Dry run: nothing was written.");
  expect(steps[5]!.stdout).toMatch(/^Applied \d+ changes? to the PTR records/mu);
  expect(steps[6]!.stdout).toContain("Nothing to change");
  expect(out("power state")).toMatch(/on/u);
  expect(steps[8]!.stderr).toMatch(/off/u);
  // A chart: bars of block characters, not the API's JSON text.
  expect(out("info traffic")).toMatch(/[▁▂▃▄▅▆▇█]/u);
  expect(sim.violations).toEqual([]);
  expect(said.join("\n")).toContain(`export EDIS_KVM_ID=${sim.account.vps[0]!.kvmId}`);
}, 120_000);
