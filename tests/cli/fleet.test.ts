/**
 * Per-VPS commands on several VPSs (`--kvm a,b`, `--kvm` repeated, `--all`), in-process against
 * the simulator of `edis-global/testing` with an account of three VPSs: one confirmation
 * listing every target and nothing sent before it, one row per VPS in tables, CSV and JSON,
 * exit 1 naming each failed VPS, --parallel, --wait per VPS, and Ctrl-C that starts no new VPS.
 */
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import { runCli } from "../../src/cli/run.js";
import { closeServers, serve } from "../../test-support/loopback-server.js";
import { cliEnv, tempDir } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { EMAIL, TRICKY_PASSWORD } from "../../test-support/fixtures.js";
import { type EdisSimulator, createEdisSimulator } from "../../src/testing/index.js";

const IDS = ["kvm_100001_1", "kvm_100002_2", "kvm_100003_3"];

let sim: EdisSimulator;
let temp: { dir: string; cleanup: () => void };
let env: Record<string, string>;
let simUrl: string;

beforeEach(async () => {
  sim = createEdisSimulator({ seed: { account: { email: EMAIL, password: TRICKY_PASSWORD }, vps: IDS.map((kvmId) => ({ kvmId })) } });
  const server = await sim.listen();
  simUrl = server.url;
  temp = tempDir();
  env = cliEnv(undefined, temp.dir, { ...server.env, EDIS_PASSWORD: TRICKY_PASSWORD });
});
afterEach(async () => {
  await closeServers();
  await sim.close();
  temp.cleanup();
});

const sent = (operationId: string) => sim.requests.filter((r) => r.operationId === operationId).map((r) => r.form.kvm_id);

