/**
 * Charts drawn with text, for the API's Chart.js data on a terminal: a column chart with a
 * value axis and its x labels, a one-line sparkline for narrow terminals, and a meter of a
 * value against its limit. Written by hand (about 100 lines) rather than with asciichart:
 * the API's daily traffic is bars, which asciichart does not draw, and the CLI would still
 * need the labels, the narrow fallback and the meter. Only block characters carry the data,
 * so the charts read the same without colour (NO_COLOR).
 */
import { formatShare } from "./display-format.js";
import { maxOf } from "./render.js";

/** How a chart may be drawn. */
export interface ChartStyle {
  /** Columns available. */
  readonly width: number;
  /** ANSI colour allowed. */
  readonly color: boolean;
}

const EIGHTHS = ["", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
/** Below this width a chart is a sparkline: a column chart would have no room for its axis. */
export const SPARKLINE_BELOW = 40;

function paint(style: ChartStyle, code: number, text: string): string {
  return style.color && text !== "" ? `\u001b[${code}m${text}\u001b[39m` : text;
}

/** A number for an axis or a summary: digits grouped, at most one decimal. */
export function axisNumber(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** Labels under `slots` bars of `barWidth` columns, each starting under its bar, none overlapping. */
function labelLine(labels: readonly string[], barWidth: number, indent: number): string {
  let line = "";
  let next = 0;
  labels.forEach((label, i) => {
    const at = i * barWidth;
    if (at < next || label === "") return;
    const room = labels.length * barWidth - at;
    if (label.length > room && i > 0) return;
    line = line.padEnd(at) + label;
    next = at + label.length + 1;
  });
  return line === "" ? "" : " ".repeat(indent) + line;
}

/** The last values that fit, and a note saying how many of all there are. */
function fitToWidth<T>(items: readonly T[], room: number): { shown: readonly T[]; note: string } {
  if (items.length <= room) return { shown: items, note: "" };
  return { shown: items.slice(items.length - room), note: ` (the last ${room} of ${items.length})` };
}

/** One line of eighth blocks, the highest value a full block; its first and last label below. */
export function sparkline(values: readonly number[], labels: readonly string[], style: ChartStyle): string[] {
  const { shown, note } = fitToWidth(values, Math.max(1, style.width));
  const shownLabels = labels.slice(labels.length - shown.length);
  const max = maxOf(shown);
  const line = shown.map((v) => (max === 0 || v <= 0 ? "▁" : EIGHTHS[Math.max(1, Math.round((v / max) * 8))]!)).join("");
  const first = shownLabels[0] ?? "";
  const last = shownLabels[shownLabels.length - 1] ?? "";
  const under = shown.length > first.length + last.length + 1 ? first.padEnd(shown.length - last.length) + last : first;
  return [paint(style, 32, line) + note, under.trimEnd()].filter((l) => l !== "");
}

/**
 * Columns of `values` (eighth blocks for the fractions), `height` rows high, with the value
 * axis on the left (0 and the largest value) and the labels below. Falls back to a sparkline
 * when the terminal is narrower than {@link SPARKLINE_BELOW}.
 */
export function columnChart(values: readonly number[], labels: readonly string[], style: ChartStyle, height = 8): string[] {
  if (style.width < SPARKLINE_BELOW) return sparkline(values, labels, style);
  const top = maxOf(values);
  const axis = Math.max(axisNumber(top).length, 1);
  const room = style.width - axis - 2;
  const { shown, note } = fitToWidth(values, room);
  const shownLabels = labels.slice(labels.length - shown.length);
  const barWidth = Math.max(1, Math.min(8, Math.floor(room / shown.length)));
  const bar = barWidth > 1 ? barWidth - 1 : 1;
  const gap = barWidth - bar;
  const max = maxOf(shown) || 1;
  const rows: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    const cells = shown.map((v) => {
      const eighths = Math.round((Math.max(0, v) / max) * height * 8) - row * 8;
      const block = eighths >= 8 ? "█" : eighths > 0 ? EIGHTHS[eighths]! : " ";
      return block.repeat(bar) + " ".repeat(gap);
    });
    const tick = row === height - 1 ? axisNumber(max === 1 && top === 0 ? 0 : max) : row === 0 ? "0" : "";
    rows.push(`${tick.padStart(axis)} ${row === height - 1 || row === 0 ? "┤" : "│"}${paint(style, 32, cells.join("").trimEnd())}`.trimEnd());
  }
  rows.push(`${" ".repeat(axis)} └${"─".repeat(shown.length * barWidth)}${note}`);
  const under = labelLine(shownLabels, barWidth, axis + 2);
  if (under !== "") rows.push(under);
  return rows;
}

/** `[████░░░░░░]  25%`: `used` of `limit`, red from 100%, yellow from 80%. */
export function meter(used: number, limit: number, style: ChartStyle): string {
  const share = limit > 0 ? used / limit : 0;
  const percent = formatShare(share);
  const width = Math.max(10, Math.min(50, style.width - percent.length - 4));
  const filled = Math.min(width, share > 0 ? Math.max(1, Math.round(share * width)) : 0);
  const code = share >= 1 ? 31 : share >= 0.8 ? 33 : 32;
  return `[${paint(style, code, "█".repeat(filled))}${"░".repeat(width - filled)}] ${percent}`;
}
