/**
 * `npm run contract:live` against loopback stand-ins of the three EDIS hosts (session, rDNS,
 * the VPS's api host; test-support/live-stand-ins.ts) that answer with the spec's documented
 * examples, or with a body that breaks the spec where a test says so. The upstream overrides
 * point the script's Prism proxies at them; nothing leaves 127.0.0.1. The guarded fetch it
 * sends through is tested in contract-live-guard.test.ts.
 *
 * One run is the script for real, as a child process (`npm run contract:live`: its exit code and
 * output, the skip without credentials, which starts no Prism); the others run it in-process
 * (scripts/lib/contract-live-run.ts, all the script does but the exit) with Prism proxies kept
 * for the file, in this process (test-support/prism-here.ts: the server `prism proxy` starts,
 * without a process of its own): a Prism process costs about 3 s of CPU to start, and three of
 * them a run made this file a minute long. The unreachable host's run adds one proxy in front of
 * it, a `prism proxy` process as contract:live starts it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { EMAIL, TRICKY_PASSWORD } from "../test-support/fixtures.js";
import { runContractLive } from "./lib/contract-live-run.js";
import { type PrismServer, startPrismProxy } from "./lib/prism.js";
import { type HostName, opAt, ops, reads, useLiveStandIns, validator } from "../test-support/live-stand-ins.js";
import { startPrismProxyHere } from "../test-support/prism-here.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PASSWORD = TRICKY_PASSWORD;
const authExample = validator.example("createAuthSession", 200) as { data: Record<string, { signature: string }> };
const SIGNATURES = Object.values(authExample.data).map((s) => s.signature);

const live = useLiveStandIns();
const { hosts, received } = live;

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "contract-live-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Prism proxies kept from one in-process run to the next, by upstream: each starts once for the file. */
const kept = new Map<string, Promise<PrismServer>>();
afterAll(async () => {
  await Promise.all([...kept.values()].map(async (server) => (await server).stop()));
});
function keptProxy(upstream: string): Promise<PrismServer> {
  if (!kept.has(upstream)) kept.set(upstream, startPrismProxyHere(upstream));
  return kept.get(upstream)!;
}

/** Runs contract:live in-process with only the given EDIS_* variables, through the kept proxies. */
function runLive(vars: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string }> {
  return runContractLive(vars, args, { startProxy: keptProxy });
}

/** Runs `npm run contract:live` as a process with only the given EDIS_* variables (none inherited). */
function runLiveProcess(vars: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("EDIS_")));
  const child = spawn("npm", ["run", "--silent", "contract:live", "--", ...args], { cwd: ROOT, env: { ...env, ...vars } });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out })));
}

const upstreamVars = () => ({
  EDIS_LIVE_SESSION_UPSTREAM: hosts.session,
  EDIS_LIVE_RDNS_UPSTREAM: hosts.rdns,
  EDIS_LIVE_API_UPSTREAM: hosts.api,
});
const credentials = { EDIS_EMAIL: EMAIL, EDIS_PASSWORD: PASSWORD };

interface ReportEntry {
  operationId: string;
  host: string;
  status: number;
  violations: { side: string; source: string; message: string; location?: string }[];
}
interface Report {
  result: string;
  kvmId: string;
  requests: ReportEntry[];
  skipped: { operationId: string; reason: string }[];
  incomplete: { operationId: string; reason: string }[];
  error?: string;
  summary: Record<string, number>;
}
const readReport = (file: string): Report => JSON.parse(readFileSync(file, "utf8")) as Report;

/** Requests per path that reached the stand-ins. */
function countByPath(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of received) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
  return counts;
}

