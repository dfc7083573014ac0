/**
 * spec:diff's two outputs: the JSON object (`--json`: `{ changes, summary }`) and the human
 * report, grouped by operation with the operations that break something first and, inside
 * each, breaking changes before non-breaking ones before docs; a docs change shows its old and
 * new text, shortened to where they differ.
 */
import type { Change } from "./compare.js";
import { excerptPair } from "./excerpt.js";
import { SEVERITIES, type Severity } from "./rules.js";

export interface DiffReport {
  changes: Change[];
  summary: Record<Severity, number>;
}

const RANK: Record<Severity, number> = { breaking: 0, "non-breaking": 1, docs: 2 };

export function summarize(changes: Change[]): Record<Severity, number> {
  const summary = { breaking: 0, "non-breaking": 0, docs: 0 };
  for (const c of changes) summary[c.severity]++;
  return summary;
}

/** Breaking first, then by operation, keeping each operation's changes together. */
export function sortChanges(changes: Change[]): Change[] {
  const worst = new Map<string, number>();
  const order = new Map<string, number>();
  for (const c of changes) {
    worst.set(c.operation, Math.min(worst.get(c.operation) ?? 9, RANK[c.severity]));
    if (!order.has(c.operation)) order.set(c.operation, order.size);
  }
  return changes
    .map((c, i) => ({ c, i }))
    .sort(
      (x, y) =>
        worst.get(x.c.operation)! - worst.get(y.c.operation)! ||
        order.get(x.c.operation)! - order.get(y.c.operation)! ||
        RANK[x.c.severity] - RANK[y.c.severity] ||
        x.i - y.i,
    )
    .map(({ c }) => c);
}

export function toReport(changes: Change[]): DiffReport {
  const sorted = sortChanges(changes);
  return { changes: sorted, summary: summarize(sorted) };
}

export function summaryLine(summary: Record<Severity, number>): string {
  return SEVERITIES.map((s) => `${summary[s]} ${s}`).join(", ");
}

/** A docs change's old and new text, shortened to where they differ (`-` old, `+` new; an absent side is left out). */
function wordsOf(c: Change): string[] {
  const text = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? undefined : JSON.stringify(v));
  const [from, to] = [text(c.from), text(c.to)];
  const [a, b] = excerptPair(from ?? "", to ?? "");
  const pad = " ".repeat(45);
  return [...(from === undefined ? [] : [`${pad}- ${a}`]), ...(to === undefined ? [] : [`${pad}+ ${b}`])];
}

/** The human report: a heading per operation, one line per change, then the summary. */
export function renderHuman(report: DiffReport, title: string): string {
  const lines: string[] = [title];
  let current: string | undefined;
  for (const c of report.changes) {
    if (c.operation !== current) {
      current = c.operation;
      lines.push("", `${c.operation}${c.operationId ? ` (${c.operationId})` : ""}`);
    }
    lines.push(`  ${c.severity.padEnd(12)} ${c.kind.padEnd(30)} ${c.message}`);
    if (c.severity === "docs") lines.push(...wordsOf(c));
  }
  if (report.changes.length === 0) lines.push("", "no changes the client can see");
  lines.push("", `summary: ${summaryLine(report.summary)}`);
  return lines.join("\n");
}
