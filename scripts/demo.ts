/**
 * `npm start`: a short tour of the `edis` command against a Prism mock of spec/, no account
 * needed. It starts Prism on a free loopback port, runs the real CLI as a process (from
 * src/ through tsx, so no build is needed) with the host overrides pointing at the mock, shows
 * each command as a user would type it and what it prints, and stops Prism.
 */
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPrism } from "./lib/prism.js";

const cli = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const cacheDir = mkdtempSync(join(tmpdir(), "edis-tour-"));
const prism = await startPrism();

/** The tour's environment: the mock's hosts, a throwaway session cache, no EDIS_* of the user's. */
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("EDIS_")));
Object.assign(env, {
  EDIS_EMAIL: "demo@example.com",
  EDIS_PASSWORD: "any password: the mock accepts it",
  EDIS_SESSION_URL: prism.url,
  EDIS_RDNS_URL: prism.url,
  EDIS_API_URL: prism.url,
  EDIS_CACHE_DIR: cacheDir,
  // The user's contexts (edis context use) are not the tour's.
  EDIS_CONFIG_DIR: join(cacheDir, "config"),
});

function edis(args: string[], options: SpawnSyncOptions = { stdio: "inherit" }): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, ["--import", "tsx", cli, ...args], { env, ...options });
}

/** Shows a step: its heading, the command line, then what the command prints. */
function step(heading: string, args: string[]): void {
  console.log(`\n── ${heading}\n$ edis ${args.join(" ")}`);
  const { status } = edis(args);
  if (status !== 0) throw new Error(`edis ${args.join(" ")} exited with ${status}`);
}

let failed = false;
try {
  console.log(`A tour of the edis command, against a Prism mock of spec/edis-management-api.yaml on ${prism.url}.`);
  console.log("Its environment: EDIS_EMAIL and EDIS_PASSWORD (any value: the mock accepts it), EDIS_SESSION_URL,");
  console.log("EDIS_RDNS_URL and EDIS_API_URL pointing at the mock, and a throwaway EDIS_CACHE_DIR and EDIS_CONFIG_DIR.");

  step("1. The VPSs of the account (one auth call; the sessions are cached for the next commands)", ["vps", "list"]);

  // The mock's account has two VPSs, so the tour picks the first, as a user would with --kvm or EDIS_KVM_ID.
  const listed = edis(["vps", "list", "--json"], { encoding: "utf8" });
  const [first] = JSON.parse(String(listed.stdout)) as { kvmId: string }[];
  if (!first) throw new Error("the mock's account has no VPS");
  env.EDIS_KVM_ID = first.kvmId;
  console.log(`\n$ export EDIS_KVM_ID=${first.kvmId}`);

  step("2. Read PTR records", ["ptr", "get", "192.0.2.1", "2001:db8::1"]);
  step("3. Set a PTR record (--yes confirms a command that changes the VPS)", ["ptr", "set", "192.0.2.1=mail.example.com", "--yes"]);
  step("4. The power state", ["power", "state"]);

  console.log("\nEvery command also takes --json, for scripts. See `npx edis --help` (after `npm run build`) or the README.");
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await prism.stop();
  rmSync(cacheDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
