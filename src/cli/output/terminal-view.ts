/**
 * A result as a person at a terminal reads it (loaded only when stdout is a terminal and the
 * output is the default table): values in the units the spec gives them (generated/display.ts),
 * columns with no value in any row left out, the API's charts (the `x-edis-json` fields of
 * schema Chart) drawn, and the traffic counters summarised in one line. Pipes never come here.
 */
import { type DisplayKind, displayTable } from "../../../generated/display.js";
import { type OperationSpec, operationTable } from "../../../generated/operations.js";
import { type ChartStyle, axisNumber, columnChart, meter } from "./chart.js";
import { type Clock, formatBytes, formatPercent, formatShare, formatValue, numberOf } from "./display-format.js";
import { type RenderTarget, bold, cell, checkCells, clean, flatten, isPlainObject, maxOf, printHuman, writePairs, writeTable } from "./render.js";

/** A terminal to print on. */
export interface TerminalTarget extends RenderTarget {
  readonly columns: number;
  readonly clock: Clock;
  /** Draw charts (false with --no-chart: their numbers in one line instead). */
  readonly charts: boolean;
}

interface Dataset {
  readonly label?: string;
  readonly type?: string;
  readonly data: readonly number[];
}
interface Chart {
  readonly datasets: readonly Dataset[];
  readonly labels: readonly string[];
}

function isChart(value: unknown): value is Chart {
  return (
    isPlainObject(value) &&
    Array.isArray(value.datasets) &&
    Array.isArray(value.labels) &&
    value.datasets.every((d) => isPlainObject(d) && Array.isArray(d.data))
  );
}

/** `CPU usage [%]` → `%`. */
function unitOf(dataset: Dataset): string | undefined {
  return /\[([^\]]+)\]\s*$/u.exec(dataset.label ?? "")?.[1];
}

function withUnit(value: number, unit: string | undefined): string {
  if (unit === "%") return formatPercent(Number(value.toFixed(1)));
  return unit ? `${axisNumber(value)} ${unit}` : axisNumber(value);
}

/** `min 2% · avg 3.2% · max 5%`. */
function stats(dataset: Dataset): string {
  const values = dataset.data.filter((v) => typeof v === "number" && Number.isFinite(v));
  if (values.length === 0) return "no values";
  const unit = unitOf(dataset);
  const avg = values.reduce((a, b) => a + b, 0) / values.length;
  // Loops, not Math.min(...values): a chart of 200,000 points would overflow the stack.
  const min = -maxOf(
    values.map((v) => -v),
    Number.NEGATIVE_INFINITY,
  );
  return `min ${withUnit(min, unit)} · avg ${withUnit(avg, unit)} · max ${withUnit(maxOf(values, Number.NEGATIVE_INFINITY), unit)}`;
}

/** The lines of one chart: each series drawn with its labels and min/avg/max, or a bar series against the line that is its limit. */
function chartLines(target: TerminalTarget, chart: Chart): string[] {
  const style: ChartStyle = { width: Math.min(target.columns, 160), color: target.color };
  const title = (dataset: Dataset) => clean(dataset.label ?? "");
  const labels = chart.labels.map((l) => clean(String(l)));
  const bars = chart.datasets.find((d) => d.type === "bar");
  const limit = chart.datasets.find((d) => d.type === "line");
  if (bars && limit && chart.datasets.length === 2) {
    // Cumulative use against the included amount: how close to the limit is what matters.
    const used = bars.data[bars.data.length - 1] ?? 0;
    const cap = limit.data[limit.data.length - 1] ?? 0;
    const unit = unitOf(bars);
    const head = bold(target, `${title(bars)} against ${title(limit)}`);
    const line = `${withUnit(used, unit)} of ${withUnit(cap, unitOf(limit))}${labels.length ? ` on ${labels[labels.length - 1]}` : ""}`;
    if (!target.charts) return [head, line];
    return [head, `${meter(used, cap, { ...style, width: style.width - line.length - 2 })}  ${line}`];
  }
  const out: string[] = [];
  for (const dataset of chart.datasets) {
    if (out.length) out.push("");
    out.push(bold(target, title(dataset)));
    if (target.charts) out.push(...columnChart(dataset.data, labels, style, style.width >= 100 ? 10 : 8));
    const span = labels.length ? `, ${labels[0]} – ${labels[labels.length - 1]}` : "";
    out.push(`${stats(dataset)} (${dataset.data.length} values${span})`);
  }
  return out;
}

