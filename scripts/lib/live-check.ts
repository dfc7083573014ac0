/**
 * The parts of `npm run contract:live`: which operations it may send (read-only ones only), a
 * fetch that refuses anything else and records what it lets through, and the judgement of one
 * recorded exchange: Prism's `sl-violations` plus the contract suite's own request and
 * response checks (scripts/lib/wire-check.ts), never a second validator.
 */
import { type OperationSpec, operationTable } from "../../generated/operations.js";
import type { SpecValidator } from "./spec-validator.js";
import { checkRequest, checkResponse } from "./wire-check.js";
import type { Exchange } from "./wire-recorder.js";

const operations: Readonly<Record<string, OperationSpec>> = operationTable;

/**
 * The operations the live check may send: those the spec marks retry-safe (`x-edis-retry-safe`),
 * which are the reads and the auth call. Nothing destructive is among them.
 */
export const readOperations: readonly OperationSpec[] = Object.values(operations).filter(
  // The Management API's reads; the ORDER API (host `order`) is not checked live yet.
  (op) => op.retrySafe && !op.destructive && op.host !== "order",
);

/** Returns the operation, or throws when it may change anything: the live check runs on a real account. */
export function assertReadOnly(operationId: string): OperationSpec {
  const op = operations[operationId];
  if (!op?.retrySafe || op.destructive) {
    throw new Error(`contract:live refuses to send ${operationId}: it is not a read-only operation of spec/`);
  }
  return op;
}

/** One request as it left the client and the answer that came back through Prism. */
export interface LiveExchange extends Exchange {
  readonly operationId: string;
  /** The origin the request was sent to (one of the Prism proxies). */
  readonly origin: string;
}

/** A fetch for the client that sends read-only operations only and records each exchange. */
export interface GuardedFetch {
  readonly fetch: typeof fetch;
  readonly exchanges: LiveExchange[];
}

/** Creates a {@link GuardedFetch}: a request to any other path throws before anything is sent. */
export function createGuardedFetch(): GuardedFetch {
  const byPath = new Map(readOperations.map((op) => [op.path, op.operationId]));
  const exchanges: LiveExchange[] = [];
  const guarded = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const operationId = byPath.get(url.pathname);
    if (operationId === undefined) {
      throw new Error(`contract:live refuses to send ${request.method} ${url.pathname}: not a read-only operation of spec/`);
    }
    assertReadOnly(operationId);
    const bodyBytes = Buffer.from(await request.clone().arrayBuffer());
    const response = await fetch(request);
    exchanges.push({
      operationId,
      origin: url.origin,
      method: request.method,
      path: url.pathname,
      headers: Object.fromEntries(request.headers),
      body: bodyBytes.toString("utf8"),
      bodyBytes,
      status: response.status,
      responseHeaders: response.headers,
      responseBody: await response.clone().text(),
    });
    return response;
  };
  return { fetch: guarded, exchanges };
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
