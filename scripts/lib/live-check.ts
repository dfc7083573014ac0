/**
 * The parts of `npm run contract:live`: which operations it may send (the read-only ones of the
 * Management API), a fetch that refuses anything else and records what it lets through (both
 * shipped, src/contract/read-only.ts, shared with `edis contract check`), and the judgement of
 * one recorded exchange: Prism's `sl-violations` plus the contract suite's own request and
 * response checks (scripts/lib/wire-check.ts, whose response check is the shipped one,
 * src/contract/spec-schemas.ts), never a second validator.
 */
import type { OperationSpec } from "../../generated/operations.js";
import {
  type GuardedExchange,
  type GuardedFetch,
  assertReadOnly as assertReadOnlyFor,
  createGuardedFetch as guardedFetch,
  readOnlyOperations,
} from "../../src/contract/read-only.js";
import type { SpecValidator } from "./spec-validator.js";
import { checkRequest, checkResponse } from "./wire-check.js";

const WHO = "contract:live";

/**
 * The operations the live check may send: the read-only ones (`x-edis-retry-safe`, not
 * destructive) of the Management API, whose three hosts contract:live puts Prism proxies before.
 * The ORDER API's reads are checked by `edis contract check`.
 */
export const readOperations: readonly OperationSpec[] = readOnlyOperations.filter((op) => op.host !== "order");

/** Returns the operation, or throws when it may change anything: the live check runs on a real account. */
export function assertReadOnly(operationId: string): OperationSpec {
  return assertReadOnlyFor(operationId, WHO);
}

/** One request as it left the client and the answer that came back through Prism (`origin`: one of the proxies). */
export type LiveExchange = GuardedExchange;

/** Creates the guarded fetch of contract:live: a request to any other path throws before anything is sent. */
export function createGuardedFetch(): GuardedFetch {
  return guardedFetch({ who: WHO, operations: readOperations });
}

/** One finding. `prism` ones come from `sl-violations`, `suite` ones from the contract suite's checks. */
export interface Violation {
  readonly side: "request" | "response";
  readonly source: "prism" | "suite";
  readonly message: string;
  /** Where Prism found it, e.g. `response.body.data`. */
  readonly location?: string;
}

export interface Judgement {
  /** Breaks of the spec: Prism's `Error` severity and every failed suite check. */
  readonly violations: Violation[];
  /** Prism's findings below `Error` severity; reported, never failing. */
  readonly warnings: Violation[];
  /** Prism answered itself (the upstream could not be reached): there was no answer to check. */
  readonly prismError?: string;
}

interface PrismViolation {
  location?: string[];
  severity?: string;
  message?: string;
}

function prismFindings(header: string | null): { violations: Violation[]; warnings: Violation[] } {
  const violations: Violation[] = [];
  const warnings: Violation[] = [];
  if (!header) return { violations, warnings };
  let entries: PrismViolation[];
  try {
    entries = JSON.parse(header) as PrismViolation[];
  } catch {
    // Prism cuts a long list short ("Too many violations! …"); keep the text as it is.
    return { violations: [{ side: "response", source: "prism", message: header }], warnings };
  }
  for (const entry of entries) {
    const location = entry.location ?? [];
    const violation: Violation = {
      side: location[0] === "request" ? "request" : "response",
      source: "prism",
      message: entry.message ?? JSON.stringify(entry),
      ...(location.length > 0 ? { location: location.join(".") } : {}),
    };
    (entry.severity === "Error" ? violations : warnings).push(violation);
  }
  return { violations, warnings };
}

/** The suite's messages start with the operationId, which the report names anyway. */
const withoutPrefix = (operationId: string, message: string): string =>
  message.startsWith(`${operationId}: `) ? message.slice(operationId.length + 2) : message;

/**
 * Prism's own answer when it got none from the upstream (DNS, refused, TLS): a problem document
 * (`{"type":"FetchError","title":"request to … failed, reason: …"}`). A problem document that
 * did come from the upstream would carry `sl-violations`, since the spec documents JSON only.
 */
function prismError(exchange: LiveExchange): string | undefined {
  const type = exchange.responseHeaders.get("content-type") ?? "";
  if (!type.startsWith("application/problem+json") || exchange.responseHeaders.has("sl-violations")) return undefined;
  try {
    const problem = JSON.parse(exchange.responseBody) as { title?: string; detail?: string };
    return [problem.title, problem.detail].filter(Boolean).join(": ") || exchange.responseBody;
  } catch {
    return exchange.responseBody;
  }
}

/** Judges one exchange: Prism's findings, then the suite's request check and response check. */
export async function judge(validator: SpecValidator, exchange: LiveExchange): Promise<Judgement> {
  const { operationId } = exchange;
  const { violations, warnings } = prismFindings(exchange.responseHeaders.get("sl-violations"));
  const suite = (side: Violation["side"], error: unknown): void => {
    if (!(error instanceof Error)) throw error;
    violations.push({ side, source: "suite", message: withoutPrefix(operationId, error.message) });
  };
  await checkRequest(validator, operationId, exchange).catch((error: unknown) => suite("request", error));
  const unanswered = prismError(exchange);
  if (unanswered !== undefined) return { violations, warnings, prismError: unanswered };
  try {
    checkResponse(validator, operationId, exchange);
  } catch (error) {
    // Besides a ContractViolation, an undocumented status makes the validator throw ("… documents no 502").
    suite("response", error);
  }
  return { violations, warnings };
}
