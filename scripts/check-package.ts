/**
 * `npm run test:package`: what a user installs. Builds, packs, installs the tarball into an
 * empty ESM project (no TypeScript loader), imports `edis-global` there with plain Node, loads
 * it with `require` from a CommonJS file, and type-checks both (an ES module and a `.cts` file)
 * with TypeScript's NodeNext resolution; then runs a user's test of `edis-global/testing` (the
 * simulator) with node:test, as docs/testing.md writes one, compiles the documentation's examples
 * and the package's types in the projects users have (scripts/check-user-projects.ts). The other
 * runtimes are scripts/check-runtimes.ts's. Before that, publint and
 * attw (Are the Types Wrong?) lint the same tarball, so they judge exactly what is published:
 * attw through its library (@arethetypeswrong/core), one analysis of every entry point instead of
 * its CLI's one per profile (each a process that loads its TypeScript, about 4 s of CPU).
 */
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core";
import { problemKindInfo } from "@arethetypeswrong/core/problems";
import { type ExecFileSyncOptions, execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_OUTPUTS } from "./lib/bundle.js";
import { KVM, json, startFakeEdis } from "../test-support/fake-edis.js";
import { TESTING_EXAMPLES, documentationLinks, markdownBlocks } from "../test-support/readme-examples.js";
import { checkUserProjects } from "./check-user-projects.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const publint = join(root, "node_modules", "publint", "src", "cli.js");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const work = mkdtempSync(join(tmpdir(), "edis-package-"));

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

