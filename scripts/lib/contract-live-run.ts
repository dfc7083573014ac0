/**
 * The run of `npm run contract:live` (scripts/contract-live.ts, which is this and the exit):
 * given the environment and the arguments, it checks the read-only operations through Prism
 * proxies, writes the report and returns the exit code with what the script prints. A test
 * runs it in-process and hands it proxies it keeps for the next run (`startProxy`).
 *
 * Exit codes: 0 clean (or skipped: no credentials), 1 violations found, 2 the check could not
 * run or complete (auth failed, no answer from a host, …).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { EdisHostError, createEdisClient } from "../../src/index.js";
import { runReadPlan } from "../../src/contract/read-plan.js";
import { type LiveExchange, type Violation, assertReadOnly, createGuardedFetch, judge, readOperations } from "./live-check.js";
import { type PrismServer, startPrismProxy } from "./prism.js";
import { createSpecValidator } from "./spec-validator.js";

export interface ContractLiveOptions {
  /** Starts the `prism proxy` in front of one host (default: a fresh one, stopped at the end of the run). */
  startProxy?: (upstream: string) => Promise<PrismServer>;
}

type Host = "session" | "rdns" | "api";

/** One request of the report. */
interface Checked {
  operationId: string;
  host: string;
  path: string;
  status: number;
  violations: Violation[];
  warnings: Violation[];
  /** What the client raised for this call, if anything (secrets are redacted by the client). */
  clientError?: string;
}