/**
 * `Used 2.8 GiB of 3.9 TiB included (0.1%) · 11 days remaining`, from traffic counters among
 * `pairs` (the keys of the TrafficCounters schema); with a meter when no chart shows the limit.
 */
function trafficSummary(pairs: ReadonlyMap<string, unknown>, target: TerminalTarget, withMeter: boolean): string[] {
  for (const key of pairs.keys()) {
    if (!key.endsWith("included_bytes")) continue;
    const prefix = key.slice(0, -"included_bytes".length);
    const included = numberOf(pairs.get(key));
    const rx = numberOf(pairs.get(`${prefix}rx_bytes`));
    const tx = numberOf(pairs.get(`${prefix}tx_bytes`));
    if (included === undefined || rx === undefined || tx === undefined) continue;
    const used = rx + tx;
    const share = included > 0 ? ` (${formatShare(used / included)})` : "";
    const days = numberOf(pairs.get(`${prefix}days_remaining`));
    const parts = [`Used ${formatBytes(used)} of ${formatBytes(included)} included${share}`];
    if (days !== undefined) parts.push(`${days} day${days === 1 ? "" : "s"} remaining`);
    const lines = [bold(target, parts.join(" · "))];
    if (target.charts && withMeter) lines.push(meter(used, included, { width: Math.min(target.columns, 160), color: target.color }));
    return lines;
  }
  return [];
}

/** One value as a cell: in the unit of its display kind, else as tables show it. */
function shown(value: unknown, kind: DisplayKind | undefined, clock: Clock): string {
  return (kind && formatValue(value, kind, clock)) ?? cell(value);
}

/** Records as a table, values formatted, the columns empty in every row left out. */
function printRecords(target: TerminalTarget, rows: readonly Record<string, unknown>[], display: Readonly<Record<string, DisplayKind>>): void {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  checkCells(rows.length, columns.length);
  const cells = rows.map((row) => columns.map((c) => shown(row[c], display[c], target.clock)));
  const kept = columns.map((_, i) => i).filter((i) => cells.some((row) => row[i] !== ""));
  writeTable(
    target,
    kept.map((i) => clean(columns[i]!)),
    cells.map((row) => kept.map((i) => row[i]!)),
  );
}

/** Prints the result of `operationId` for a terminal. */
export function printForTerminal(target: TerminalTarget, value: unknown, operationId: string): void {
  const op = (operationTable as Record<string, OperationSpec>)[operationId];
  const display = displayTable[operationId] ?? {};
  const chartFields = new Set(op?.decode?.filter((d) => d.schema === "Chart").map((d) => d.field) ?? []);
  if (op?.result !== undefined && chartFields.has(op.result) && isChart(value)) {
    target.write(`${chartLines(target, value).join("\n")}\n`);
    return;
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
    printRecords(target, value, display);
    return;
  }
  if (!isPlainObject(value)) {
    const kind = display[""];
    const formatted = kind ? formatValue(value, kind, target.clock) : undefined;
    if (formatted !== undefined) target.write(`${formatted}\n`);
    else printHuman(target, value);
    return;
  }
  const charts: string[][] = [];
  const rest: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (chartFields.has(key) && isChart(v)) charts.push(chartLines(target, v));
    else rest[key] = v;
  }
  const pairs = flatten(rest);
  // The summary first, the answer at a glance; then the charts, then every value.
  const summary = trafficSummary(new Map(pairs), target, charts.length === 0);
  const sections = summary.length ? [summary, ...charts] : charts;
  const lines = pairs.map(([k, v]): [string, string] => [k, shown(v, display[k], target.clock)]);
  if (sections.length) target.write(`${sections.map((s) => s.join("\n")).join("\n\n")}\n${lines.length ? "\n" : ""}`);
  writePairs(target, lines);
}
