/**
 * The report of `edis contract check`: one entry per read-only operation of the spec, in the
 * table's order, with its requests' statuses and every violation found in their answers, and
 * the human form of it. Entries come from the exchanges the guard let through, so an operation
 * sent twice (createAuthSession: the listing and the VPS's session; the top-up log per scope)
 * is one entry with two requests.
 */
import type { OperationSpec } from "../../generated/operations.js";
import type { SchemaViolation } from "./spec-schemas.js";

/** What came of one operation. */
export type Outcome = "passed" | "failed" | "error" | "skipped";

export interface OperationReport {
  readonly operationId: string;
  /** `management` or `order`: the API (and spec document) it belongs to. */
  readonly api: "management" | "order";
  outcome: Outcome;
  /** The status of each request sent for it. */
  readonly statuses: number[];
  /** Every violation, with the status of the answer it was found in. */
  readonly violations: (SchemaViolation & { readonly status: number })[];
  /** Why it could not be checked (no answer, a refusal of the client) or was skipped. */
  reason?: string;
}

export interface ContractReport {
  result: "clean" | "violations" | "incomplete";
  kvmId: string | undefined;
  summary: { operations: number; passed: number; failed: number; errors: number; skipped: number; requests: number; violations: number };
  operations: OperationReport[];
  /** Why the check stopped early, if it did. */
  error?: string;
}

/** An empty report of `operations`: each one is "error: not run" until something happens to it. */
export function startReport(operations: readonly OperationSpec[]): ContractReport {
  return {
    result: "incomplete",
    kvmId: undefined,
    summary: { operations: 0, passed: 0, failed: 0, errors: 0, skipped: 0, requests: 0, violations: 0 },
    operations: operations.map((op) => ({
      operationId: op.operationId,
      api: op.host === "order" ? "order" : "management",
      outcome: "error",
      statuses: [],
      violations: [],
      reason: "not run",
    })),
  };
}

/** The entry of `operationId`. */
export function entryOf(report: ContractReport, operationId: string): OperationReport {
  const entry = report.operations.find((o) => o.operationId === operationId);
  if (!entry) throw new Error(`${operationId} is not an operation of this check`);
  return entry;
}

/** Records one answer and what was wrong with it. */
export function recordAnswer(report: ContractReport, operationId: string, status: number, violations: readonly SchemaViolation[]): void {
  const entry = entryOf(report, operationId);
  entry.statuses.push(status);
  entry.violations.push(...violations.map((v) => ({ ...v, status })));
  entry.outcome = entry.violations.length > 0 ? "failed" : "passed";
  delete entry.reason;
}

/** Records that a call of `operationId` sent nothing (or got no answer), unless an answer of it was recorded. */
export function recordError(report: ContractReport, operationId: string, reason: string): void {
  const entry = entryOf(report, operationId);
  if (entry.statuses.length > 0) return;
  entry.outcome = "error";
  entry.reason = reason;
}

export function recordSkip(report: ContractReport, operationId: string, reason: string): void {
  const entry = entryOf(report, operationId);
  entry.outcome = "skipped";
  entry.reason = reason;
}

/** Fills in the summary and the result. */
export function finishReport(report: ContractReport): ContractReport {
  const count = (outcome: Outcome) => report.operations.filter((o) => o.outcome === outcome).length;
  report.summary = {
    operations: report.operations.length,
    passed: count("passed"),
    failed: count("failed"),
    errors: count("error"),
    skipped: count("skipped"),
    requests: report.operations.reduce((n, o) => n + o.statuses.length, 0),
    violations: report.operations.reduce((n, o) => n + o.violations.length, 0),
  };
  report.result = report.summary.failed > 0 ? "violations" : report.summary.errors > 0 || report.error ? "incomplete" : "clean";
  return report;
}

const LABEL: Readonly<Record<Outcome, string>> = { passed: "ok  ", failed: "FAIL", error: "ERR ", skipped: "skip" };

/** One violation as a line: where in the answer, what is wrong, the rule and where the spec says it. */
export function describeViolation(v: SchemaViolation & { status: number }): string {
  const where = v.path === "" ? "(body)" : v.path;
  return `${v.status} ${where}: ${v.message} [${v.rule}${v.schemaPath ? ` at ${v.schemaPath}` : ""}]`;
}

/** A line safe to print, as the CLI's tables are (src/cli/output/render.ts): control characters escaped, tabs as two spaces. */
const printable = (line: string): string =>
  line.replace(/[\u0000-\u001f\u007f-\u009f]/gu, (c) =>
    c === "\t" ? "  " : c === "\n" ? "\\n" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

/**
 * The report for a person: a line per operation, its violations under it, and a summary line;
 * an answer's keys and a server's words in it have their control characters escaped.
 */
export function humanReport(report: ContractReport): string {
  const lines = [`edis contract check${report.kvmId ? ` (${report.kvmId})` : ""}`, ""];
  for (const o of report.operations) {
    const detail = o.outcome === "passed" || o.outcome === "failed" ? o.statuses.join(" ") : (o.reason ?? "");
    lines.push(`${LABEL[o.outcome]}  ${o.operationId.padEnd(26)} ${detail}`.trimEnd());
    for (const v of o.violations) lines.push(`      ${describeViolation(v)}`);
  }
  if (report.error) lines.push("", `The check could not complete: ${report.error}`);
  const s = report.summary;
  lines.push(
    "",
    `${s.operations} operations: ${s.passed} passed, ${s.failed} with violations (${s.violations} violation${s.violations === 1 ? "" : "s"}), ${s.errors} not checked, ${s.skipped} skipped; ${s.requests} requests, none of them a write.`,
  );
  return `${lines.map(printable).join("\n")}\n`;
}
