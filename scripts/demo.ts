/**
 * `npm start`: a tour of the `edis` command against the EDIS simulator (`edis-global/testing`),
 * no account needed and nothing outside this machine. The simulator listens on a free port of
 * 127.0.0.1 in this process, with its clock running 20 times faster than real time (so that
 * `power off --wait` completes in about a second); the real CLI runs as a process for each step
 * (from src/ through tsx, so no build is needed), with the simulator's EDIS_* variables and a
 * throwaway session cache, printing to this terminal. The steps and their checks are
 * scripts/demo-tour.ts's.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEdisSimulator } from "../src/testing/index.js";
import { type TourRunner, runTour, seedTourTraffic } from "./demo-tour.js";

const cli = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), "edis-tour-"));
const sim = createEdisSimulator({ clock: { speed: 20 } });
seedTourTraffic(sim);
const server = await sim.listen();

/** The tour's environment: the simulator's, a throwaway session cache, no EDIS_* of the user's. */
const base: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("EDIS_")));
const env: Record<string, string> = {
  ...server.env,
  EDIS_EMAIL: sim.account.email,
  EDIS_PASSWORD: sim.account.password,
  EDIS_CACHE_DIR: join(workDir, "cache"),
  // The user's contexts (edis context use) are not the tour's.
  EDIS_CONFIG_DIR: join(workDir, "config"),
};

/** A step as a process, printing to this terminal; the simulator in this process answers it meanwhile. */
const run: TourRunner = (args, stepEnv) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], { env: { ...base, ...stepEnv }, stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });

let failed = false;
try {
  console.log(`A tour of the edis command, against the EDIS simulator of edis-global/testing on ${server.url}.`);
  console.log("Its environment (what `edis simulate` prints): EDIS_SESSION_URL, EDIS_RDNS_URL, EDIS_API_URL and");
  console.log(`EDIS_ORDER_URL pointing at the simulator, the simulated account's EDIS_EMAIL=${sim.account.email} and`);
  console.log("EDIS_PASSWORD, and a throwaway EDIS_CACHE_DIR and EDIS_CONFIG_DIR.");
  await runTour({ sim, env, run, workDir, say: (line) => console.log(line) });
  console.log("\nEvery step changed the simulator's state as shown. `edis simulate` serves the same simulator for your");
  console.log("own shell; `edis-global/testing` runs it inside your tests (docs/testing.md).");
} catch (error) {
  failed = true;
  console.error(`\nThe tour failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await sim.close();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