/** Nothing destructive reached any host, and every read reached its own host the expected number of times. */
function expectReadsOnly(expected: { ptr: number }): void {
  const counts = countByPath();
  for (const op of ops.filter((o) => o.destructive)) expect(counts.get(op.path) ?? 0, op.operationId).toBe(0);
  for (const r of received) expect(r.host, r.path).toBe(opAt.get(r.path)!.host);
  expect(counts.get(operationTable.createAuthSession.path)).toBe(2); // listing the VPSs, then the session of one
  expect(counts.get(operationTable.getHydrationLog.path)).toBe(2); // scope client and kvm
  expect(counts.get(operationTable.getPTR.path) ?? 0).toBe(expected.ptr);
  for (const op of reads.filter((o) => o.operationId !== "getHydrationLog" && o.operationId !== "getPTR")) {
    expect(counts.get(op.path), op.operationId).toBe(1);
  }
}

/** These start Prism proxies, one runs the script as a process: seconds when idle, much longer on a busy machine. */
const slow = { timeout: 300_000 };

describe("npm run contract:live", () => {
  test("without credentials: skipped, says what to set, sends nothing, exits 0", slow, async () => {
    const report = join(dir, "report.json");
    const { code, out } = await runLiveProcess({ ...upstreamVars(), EDIS_LIVE_REPORT: report });
    expect(code).toBe(0);
    expect(out).toMatch(/^contract:live skipped: EDIS_EMAIL and EDIS_PASSWORD not set\. Nothing was sent\./);
    for (const name of ["EDIS_EMAIL", "EDIS_PASSWORD", "EDIS_KVM_ID", "EDIS_PTR_IPS"]) expect(out).toContain(`  ${name} `);
    expect(received).toEqual([]);
    expect(existsSync(report)).toBe(false);
  });

  test("a response that breaks the spec: listed with its violations, the rest clean, exit 1", slow, async () => {
    live.overrides = { getPowerState: { status: "success", data: 42, traffic_suspended: false } };
    const file = join(dir, "report.json");
    const { code, out } = await runLive({ ...credentials, ...upstreamVars(), EDIS_LIVE_REPORT: file });
    expect(code, out).toBe(1);

    const report = readReport(file);
    expect(report.result).toBe("violations");
    expect(report.kvmId).toBe("kvm_123456_789012"); // the account's first VPS
    const power = report.requests.filter((r) => r.operationId === "getPowerState");
    expect(power).toEqual([
      {
        operationId: "getPowerState",
        host: hosts.api,
        path: operationTable.getPowerState.path,
        status: 200,
        violations: [
          { side: "response", source: "prism", location: "response.body.data", message: "Response body property data must be string" },
          { side: "response", source: "suite", message: "200 response breaks the spec: /data must be string" },
        ],
        warnings: [],
      },
    ]);
    const others = report.requests.filter((r) => r.operationId !== "getPowerState");
    expect(others.filter((r) => r.violations.length > 0)).toEqual([]);
    expect(others.map((r) => r.operationId).sort()).toEqual(
      ["createAuthSession", "createAuthSession", "getHydrationLog", ...reads.map((op) => op.operationId)].filter((id) => id !== "getPowerState").sort(),
    );
    expect(others.every((r) => r.status === 200 && r.host === hosts[operationTable[r.operationId as keyof typeof operationTable].host as HostName])).toBe(true);
    expect(report.summary).toMatchObject({ requestsWithViolations: 1, violations: 2, skipped: 0, incomplete: 0 });
    expect(out).toMatch(/FAIL {2}getPowerState +200\n +response \(prism\): response\.body\.data: Response body property data must be string/);

    expectReadsOnly({ ptr: 1 });
    // getPTR asked for the VPS's own addresses, from getKvmDetails' `ip.ipv4` (netmask cut off).
    const [ptr] = received.filter((r) => r.path === operationTable.getPTR.path);
    expect(ptr!.form.get("ip")).toBe('["192.168.0.101","192.168.0.102"]');
    expect(ptr!.form.get("kvm_id")).toBe("kvm_123456_789012");

    const written = readFileSync(file, "utf8");
    for (const secret of [PASSWORD, ...SIGNATURES]) {
      expect(written).not.toContain(secret);
      expect(out).not.toContain(secret);
    }
  });

  test("a conforming API: a clean report and exit 0; EDIS_KVM_ID, EDIS_PTR_IPS and --report are honoured", slow, async () => {
    const file = join(dir, "clean.json");
    const { code, out } = await runLive({ ...credentials, ...upstreamVars(), EDIS_KVM_ID: "kvm_234567_890123", EDIS_PTR_IPS: "192.0.2.7, 2001:db8::7" }, [
      "--report",
      file,
    ]);
    expect(code, out).toBe(0);
    const report = readReport(file);
    expect(report.result).toBe("clean");
    expect(report.kvmId).toBe("kvm_234567_890123");
    expect(report.requests.length).toBe(reads.length + 3);
    expect(report.requests.flatMap((r) => r.violations)).toEqual([]);
    expectReadsOnly({ ptr: 1 });
    const api = received.filter((r) => r.host !== "session");
    expect(new Set(api.map((r) => r.form.get("kvm_id")))).toEqual(new Set(["kvm_234567_890123"]));
    expect(received.find((r) => r.path === operationTable.getPTR.path)!.form.get("ip")).toBe('["192.0.2.7","2001:db8::7"]');
  });

  test("a host that cannot be reached: reported as incomplete, exit 2", slow, async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const file = join(dir, "report.json");
    // The proxy in front of the closed port is a `prism proxy` process, as contract:live starts
    // it (scripts/lib/prism.ts): the one row of that path; the rDNS proxy is the file's kept one.
    const startProxy = (upstream: string) => {
      if (upstream !== gone) return keptProxy(upstream);
      const started = startPrismProxy(upstream);
      kept.set(upstream, started);
      return started;
    };
    const vars = { ...credentials, ...upstreamVars(), EDIS_LIVE_SESSION_UPSTREAM: gone };
    const { code, out } = await runContractLive(vars, ["--report", file], { startProxy });
    expect(code, out).toBe(2);
    const report = readReport(file);
    expect(report.result).toBe("incomplete");
    expect(report.requests).toEqual([]);
    expect(report.incomplete.map((i) => i.operationId)).toEqual(["createAuthSession"]);
    expect(report.incomplete[0]!.reason.startsWith(`no answer from ${gone}: `)).toBe(true);
    expect(report.incomplete[0]!.reason).toContain("ECONNREFUSED");
    expect(report.error).toMatch(/^listing the account's VPSs failed: createAuthSession failed: 500/);
    expect(out).toContain("contract:live could not complete");
    expect(received).toEqual([]);
  });

  test("a session naming a non-EDIS api_host: refused before anything is sent there, exit 2", slow, async () => {
    const vps = Object.values(authExample.data)[0]!;
    live.overrides = { createAuthSession: { status: "success", data: { kvm_123456_789012: { ...vps, api_host: "api.example.net" } } } };
    const { EDIS_LIVE_API_UPSTREAM: _unset, ...vars } = upstreamVars();
    const file = join(dir, "report.json");
    const { code, out } = await runLive({ ...credentials, ...vars, EDIS_LIVE_REPORT: file });
    expect(code, out).toBe(2);
    const report = readReport(file);
    expect(report.error).toBe('the session names api_host "api.example.net", which is not an EDIS host; set EDIS_LIVE_API_UPSTREAM to check it anyway');
    expect(received.map((r) => r.path)).toEqual([operationTable.createAuthSession.path]);
  });

  test("a VPS without addresses: getPTR is skipped with a note, nothing else changes", slow, async () => {
    const details = validator.example("getKvmDetails", 200) as { data: { ip: { ipv4: string[] } } };
    live.overrides = { getKvmDetails: { ...details, data: { ...details.data, ip: { ...details.data.ip, ipv4: [] } } } };
    const file = join(dir, "report.json");
    const { code, out } = await runLive({ ...credentials, ...upstreamVars(), EDIS_LIVE_REPORT: file });
    expect(code, out).toBe(0);
    const report = readReport(file);
    expect(report.skipped).toEqual([{ operationId: "getPTR", reason: "no addresses: getKvmDetails listed no IPv4 address; set EDIS_PTR_IPS" }]);
    expect(out).toMatch(/skip {2}getPTR +no addresses/);
    expectReadsOnly({ ptr: 0 });
  });
});
