/**
 * The JUnit XML form of a contract check's report, for CI systems: one testsuite, one testcase
 * per operation, a failure listing the violations of an operation that has any, an error for one
 * that could not be checked, and skipped for one whose params could not be had. Text is
 * XML-escaped, and characters XML 1.0 cannot carry (control characters) are written as `\uXXXX`.
 */
import { type ContractReport, type OperationReport, describeViolation } from "./report.js";

/** `text` escaped for an XML attribute or element. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** What a testcase holds: nothing when it passed, else its failure, error or skip. */
function innerOf(o: OperationReport): string {
  if (o.outcome === "failed") {
    const message = `${o.violations.length} violation${o.violations.length === 1 ? "" : "s"} of the spec`;
    return `<failure type="contract" message="${message}">${o.violations.map((v) => escapeXml(describeViolation(v))).join("\n")}</failure>`;
  }
  if (o.outcome === "error") return `<error type="not-checked" message="${escapeXml(o.reason ?? "not checked")}"/>`;
  if (o.outcome === "skipped") return `<skipped message="${escapeXml(o.reason ?? "skipped")}"/>`;
  return "";
}

/** The report as a JUnit XML document. */
export function junitReport(report: ContractReport): string {
  const s = report.summary;
  const name = `edis contract check${report.kvmId ? ` (${report.kvmId})` : ""}`;
  const counts = `tests="${s.operations}" failures="${s.failed}" errors="${s.errors}" skipped="${s.skipped}"`;
  const cases = report.operations.map((o) => {
    const open = `    <testcase classname="edis.contract.${o.api}" name="${escapeXml(o.operationId)}"`;
    const inner = innerOf(o);
    return inner === "" ? `${open}/>` : `${open}>\n      ${inner}\n    </testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="edis contract check" ${counts}>`,
    `  <testsuite name="${escapeXml(name)}" ${counts}>`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