try {
  const packed = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], root)) as { filename: string; files: { path: string }[] }[];
  const tarball = join(work, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path);
  // The Prism views beside the spec: what README tells users to start @stoplight/prism-cli from.
  const specs = ["spec/edis-management-api.yaml", "spec/edis-order-api.yaml", "spec/edis-management-api.prism.yaml", "spec/edis-order-api.prism.yaml"];
  for (const required of [...BUILD_OUTPUTS, "dist/generated/operations.d.ts", ...specs, "package.json"]) {
    if (!files.includes(required)) throw new Error(`the package lacks ${required}`);
  }
  checkLinksShip(files);
  const leaked = files.filter((f) => /\.test\.|test-support|contract-tests|scripts\//.test(f));
  if (leaked.length > 0) throw new Error(`the package carries test or build files: ${leaked.join(", ")}`);

  // Their findings go straight to the terminal; a finding makes them exit non-zero, which throws.
  const lint: ExecFileSyncOptions = { cwd: root, stdio: ["ignore", "inherit", "inherit"] };
  // --strict: publint's warnings fail the check too, not only its errors.
  execFileSync(process.execPath, [publint, "run", "--strict", tarball], lint);
  await checkTypesResolve(tarball);

  const app = join(work, "app");
  run("mkdir", ["-p", app], work);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], app);

  writeFileSync(
    join(app, "main.js"),
    `import { createEdisClient, EdisError, EdisApiError, EdisValidationError } from "edis-global";
const edis = createEdisClient({ email: "a@example.com", password: "p" });
for (const name of ["ptr", "auth"]) if (typeof edis[name] !== "object") throw new Error("no namespace " + name);
try {
  await edis.ptr.get({ kvmId: "kvm_1_2", ips: [] });
  throw new Error("validation did not run");
} catch (error) {
  if (!(error instanceof EdisValidationError) || !(error instanceof EdisError)) throw error;
  console.log("imported edis-global:", error.message, typeof EdisApiError);
}
`,
  );
  process.stdout.write(run(process.execPath, ["main.js"], app));

  // The CommonJS build, as `require` loads it: its own copy of the classes, with the same names and behaviour.
  writeFileSync(
    join(app, "main.cjs"),
    `const { createEdisClient, EdisError, EdisValidationError } = require("edis-global");
const resolved = require.resolve("edis-global");
if (!resolved.endsWith("edis-global.cjs")) throw new Error("require resolved " + resolved);
const edis = createEdisClient({ email: "a@example.com", password: "p" });
edis.ptr.get({ kvmId: "kvm_1_2", ips: [] }).then(
  () => { throw new Error("validation did not run"); },
  (error) => {
    if (!(error instanceof EdisValidationError) || !(error instanceof EdisError) || error.name !== "EdisValidationError") throw error;
    console.log("required edis-global:", error.message);
  },
);
`,
  );
  process.stdout.write(run(process.execPath, ["main.cjs"], app));

  // A user's test as README's "Testing your code" writes it (node:test; the vitest one is the same calls), against edis-global/testing.
  writeFileSync(
    join(app, "simulator.test.mjs"),
    `import assert from "node:assert/strict";
import { test } from "node:test";
import { createEdisClient } from "edis-global";
import { createEdisSimulator } from "edis-global/testing";

test("a PTR record set is read back, and power off completes on the simulator's clock", async () => {
  const sim = createEdisSimulator({ strict: true });
  const edis = createEdisClient(sim.clientOptions);
  const kvmId = sim.account.vps[0].kvmId;
  await edis.ptr.set({ kvmId, records: { "192.0.2.1": "mail.example.com" } });
  assert.deepEqual(await edis.ptr.get({ kvmId, ips: ["192.0.2.1"] }), [{ ip: "192.0.2.1", ptr_record: "mail.example.com" }]);
  await edis.power.off({ kvmId });
  sim.clock.advance("30s");
  assert.equal((await edis.power.waitFor({ kvmId, state: "off" })).data, "server powered off");
  sim.faults.add({ operationId: "getPowerState", status: 429, retryAfter: 0, times: 1 });
  await edis.power.state({ kvmId });
  assert.deepEqual(sim.requests.filter((r) => r.operationId === "getPowerState").map((r) => r.status).slice(-2), [429, 200]);
  sim.assertNoViolations();
});

test("the simulator serves the same account over HTTP", async () => {
  const sim = createEdisSimulator();
  const server = await sim.listen();
  try {
    const edis = createEdisClient({ email: sim.account.email, password: sim.account.password, hosts: server.hosts });
    assert.equal((await edis.order.balance()).amount, "50.00");
  } finally {
    await sim.close();
  }
});
`,
  );
  process.stdout.write(run(process.execPath, ["--test", "--test-reporter=dot", "simulator.test.mjs"], app));
  console.log("a user's test of edis-global/testing passes against the installed package");

  writeFileSync(
    join(app, "types-testing.ts"),
    `import { createEdisClient } from "edis-global";
import { type EdisSimulator, type EdisSimulatorFault, createEdisSimulator } from "edis-global/testing";
const sim: EdisSimulator = createEdisSimulator({ seed: { account: { balance: "10.00" } }, durations: { powerOff: "5s" } });
const fault: EdisSimulatorFault = { operationId: "getPTR", status: 503, times: 1 };
sim.faults.add(fault);
export const edis = createEdisClient(sim.clientOptions);
sim.clock.advance("30s");
// @ts-expect-error a duration is milliseconds or text with a unit
sim.clock.advance("soon");
`,
  );

  writeFileSync(
    join(app, "types.ts"),
    `import { createEdisClient, type EdisClient } from "edis-global";
const edis: EdisClient = createEdisClient({ email: "a@example.com", password: "p" });
export async function f(): Promise<string> {
  const records = await edis.ptr.get({ kvmId: "kvm_1_2", ips: ["192.0.2.1"] });
  // @ts-expect-error ips must be a list of strings
  await edis.ptr.get({ kvmId: "kvm_1_2", ips: "192.0.2.1" });
  return records[0]?.ptr_record ?? "";
}
`,
  );
  writeFileSync(
    join(app, "types-cjs.cts"),
    // CommonJS as verbatimModuleSyntax (tsc --init's default) has it written: import = require, export =.
    `import edisGlobal = require("edis-global");
const { createEdisClient, EdisApiError } = edisGlobal;
const edis: edisGlobal.EdisClient = createEdisClient({ email: "a@example.com", password: "p" });
function status(error: unknown): number | undefined {
  return error instanceof EdisApiError ? error.status : undefined;
}
// @ts-expect-error kvmId is required
void edis.ptr.get({ ips: ["192.0.2.1"] });
export = { status };
`,
  );
  await checkBin(app, work);
  checkReadmeTests(app);
  // After checkReadmeTests, which links vitest into the app: the testing examples import it.
  checkUserProjects(root, app, ["types.ts", "types-cjs.cts", "types-testing.ts"]);
  console.log("types of edis-global resolve under NodeNext, from an ES module and from CommonJS");
  await checkSimulateBin(app, work);
  console.log(`package check passed (${files.length} files in ${packed[0]!.filename})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * The installed `edis` bin: its help, one `--json` command against a loopback fake of the EDIS
 * hosts through the override variables, and the documented exit codes 0 and 2. Run
 * asynchronously, so that the fake in this process can answer while the bin waits.
 */
async function checkBin(app: string, work: string): Promise<void> {
  const bin = join(app, "node_modules", ".bin", process.platform === "win32" ? "edis.cmd" : "edis");
  const fake = await startFakeEdis();
  fake.replies = [json(200, { status: "success", data: "server powered on", traffic_suspended: "n" })];
  const env = {
    PATH: process.env.PATH ?? "",
    EDIS_EMAIL: "owner@example.com",
    EDIS_PASSWORD: "package-check-password",
    EDIS_KVM_ID: KVM,
    EDIS_SESSION_URL: fake.url,
    EDIS_RDNS_URL: fake.url,
    EDIS_API_URL: fake.url,
    EDIS_ORDER_URL: fake.url,
    EDIS_CACHE_DIR: join(work, "edis-cache"),
    EDIS_CONFIG_DIR: join(work, "edis-config"),
  };
  const edis = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(bin, args, { cwd: app, env }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  try {
    const help = await edis(["--help"]);
    if (help.code !== 0 || !help.stdout.startsWith("Usage: edis ")) throw new Error(`edis --help failed (${help.code}):\n${help.stderr}`);
    const state = await edis(["power", "state", "--json"]);
    const expected = `${JSON.stringify({ status: "success", data: "server powered on", traffic_suspended: "n" }, null, 2)}\n`;
    if (state.code !== 0 || state.stdout !== expected) throw new Error(`edis power state --json gave ${state.code}:\n${state.stdout}${state.stderr}`);
    if (fake.received.length !== 2) throw new Error(`edis power state sent ${fake.received.length} requests, not auth + one call`);
    const usage = await edis(["power", "state", "--password", "x"]);
    if (usage.code !== 2) throw new Error(`a usage error exited with ${usage.code}, not 2`);
    // The contract check finds the shipped spec and loads ajv from the installed package: the fake's
    // power state carries traffic_suspended as "n", where the spec says a boolean.
    const contract = await edis(["contract", "check", "--json"]);
    const report = (() => {
      try {
        return JSON.parse(contract.stdout) as { result: string; operations: { operationId: string; violations: { path: string }[] }[] };
      } catch {
        throw new Error(`edis contract check --json gave ${contract.code}:\n${contract.stdout}${contract.stderr}`);
      }
    })();
    const power = report.operations.find((o) => o.operationId === "getPowerState");
    if (contract.code !== 1 || report.result !== "violations" || power?.violations.map((v) => v.path).join() !== "/traffic_suspended") {
      throw new Error(`edis contract check judged the fake wrongly (${contract.code}):\n${contract.stdout}${contract.stderr}`);
    }
    console.log("the installed edis bin works: --help, --json against a loopback fake, exit codes 0 and 2, contract check");
  } finally {
    await fake.close();
  }
}

/**
 * docs/testing.md's worked examples, copied as a user copies them, pass against
 * the installed package: the vitest ones under vitest, the node:test one under `node --test`
 * (both runners, and tsx for the TypeScript, linked in from this project's node_modules).
 */
function checkReadmeTests(app: string): void {
  for (const tool of ["vitest", "tsx"]) symlinkSync(join(root, "node_modules", tool), join(app, "node_modules", tool), "dir");
  const blocks = markdownBlocks(TESTING_EXAMPLES.file, TESTING_EXAMPLES.heading).filter((b) => b.lang === "ts");
  const names = blocks.map((b, i) => (b.code.includes('from "node:test"') ? `readme-${i + 1}.node-test.ts` : `readme-${i + 1}.test.ts`));
  if (names.filter((n) => n.endsWith(".node-test.ts")).length !== 1 || blocks.length < 3)
    throw new Error(
      `${TESTING_EXAMPLES.file} has ${blocks.length} ts blocks under "${TESTING_EXAMPLES.heading}", not the vitest, node:test and scenarios examples`,
    );
  for (const [i, block] of blocks.entries()) writeFileSync(join(app, names[i]!), block.code);
  const vitest = join(app, "node_modules", "vitest", "vitest.mjs");
  run(process.execPath, [vitest, "run", "--root", app, "--dir", app, ...names.filter((n) => n.endsWith(".test.ts"))], app);
  run(process.execPath, ["--import", "tsx", "--test", ...names.filter((n) => n.endsWith(".node-test.ts"))], app);
  console.log(`${TESTING_EXAMPLES.file}'s examples pass against the installed edis-global/testing (${blocks.length} files, vitest and node:test)`);
}