describe("per-VPS commands on several VPSs", () => {
  it("--kvm a,b --json: an array of { kvmId, ok, result } in the order named", async () => {
    const result = await runEdisHere(["power", "state", "--kvm", `${IDS[2]},${IDS[0]}`, "--json"], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as { kvmId: string; ok: boolean; result: unknown }[];
    expect(data.map((d) => [d.kvmId, d.ok])).toEqual([
      [IDS[2], true],
      [IDS[0], true],
    ]);
    expect(data[0]?.result).toMatchObject({ status: "success", data: expect.any(String) });
    expect(sent("getPowerState").sort()).toEqual([IDS[0], IDS[2]]);
  });

  it("--kvm repeated is the same list; --all is every VPS of the account, from one auth answer", async () => {
    const repeated = await runEdisHere(["power", "state", "--kvm", IDS[0]!, "--kvm", IDS[1]!, "-o", "csv", "--fields", "kvmId,ok"], env);
    expect(repeated).toEqual({ code: 0, stdout: `kvmId,ok\r\n${IDS[0]},true\r\n${IDS[1]},true\r\n`, stderr: "" });
    const all = await runEdisHere(["power", "state", "--all", "-o", "csv", "--fields", "kvmId,ok"], env);
    expect(all).toEqual({ code: 0, stdout: `kvmId,ok\r\n${IDS.map((id) => `${id},true`).join("\r\n")}\r\n`, stderr: "" });
  });

  it("a table has one row per VPS with a kvmId column", async () => {
    const result = await runEdisHere(["power", "state", "--all"], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^kvmId\s+ok\s+status\s+data\s/u);
    expect(lines.slice(1).map((line) => line.split(/\s+/u)[0])).toEqual(IDS);
  });

  it("a change without --yes and no terminal is exit 2, nothing sent, not even the auth call", async () => {
    const result = await runEdisHere(["power", "on", "--all"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("edis: power on changes the VPS: add --yes to confirm (there is no terminal to ask on)\n");
    expect(sim.requests).toHaveLength(0);
  });

  it("a change asks once, listing every target; no sends nothing but the list's auth call", async () => {
    const declined = await runEdisHere(["power", "on", "--all"], env, { askable: true, input: "n\n" });
    expect(declined.code).toBe(2);
    expect(declined.stderr).toContain(`— 3 VPSs: ${IDS.join(", ")}. Continue? [y/N] `);
    expect(declined.stderr.match(/Continue\?/gu)).toHaveLength(1);
    expect(sim.requests.map((r) => r.operationId)).toEqual(["createAuthSession"]);

    const accepted = await runEdisHere(["power", "on", "--kvm", IDS.join(","), "--json"], env, { askable: true, input: "y\n" });
    expect(accepted.code).toBe(0);
    expect(accepted.stderr.match(/Continue\?/gu)).toHaveLength(1);
    expect(sent("powerOnVPS").sort()).toEqual(IDS);
  });

  it("a bad VPS id, a VPS named twice, --all with --kvm, --parallel 0: exit 2 before anything is sent", async () => {
    for (const args of [
      ["power", "on", "--kvm", `${IDS[0]},nope`, "--yes"],
      ["power", "on", "--kvm", `${IDS[0]},${IDS[0]}`, "--yes"],
      ["power", "on", "--all", "--kvm", IDS[0]!, "--yes"],
      ["power", "on", "--all", "--parallel", "0", "--yes"],
      ["power", "on", "--kvm", `${IDS[0]},`, "--yes"],
    ]) {
      const result = await runEdisHere(args, env);
      expect([args.join(" "), result.code]).toEqual([args.join(" "), 2]);
      expect(result.stdout).toBe("");
    }
    expect(sim.requests).toHaveLength(0);
  });

  it("a command of one VPS refuses several in --kvm", async () => {
    const result = await runEdisHere(["ptr", "get", "192.0.2.1", "--kvm", IDS.join(",")], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--kvm names 3 VPSs; this command acts on one");
    expect(sim.requests).toHaveLength(0);
  });

  it("one VPS failing: the others still run, exit 1, stderr says which and why, --json has its error", async () => {
    sim.faults.add({ operationId: "powerOnVPS", status: 500, times: 1 });
    const result = await runEdisHere(["power", "on", "--all", "--yes", "--parallel", "1", "--json", "--retries", "0"], env);
    expect(result.code).toBe(1);
    const data = JSON.parse(result.stdout) as { kvmId: string; ok: boolean; error?: string }[];
    expect(data.map((d) => [d.kvmId, d.ok])).toEqual([
      [IDS[0], false],
      [IDS[1], true],
      [IDS[2], true],
    ]);
    expect(data[0]?.error).toMatch(/500/u);
    expect(result.stderr).toContain("edis: power on: 2 of 3 VPSs done, 1 failed\n");
    expect(result.stderr).toContain(`edis: ${IDS[0]}: ${data[0]?.error}\n`);
    expect(sent("powerOnVPS")).toEqual(IDS);
  });

  it("--parallel 1 sends one VPS's change after the other, in order", async () => {
    const result = await runEdisHere(["power", "on", "--all", "--yes", "--parallel", "1", "--json"], env);
    expect(result.code).toBe(0);
    expect(sent("powerOnVPS")).toEqual(IDS);
  });

  it("--wait waits per VPS and says on stderr what each showed", async () => {
    await sim.close();
    sim = createEdisSimulator({
      seed: { account: { email: EMAIL, password: TRICKY_PASSWORD }, vps: IDS.map((kvmId) => ({ kvmId, power: "on" as const })) },
      durations: { powerOff: 0 },
    });
    env = cliEnv(undefined, temp.dir, { ...(await sim.listen()).env, EDIS_PASSWORD: TRICKY_PASSWORD });
    const result = await runEdisHere(["power", "off", "--kvm", `${IDS[0]},${IDS[1]}`, "--yes", "--wait", "--poll-interval", "10ms", "--json"], env);
    expect(result.code).toBe(0);
    for (const id of [IDS[0], IDS[1]]) expect(result.stderr).toMatch(new RegExp(`edis: ${id}: the power state reads off`, "u"));
    expect(sim.state.vps.slice(0, 2).map((v) => v.power)).toEqual(["off", "off"]);
  });

  it("--wait that runs out for one VPS: that VPS failed, saying the change was accepted; exit 1", async () => {
    const result = await runEdisHere(
      ["power", "off", "--kvm", IDS[0]!, "--kvm", IDS[1]!, "--yes", "--wait", "--wait-timeout", "50ms", "--poll-interval", "10ms", "--json"],
      env,
    );
    expect(result.code).toBe(1);
    const data = JSON.parse(result.stdout) as { kvmId: string; ok: boolean; error?: string }[];
    // The second VPS was off already (the simulator's default): its wait ends at once.
    expect(data.map((d) => d.ok)).toEqual([false, true]);
    expect(result.stderr).toContain(`edis: ${IDS[1]}: the power state reads off`);
    expect(data[0]?.error).toMatch(/^power off was accepted, but the power state did not read off within 50ms/u);
    expect(sent("powerOffVPS")).toEqual([IDS[0], IDS[1]]);
  });

  it("--dry-run prints each VPS's request and sends nothing", async () => {
    const result = await runEdisHere(["power", "on", "--kvm", `${IDS[0]},${IDS[1]}`, "--dry-run"], env);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^kvm_id: /gmu)).toHaveLength(2);
    expect(result.stdout).toContain(IDS[0]);
    expect(result.stdout).toContain(IDS[1]);
    expect(sim.requests).toHaveLength(0);
  });

  it("Ctrl-C starts no new VPS, lets the change in flight finish and reports what ran (exit 130)", async () => {
    // Ctrl-C comes while the first change is at the server: a proxy in front of the simulator fires it then.
    const interrupt = new AbortController();
    const proxy = await serve((res, seen) => {
      if (seen.head.url?.endsWith(operationTable.powerOnVPS.path)) interrupt.abort(new Error("interrupted"));
      void (async () => {
        const answer = await fetch(`${simUrl}${seen.head.url}`, {
          method: seen.head.method ?? "POST",
          headers: { "content-type": seen.head.headers["content-type"] ?? "" },
          body: seen.body,
        });
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "" });
        res.end(await answer.text());
      })();
    });
    const proxied = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value.replace(simUrl, proxy.url)]));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    const stdin = new PassThrough();
    stdin.end();
    const code = await runCli(["power", "on", "--all", "--yes", "--parallel", "1", "--json"], {
      stdin,
      stdout,
      stderr,
      env: proxied,
      signal: interrupt.signal,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(code).toBe(130);
    const data = JSON.parse(out) as { kvmId: string; ok: boolean; error?: string }[];
    expect(data).toEqual([
      { kvmId: IDS[0], ok: true, result: expect.anything() },
      { kvmId: IDS[1], ok: false, error: "not started: interrupted" },
      { kvmId: IDS[2], ok: false, error: "not started: interrupted" },
    ]);
    expect(sent("powerOnVPS")).toEqual([IDS[0]]);
    expect(sim.requests.find((r) => r.operationId === "powerOnVPS")?.status).toBe(200);
    expect(err).toContain("edis: interrupted: 1 of 3 VPSs were started, and the calls already sent were let finish\n");
  });
});