/** The spec's server of a host (for `api`, the `https://{api_host}` template). */
const serverOf = (host: Host): string => readOperations.find((op) => op.host === host)!.server;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function runContractLive(
  env: Record<string, string | undefined>,
  args: string[],
  options: ContractLiveOptions = {},
): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const print = (line: string): void => void lines.push(line);
  // An empty variable counts as unset: CI passes a missing secret as "".
  const { values: flags } = parseArgs({ args, options: { report: { type: "string" } } });
  const reportFile = flags.report || env.EDIS_LIVE_REPORT || "contract-live-report.json";

  const missing = ["EDIS_EMAIL", "EDIS_PASSWORD"].filter((name) => !env[name]);
  if (missing.length > 0) {
    print(`contract:live skipped: ${missing.join(" and ")} not set. Nothing was sent.

To check the real EDIS API (read-only operations only), set:
  EDIS_EMAIL      client-area (WHMCS) login email                 required
  EDIS_PASSWORD   client-area password                            required
  EDIS_KVM_ID     the VPS to check                                optional, default: the account's first VPS
  EDIS_PTR_IPS    addresses for getPTR, comma-separated           optional, default: the VPS's IPv4 addresses`);
    return { code: 0, out: `${lines.join("\n")}\n` };
  }
  const email = env.EDIS_EMAIL!;
  const password = env.EDIS_PASSWORD!;
  const startProxy = options.startProxy ?? startPrismProxy;
  const stopProxies = options.startProxy === undefined;

  const upstreams: Record<Host, string | undefined> = {
    session: env.EDIS_LIVE_SESSION_UPSTREAM || serverOf("session"),
    rdns: env.EDIS_LIVE_RDNS_UPSTREAM || serverOf("rdns"),
    // Known once the session names the VPS's api_host.
    api: env.EDIS_LIVE_API_UPSTREAM || undefined,
  };

  const report = {
    checkedAt: new Date().toISOString(),
    kvmId: undefined as string | undefined,
    upstreams,
    result: "clean" as "clean" | "violations" | "incomplete",
    summary: { requests: 0, requestsWithViolations: 0, violations: 0, skipped: 0, incomplete: 0 },
    requests: [] as Checked[],
    skipped: [] as { operationId: string; reason: string }[],
    incomplete: [] as { operationId: string; reason: string }[],
    error: undefined as string | undefined,
  };

  const validator = createSpecValidator();
  const guarded = createGuardedFetch();
  const proxies = new Map<string, { host: Host; server: PrismServer }>();

  async function proxy(host: Host, upstream: string): Promise<string> {
    const server = await startProxy(upstream);
    proxies.set(new URL(server.url).origin, { host, server });
    return server.url;
  }

  /** Makes one call of `operationId` and records its exchanges, judged. Never throws for the call's failure. */
  async function check<T>(operationId: string, call: () => Promise<T>): Promise<{ result?: T; error?: string; thrown?: unknown }> {
    assertReadOnly(operationId);
    const first = guarded.exchanges.length;
    let outcome: { result?: T; error?: string; thrown?: unknown };
    try {
      outcome = { result: await call() };
    } catch (error) {
      outcome = { error: message(error), thrown: error };
    }
    const exchanges = guarded.exchanges.slice(first);
    if (exchanges.length === 0) report.incomplete.push({ operationId, reason: outcome.error ?? "nothing was sent" });
    for (const [i, exchange] of exchanges.entries()) await record(exchange, i === exchanges.length - 1 ? outcome.error : undefined);
    return outcome;
  }

  async function record(exchange: LiveExchange, clientError: string | undefined): Promise<void> {
    const judgement = await judge(validator, exchange);
    const host = proxies.get(exchange.origin)?.host;
    const upstream = (host && upstreams[host]) ?? exchange.origin;
    if (judgement.prismError !== undefined) {
      // Prism answered in the upstream's place: there was nothing to check.
      report.incomplete.push({ operationId: exchange.operationId, reason: `no answer from ${upstream}: ${judgement.prismError}` });
      return;
    }
    report.requests.push({
      operationId: exchange.operationId,
      host: upstream,
      path: exchange.path,
      status: exchange.status,
      violations: judgement.violations,
      warnings: judgement.warnings,
      ...(clientError !== undefined ? { clientError } : {}),
    });
  }

  async function run(): Promise<void> {
    const [sessionUrl, rdnsUrl] = await Promise.all([proxy("session", upstreams.session!), proxy("rdns", upstreams.rdns!)]);
    const common = { email, password, fetch: guarded.fetch, retries: 0 };

    // A first client only lists the account's VPSs (auth without kvm_id), to learn the api_host.
    // The client refuses a session naming a foreign api_host (EdisHostError) unless both hosts
    // that use it are overridden, as they are when EDIS_LIVE_API_UPSTREAM says where to check.
    const listHosts = upstreams.api === undefined ? { session: sessionUrl } : { session: sessionUrl, rdns: rdnsUrl, api: upstreams.api };
    const list = createEdisClient({ ...common, hosts: listHosts });
    const listed = await check("createAuthSession", () => list.vps.list());
    if (listed.thrown instanceof EdisHostError) {
      throw new Error(
        `the session names api_host ${JSON.stringify(listed.thrown.host)}, which is not an EDIS host; set EDIS_LIVE_API_UPSTREAM to check it anyway`,
      );
    }
    if (listed.result === undefined) throw new Error(`listing the account's VPSs failed: ${listed.error}`);
    const vpss = listed.result;
    const vps = env.EDIS_KVM_ID ? vpss.find((v) => v.kvmId === env.EDIS_KVM_ID) : vpss[0];
    if (!vps) throw new Error(env.EDIS_KVM_ID ? `EDIS_KVM_ID ${env.EDIS_KVM_ID} is not a VPS of this account` : "the account has no VPS");
    report.kvmId = vps.kvmId;
    upstreams.api ??= serverOf("api").replace("{api_host}", vps.apiHost.toLowerCase());
    const apiUrl = await proxy("api", upstreams.api);

    const edis = createEdisClient({ ...common, hosts: { session: sessionUrl, rdns: rdnsUrl, api: apiUrl } });
    // The calls and their params are `edis contract check`'s (src/contract/read-plan.ts).
    const ptrIps = env.EDIS_PTR_IPS ? env.EDIS_PTR_IPS.split(/[\s,]+/).filter(Boolean) : undefined;
    await runReadPlan(
      edis,
      readOperations,
      { kvmId: vps.kvmId, who: "contract:live", ptrHint: "set EDIS_PTR_IPS", ...(ptrIps ? { ptrIps } : {}) },
      {
        check: async (operationId, _params, call) => {
          const outcome = await check(operationId, call);
          return outcome.error === undefined ? { result: outcome.result } : { failed: true };
        },
        skip: (operationId, reason) => void report.skipped.push({ operationId, reason }),
      },
    );
  }

  try {
    await run();
  } catch (error) {
    report.error = message(error);
  } finally {
    if (stopProxies) await Promise.all([...proxies.values()].map((p) => p.server.stop()));
  }

  const flagged = report.requests.filter((r) => r.violations.length > 0);
  report.summary = {
    requests: report.requests.length,
    requestsWithViolations: flagged.length,
    violations: flagged.reduce((n, r) => n + r.violations.length, 0),
    skipped: report.skipped.length,
    incomplete: report.incomplete.length,
  };
  report.result = flagged.length > 0 ? "violations" : report.incomplete.length > 0 || report.error ? "incomplete" : "clean";
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);

  print(`contract:live against ${Object.values(upstreams).filter(Boolean).join(", ")}${report.kvmId ? ` (${report.kvmId})` : ""}\n`);
  for (const r of report.requests) {
    print(`${r.violations.length > 0 ? "FAIL" : "ok  "}  ${r.operationId.padEnd(26)} ${r.status}`);
    for (const v of r.violations) print(`        ${v.side} (${v.source}): ${v.location ? `${v.location}: ` : ""}${v.message}`);
  }
  for (const s of report.skipped) print(`skip  ${s.operationId.padEnd(26)} ${s.reason}`);
  for (const s of report.incomplete) print(`error ${s.operationId.padEnd(26)} ${s.reason}`);
  if (report.error) print(`\ncontract:live could not complete: ${report.error}`);
  const { summary } = report;
  print(
    `\nRequests checked: ${summary.requests}, with violations: ${summary.requestsWithViolations} (${summary.violations} violations), ` +
      `skipped: ${summary.skipped}, incomplete: ${summary.incomplete}. Report: ${reportFile}`,
  );
  return { code: report.result === "violations" ? 1 : report.result === "incomplete" ? 2 : 0, out: `${lines.join("\n")}\n` };
}