/** The installed bin's `edis simulate`: it finds the simulator's bundle, serves one command, and stops on SIGTERM with 0. */
async function checkSimulateBin(app: string, work: string): Promise<void> {
  const bin = join(app, "node_modules", "edis-global", "dist", "edis-cli.js");
  const env = { PATH: process.env.PATH ?? "", EDIS_CACHE_DIR: join(work, "sim-cache"), EDIS_CONFIG_DIR: join(work, "sim-config") };
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [bin, "simulate"], { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    for (let i = 0; !stdout.includes("EDIS_KVM_ID") && i < 1200; i++) await new Promise((r) => setTimeout(r, 50));
    const vars = Object.fromEntries([...stdout.matchAll(/^export (EDIS_\w+)=(\S+)$/gmu)].map((m) => [m[1]!, m[2]!.replace(/^'|'$/gu, "")]));
    if (!vars.EDIS_KVM_ID) throw new Error(`edis simulate printed no variables:\n${stdout}${stderr}`);
    const list = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [bin, "vps", "list", "--json"], { cwd: app, env: { ...env, ...vars } }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
      ),
    );
    if (!list.includes(vars.EDIS_KVM_ID)) throw new Error(`edis vps list against edis simulate gave:\n${list}`);
  } finally {
    child.kill("SIGTERM");
  }
  const code = await exited;
  if (code !== 0 || !stderr.endsWith("edis: simulator stopped\n")) throw new Error(`edis simulate ended with ${code} on SIGTERM:\n${stderr}`);
  console.log("the installed edis bin serves edis simulate, and stops on SIGTERM with 0");
}

