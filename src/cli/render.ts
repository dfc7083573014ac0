/**
 * Printing results: `--json` prints exactly the data as JSON; otherwise arrays of records
 * become tables and objects become aligned `key  value` lines. On a terminal the table has a
 * bold header and a rule; elsewhere it is plain aligned text, easy to read and to grep.
 * Text from the server is shown with control characters escaped, so a value can never move
 * the cursor or change the terminal.
 */
import { escapeJsonText, printable } from "../printable.js";

/** Where and how a result is printed. */
export interface RenderTarget {
  write(text: string): void;
  /** The output is a terminal (tables get a bold header and a rule). */
  readonly tty: boolean;
  /** Colour and bold are allowed (a terminal, and NO_COLOR is not set). */
  readonly color: boolean;
  /** The terminal's width in columns, when it is one. */
  readonly columns?: number;
  /** The current time in milliseconds (injected by tests). */
  readonly now?: () => number;
  /** The user's time zone ($TZ), for dates shown on a terminal. */
  readonly timeZone?: string;
}

/**
 * JSON text of a result: bytes (a screenshot's) as base64, everything else as JSON has it, and
 * the characters JSON.stringify leaves raw that a terminal acts on (DEL, C1, bidi and other
 * format characters, U+2028/U+2029) as `\uXXXX` escapes: the same data for every reader.
 */
export function toJson(value: unknown): string {
  return escapeJsonText(JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v), 2) ?? "null");
}

/** Prints `value` as JSON, alone, for scripts. */
export function printJson(target: RenderTarget, value: unknown): void {
  target.write(`${toJson(value)}\n`);
}

/** A string safe to print: control and format characters escaped by the one rule of src/printable.ts, tabs as two spaces. */
export function clean(text: string): string {
  return printable(text);
}

/** A record: an object that is neither a list nor bytes. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** One value as the text of a table cell, control characters escaped. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (Array.isArray(value) && value.every((v) => !isPlainObject(v) && !Array.isArray(v))) return clean(value.map(String).join(", "));
  if (typeof value === "object") return clean(JSON.stringify(value));
  return clean(String(value));
}

/** `key: value` pairs of an object, nested objects as dotted keys; the values as they are. */
export function flatten(value: Record<string, unknown>, prefix = "", out: [string, unknown][] = []): [string, unknown][] {
  for (const [key, v] of Object.entries(value)) {
    const name = prefix + clean(key);
    if (isPlainObject(v) && Object.keys(v).length > 0) flatten(v, `${name}.`, out);
    else out.push([name, v]);
  }
  return out;
}

export function bold(target: RenderTarget, text: string): string {
  return target.color ? `\u001b[1m${text}\u001b[22m` : text;
}

/** Aligned columns with a header (unless `showHeader` is false); on a terminal, a bold header and a rule below it. */
export function formatTable(target: RenderTarget, header: readonly string[], rows: readonly (readonly string[])[], showHeader = true): string {
  const widths = header.map((h, i) => Math.max(showHeader ? h.length : 0, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = showHeader ? [target.tty ? bold(target, line(header)) : line(header)] : [];
  if (showHeader && target.tty) out.push(widths.map((w) => "─".repeat(w)).join("  "));
  for (const row of rows) out.push(line(row));
  return `${out.join("\n")}\n`;
}

/** Prints `value` for people: a table, key/value lines, one item per line, or the value itself. */
export function printHuman(target: RenderTarget, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      target.write("(none)\n");
      return;
    }
    if (value.every(isPlainObject)) {
      const columns = [...new Set(value.flatMap((v) => Object.keys(v)))];
      target.write(
        formatTable(
          target,
          columns.map(clean),
          value.map((v) => columns.map((c) => cell(v[c]))),
        ),
      );
      return;
    }
    target.write(`${value.map(cell).join("\n")}\n`);
    return;
  }
  if (isPlainObject(value)) {
    const pairs = flatten(value).map(([k, v]): [string, string] => [k, cell(v)]);
    if (pairs.length === 0) return;
    const width = Math.max(...pairs.map(([k]) => k.length));
    target.write(`${pairs.map(([k, v]) => `${bold(target, `${k}:`.padEnd(width + 1))}  ${v}`.trimEnd()).join("\n")}\n`);
    return;
  }
  target.write(`${cell(value)}\n`);
}
