/**
 * One run of `edis contract check`: a client whose fetch lets only read-only operations out
 * (read-only.ts), the account's VPSs listed (the auth call's check), every other read made
 * (read-plan.ts), and each answer the guard let through judged against the shipped spec
 * (spec-schemas.ts). Secrets never reach the report: the password and every session signature
 * the auth answers carried are scrubbed from its text.
 */
import { type EdisClient, type EdisHosts, createEdisClient, isEdisAbortError } from "../index.js";
import { scrub, secretMembersOf } from "../safety/redact.js";
import { type GuardedExchange, MAX_ANSWER_BYTES, createGuardedFetch, readOnlyOperations } from "./read-only.js";
import { runReadPlan } from "./read-plan.js";
import { type ContractReport, finishReport, recordAnswer, recordError, recordSkip, startReport } from "./report.js";
import { type ResponseSchemas, judgeAnswer, pointer } from "./spec-schemas.js";

export const WHO = "edis contract check";

export interface ContractCheckOptions {
  readonly email: string;
  readonly password: () => Promise<string>;
  readonly hosts?: EdisHosts;
  readonly timeoutMs?: number;
  /** Resends of a read after a network error or a 5xx (default 0: each answer as it came). */
  readonly retries?: number;
  /** The VPS to check (default: the account's first). */
  readonly kvmId?: string;
  /** Addresses for getPTR (default: the VPS's IPv4 addresses). */
  readonly ptrIps?: readonly string[];
  readonly signal?: AbortSignal;
  readonly onWarning?: (message: string) => void;
  /** The spec documents' response schemas (spec-files.ts loads the shipped ones). */
  readonly schemas: readonly ResponseSchemas[];
  /** What sends the requests the guard lets out (default: globalThis.fetch). */
  readonly fetch?: typeof fetch;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The secrets an answer carried (src/safety/redact.ts decides which: the session signatures of an auth answer, `data.<kvm>.signature`). */
function secretsIn(exchange: GuardedExchange): string[] {
  try {
    return secretMembersOf(JSON.parse(exchange.responseBody));
  } catch {
    return [];
  }
}

/** Every text of the report with the secrets taken out. */
function scrubReport(report: ContractReport, secrets: readonly string[]): ContractReport {
  const clean = (text: string) => scrub(text, secrets);
  // A place is a JSON pointer, which writes a key's / and ~ as ~1 and ~0: each key is scrubbed as the answer had it.
  const cleanPlace = (place: string) =>
    place
      .split("/")
      .map((part) => {
        const key = part.replace(/~1/gu, "/").replace(/~0/gu, "~");
        const scrubbed = clean(key);
        return scrubbed === key ? clean(part) : pointer(scrubbed);
      })
      .join("/");
  for (const o of report.operations) {
    if (o.reason !== undefined) o.reason = clean(o.reason);
    o.violations.splice(0, o.violations.length, ...o.violations.map((v) => ({ ...v, path: cleanPlace(v.path), message: clean(v.message) })));
  }
  if (report.error !== undefined) report.error = clean(report.error);
  return report;
}

/** Runs the check and returns its report (finished and scrubbed); throws only when interrupted. */
export async function runContractCheck(options: ContractCheckOptions): Promise<ContractReport> {
  const guard = createGuardedFetch({ who: WHO, maxResponseBytes: MAX_ANSWER_BYTES, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const report = startReport(readOnlyOperations);
  const secrets: string[] = [];
  const client: EdisClient = createEdisClient({
    email: options.email,
    password: async () => {
      const password = await options.password();
      secrets.push(password);
      return password;
    },
    fetch: guard.fetch,
    maxResponseBytes: MAX_ANSWER_BYTES,
    retries: options.retries ?? 0,
    ...(options.hosts ? { hosts: options.hosts } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  const signal = options.signal ? { signal: options.signal } : {};

  const check = async <T>(operationId: string, call: () => Promise<T>): Promise<{ result?: T; error?: unknown }> => {
    const first = guard.exchanges.length;
    let outcome: { result?: T; error?: unknown };
    try {
      outcome = { result: await call() };
    } catch (error) {
      if (isEdisAbortError(error)) throw error;
      outcome = { error };
    }
    for (const exchange of guard.exchanges.slice(first)) {
      secrets.push(...secretsIn(exchange));
      recordAnswer(report, exchange.operationId, exchange.status, judgeAnswer(options.schemas, exchange.operationId, exchange.status, exchange.responseBody));
    }
    if (outcome.error !== undefined) recordError(report, operationId, `no answer to check: ${message(outcome.error)}`);
    return outcome;
  };

  try {
    const listed = await check("createAuthSession", () => client.vps.list(signal));
    if (listed.result === undefined) throw new Error(`listing the account's VPSs failed: ${message(listed.error)}`);
    const vps = options.kvmId ? listed.result.find((v) => v.kvmId === options.kvmId) : listed.result[0];
    if (options.kvmId && !vps) throw new Error(`${options.kvmId} is not a VPS of this account`);
    report.kvmId = vps?.kvmId;
    await runReadPlan(
      client,
      readOnlyOperations,
      { kvmId: vps?.kvmId, who: WHO, ptrHint: "name addresses with --ip", ...(options.ptrIps ? { ptrIps: options.ptrIps } : {}), ...signal },
      {
        check: async (operationId, _params, call) => {
          const outcome = await check(operationId, call);
          return outcome.error === undefined ? { result: outcome.result } : { failed: true };
        },
        skip: (operationId, reason) => recordSkip(report, operationId, reason),
      },
    );
  } catch (error) {
    if (isEdisAbortError(error)) throw error;
    report.error = message(error);
  }
  return scrubReport(finishReport(report), secrets);
}