/**
 * attw's analysis of the tarball: every entry point under every resolution it knows, require()
 * ones (node10, node16 from CommonJS) included, since the package has a CommonJS build; except
 * that edis-global/testing is an ES module only (test runners load ES modules; Node 20.19+ also
 * require()s it), which is attw's `esm-only` profile for that entry point. A problem counts
 * unless every place it shows is one of those two resolutions of edis-global/testing.
 */
async function checkTypesResolve(tarball: string): Promise<void> {
  const ESM_ONLY = new Set(["./testing"]);
  const CJS_RESOLUTIONS = new Set(["node10", "node16-cjs"]);
  const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))));
  if (!analysis.types) throw new Error("attw: the package ships no types");
  const entrypoints = Object.keys(analysis.entrypoints);
  for (const required of [".", "./testing"])
    if (!entrypoints.includes(required)) throw new Error(`attw: no entry point ${required} (${entrypoints.join(", ")})`);
  const problems = analysis.problems.filter((_, i) => {
    const shown = Object.entries(analysis.entrypoints).flatMap(([entrypoint, info]) =>
      Object.entries(info.resolutions)
        .filter(([, resolution]) => resolution.visibleProblems?.includes(i))
        .map(([kind]) => !(ESM_ONLY.has(entrypoint) && CJS_RESOLUTIONS.has(kind))),
    );
    return shown.length === 0 || shown.includes(true);
  });
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.kind}: ${problemKindInfo[p.kind].description} ${JSON.stringify(p)} (${problemKindInfo[p.kind].docsUrl})`);
    throw new Error(`attw (Are the Types Wrong?) found problems:\n${lines.join("\n")}`);
  }
  console.log(`attw: no problems in ${entrypoints.join(", ")} under every resolution (${[...ESM_ONLY].join(", ")}: ES module resolutions only)`);
}

/** Every relative link of README.md, SECURITY.md and docs/*.md names a file the package ships. */
function checkLinksShip(files: readonly string[]): void {
  const broken = documentationLinks().filter((link) => !files.includes(link.target));
  if (broken.length > 0) {
    throw new Error(`links to files the package does not ship:\n${broken.map((l) => `  ${l.file}:${l.line}: ${l.target}`).join("\n")}`);
  }
  console.log("every link of README.md, SECURITY.md and docs/ names a file in the package");
}
