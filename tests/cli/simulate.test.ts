/**
 * `edis simulate`: the simulator as a server on 127.0.0.1. It prints `export` lines a shell can
 * `eval` (the URLs, the seeded account's email and password, a VPS id) once it listens, the
 * `edis` commands run against it with exactly those variables and see its state change, and it
 * stops on Ctrl-C or SIGTERM with exit 0, closing the port. Bad flags and seed files are usage
 * errors before anything listens. Once as the bundled bin (a process and a real SIGTERM); the
 * rest in this process.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { operationTable } from "../../generated/operations.js";
import { shellWord } from "../../src/cli/commands/simulate.js";
import { createEdisClient } from "../../src/index.js";
import { PROCESS_TEST, startEdis } from "../../test-support/cli-process.js";
import { runEdisHere, startEdisHere } from "../../test-support/cli-in-process.js";
import { tempDir } from "../../test-support/cli-fixture.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

/** Nothing of the caller's EDIS_*: only a PATH, a HOME and a cache of the test's. */
const baseEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? "",
  HOME: dir,
  EDIS_CACHE_DIR: join(dir, "cache"),
  EDIS_CONFIG_DIR: join(dir, "config"),
});

/** The variables of `export NAME=value` lines, as a POSIX shell evaluates them. */
function evaluated(exports: string): Record<string, string> {
  const script = `${exports}\nenv -0`;
  const out = spawnSync("sh", ["-c", script], { env: {}, encoding: "utf8" }).stdout;
  return Object.fromEntries(
    out
      .split("\0")
      .filter((line) => line.startsWith("EDIS_"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

/** Polls `read` until it returns a value (the server prints once it listens). */
async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** True when something accepts connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}

const EXPORTS = /^(?:export EDIS_\w+=.*\n){7}$/u;

describe("edis simulate, in this process", () => {
  test("prints the export lines once it listens; edis runs against them and sees the state change; Ctrl-C stops it with 0", async () => {
    const sim = startEdisHere(["simulate"], baseEnv());
    const printed = await until(() => (sim.stdout().includes("EDIS_KVM_ID") ? sim.stdout() : undefined), "the export lines");
    expect(printed).toMatch(EXPORTS);
    const vars = evaluated(printed);
    expect(Object.keys(vars).sort()).toEqual([
      "EDIS_API_URL",
      "EDIS_EMAIL",
      "EDIS_KVM_ID",
      "EDIS_ORDER_URL",
      "EDIS_PASSWORD",
      "EDIS_RDNS_URL",
      "EDIS_SESSION_URL",
    ]);
    expect(vars.EDIS_SESSION_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//u);
    expect(sim.stderr()).toMatch(/^edis: simulating EDIS on http:\/\/127\.0\.0\.1:\d+ .*Ctrl-C stops it\n$/u);

    const env = { ...baseEnv(), ...vars };
    const set = await runEdisHere(["ptr", "set", "192.0.2.1=mail.example.com", "--yes"], env);
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    const get = await runEdisHere(["ptr", "get", "192.0.2.1", "--json"], env);
    expect(JSON.parse(get.stdout)).toEqual([{ ip: "192.0.2.1", ptr_record: "mail.example.com" }]);

    const port = Number(new URL(vars.EDIS_SESSION_URL!).port);
    expect(await listening(port)).toBe(true);
    sim.stop();
    const result = await sim.result;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/edis: simulator stopped\n$/u);
    expect(await listening(port)).toBe(false);
  });

  test("--seed takes the account from a YAML (or JSON) file; --json prints the variables as one object", async () => {
    const seed = join(dir, "account.yaml");
    writeFileSync(seed, 'account:\n  email: ci@example.com\n  password: "it\'s a $ecret"\nvps:\n  - kvmId: kvm_424242_1\n    ipv4: [198.51.100.7]\n');
    const sim = startEdisHere(["simulate", "--seed", seed, "--json", "--strict", "--speed", "60"], baseEnv());
    const printed = await until(() => (sim.stdout().trim().endsWith("}") ? sim.stdout() : undefined), "the JSON");
    const vars = JSON.parse(printed) as Record<string, string>;
    expect(vars).toMatchObject({ EDIS_EMAIL: "ci@example.com", EDIS_PASSWORD: "it's a $ecret", EDIS_KVM_ID: "kvm_424242_1" });
    const edis = createEdisClient({
      email: vars.EDIS_EMAIL!,
      password: vars.EDIS_PASSWORD!,
      hosts: { session: vars.EDIS_SESSION_URL!, rdns: vars.EDIS_RDNS_URL!, api: vars.EDIS_API_URL!, order: vars.EDIS_ORDER_URL! },
    });
    expect(await edis.ptr.get({ kvmId: "kvm_424242_1", ips: ["198.51.100.7"] })).toEqual([{ ip: "198.51.100.7", ptr_record: "" }]);
    sim.stop();
    expect((await sim.result).code).toBe(0);
  });

  test.each([
    [[], 400, /^\{"status":"error","error":"Invalid request: ip/u],
    [["--strict"], 400, /^the EDIS simulator saw 1 violation\(s\) of the spec:\n {2}request getPTR \(400\): /u],
  ])("simulate %j: a request that breaks the spec gets a %i, and stderr reports it", async (flags, status, body) => {
    const sim = startEdisHere(["simulate", ...flags], baseEnv());
    const printed = await until(() => (sim.stdout().includes("EDIS_KVM_ID") ? sim.stdout() : undefined), "the export lines");
    const vars = evaluated(printed);
    const auth = await fetch(`${vars.EDIS_SESSION_URL}${operationTable.createAuthSession.path}`, {
      method: "POST",
      body: new URLSearchParams({ email: vars.EDIS_EMAIL!, pw: vars.EDIS_PASSWORD!, kvm_id: vars.EDIS_KVM_ID! }),
    });
    const session = ((await auth.json()) as { data: Record<string, { signature: string; valid_until: number; api_host: string }> }).data[vars.EDIS_KVM_ID!]!;
    // `ip` as repeated fields, not the JSON text the spec asks for.
    const form = new URLSearchParams({
      signature: session.signature,
      kvm_id: vars.EDIS_KVM_ID!,
      valid_until: String(session.valid_until),
      api_host: session.api_host,
    });
    form.append("ip", "192.0.2.1");
    form.append("ip", "192.0.2.2");
    const answer = await fetch(`${vars.EDIS_RDNS_URL}${operationTable.getPTR.path}`, { method: "POST", body: form });
    expect(answer.status).toBe(status);
    expect(await answer.text()).toMatch(body);
    expect(sim.stderr()).toMatch(/^edis: spec violation: request getPTR \(400\): /mu);
    sim.stop();
    expect((await sim.result).code).toBe(0);
  });

  test("a shell reads every value back unchanged, quotes and dollars included", () => {
    const values = ["plain", "it's a $ecret", 'a "b" `c` \\d', "", "ü € \n line"];
    const lines = values.map((v, i) => `export EDIS_V${i}=${shellWord(v)}\n`).join("");
    expect(evaluated(lines)).toEqual(Object.fromEntries(values.map((v, i) => [`EDIS_V${i}`, v])));
  });

  test.each([
    [["--port", "70000"], "--port must be a port number from 0 (any free port) to 65535."],
    [["--port", "http"], "--port must be a port number"],
    [["--speed", "0"], "--speed must be a number above 0"],
    [["--speed", "fast"], "--speed must be a number above 0"],
    [["--seed", "no-such-file.yaml"], "cannot read --seed no-such-file.yaml: ENOENT"],
  ])("simulate %j is a usage error, and nothing listens", async (args, message) => {
    const result = await runEdisHere(["simulate", ...args], baseEnv());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
  });

  test("a seed file that is neither JSON nor YAML, or not an account, is a usage error naming the file", async () => {
    const broken = join(dir, "broken.yaml");
    writeFileSync(broken, "vps: [\n");
    const bad = await runEdisHere(["simulate", "--seed", broken], baseEnv());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--seed ${broken} is neither JSON nor YAML`);
    const scalar = join(dir, "scalar.json");
    writeFileSync(scalar, '"an account"');
    const notAccount = await runEdisHere(["simulate", "--seed", scalar], baseEnv());
    expect(notAccount.code).toBe(2);
    expect(notAccount.stderr).toContain(`--seed ${scalar}`);
  });

  test("a port that is taken is a usage error naming it", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await runEdisHere(["simulate", "--port", String(port)], baseEnv());
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`edis: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`);
    } finally {
      taken.close();
    }
  });

  test("the root help lists simulate; its own help shows its flags and how to use the output", async () => {
    const root = await runEdisHere(["--help"], baseEnv());
    expect(root.stdout).toMatch(/^ {2}simulate \[options\] +Run a simulated EDIS on 127\.0\.0\.1/mu);
    const help = await runEdisHere(["simulate", "--help"], baseEnv());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--port <n>[\s\S]*--seed <file>[\s\S]*--strict[\s\S]*--speed <x>/u);
    expect(help.stdout).toContain("$ edis simulate --port 8787 > edis-sim.env &");
  });
});

test(
  "the bundled bin serves until SIGTERM, then closes the port and exits with 0",
  async () => {
    const run = startEdis(["simulate", "--speed", "60"], baseEnv());
    let stdout = "";
    run.child.stdout.on("data", (chunk: string) => (stdout += chunk));
    const printed = await until(() => (stdout.includes("EDIS_KVM_ID") ? stdout : undefined), "the export lines");
    const vars = evaluated(printed);
    const edis = createEdisClient({
      email: vars.EDIS_EMAIL!,
      password: vars.EDIS_PASSWORD!,
      hosts: { session: vars.EDIS_SESSION_URL!, rdns: vars.EDIS_RDNS_URL!, api: vars.EDIS_API_URL!, order: vars.EDIS_ORDER_URL! },
    });
    const kvmId = vars.EDIS_KVM_ID!;
    await edis.power.off({ kvmId });
    // The server's clock runs 60 times faster than real time: the power-off completes within a second or so.
    expect(await edis.power.waitFor({ kvmId, state: "off" }, { intervalMs: 200, timeoutMs: 60_000 })).toMatchObject({ data: expect.stringMatching(/off/u) });
    run.child.kill("SIGTERM");
    const result = await run.result;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/edis: simulator stopped\n$/u);
    expect(await listening(Number(new URL(vars.EDIS_SESSION_URL!).port))).toBe(false);
  },
  PROCESS_TEST.timeout,
);
