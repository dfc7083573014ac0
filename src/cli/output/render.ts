/**
 * Printing results: `--json` prints exactly the data as JSON; otherwise arrays of records
 * become tables and objects become aligned `key  value` lines. On a terminal the table has a
 * bold header and a rule; elsewhere it is plain aligned text, easy to read and to grep.
 * Text from the server is shown with control characters escaped, so a value can never move
 * the cursor or change the terminal. Output grows with the result, not with its widest value
 * times its rows: a column is padded to at most 40 plus twice its average width, a table or CSV
 * of more than a million cells is refused, and text is written in pieces, not as one string.
 */
import { escapeJsonText, hasUnsafe, printable } from "../../safety/printable.js";
import { UsageError } from "../errors.js";

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

/** A string safe to print: control and format characters escaped by the one rule of src/safety/printable.ts, tabs as two spaces. */
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

/**
 * A key as one part of a dotted name: as it is, unless it is empty or holds a `.`, `"`, `\`
 * or a character a terminal must not get; then as a JSON string (`"price.amount"`), escaped.
 * So distinct keys give distinct names: `{"a.b": 1, "a": {"b": 2}}` is `"a.b"` and `a.b`,
 * never two columns `a.b` of which one shadows the other.
 */
function namePart(key: string): string {
  return key !== "" && !/[."\\]/u.test(key) && !hasUnsafe(key) ? key : escapeJsonText(JSON.stringify(key));
}

/** `key: value` pairs of an object, nested objects as dotted keys (each name distinct, see {@link namePart}); the values as they are. */
export function flatten(value: Record<string, unknown>, prefix = "", out: [string, unknown][] = []): [string, unknown][] {
  for (const [key, v] of Object.entries(value)) {
    const name = prefix + namePart(key);
    if (isPlainObject(v) && Object.keys(v).length > 0) flatten(v, `${name}.`, out);
    else out.push([name, v]);
  }
  return out;
}

export function bold(target: RenderTarget, text: string): string {
  return target.color ? `\u001b[1m${text}\u001b[22m` : text;
}

/** Most cells (rows × columns) a table or CSV prints; beyond, the command says so and prints nothing. */
export const MAX_CELLS = 1_000_000;

/** Refuses, before anything is printed, a table or CSV of more than {@link MAX_CELLS} cells. */
export function checkCells(rows: number, columns: number): void {
  if (rows * columns <= MAX_CELLS) return;
  const count = (n: number) => n.toLocaleString("en-US");
  throw new UsageError(
    `the result has ${count(rows)} rows of ${count(columns)} columns (${count(rows * columns)} cells), more than a table or CSV prints ` +
      `(${count(MAX_CELLS)}): choose columns with --fields, or print it with -o json`,
  );
}

/** The largest of `values`, at least `floor` (a loop: a spread of a long list overflows the stack). */
export function maxOf(values: Iterable<number>, floor = 0): number {
  let max = floor;
  for (const value of values) if (value > max) max = value;
  return max;
}

/**
 * The width a column of cells this long is padded to: its widest, but at most 40 plus twice
 * their average length, so that one long value overflows its column instead of padding every
 * row to its length (padding adds at most 42 characters and twice the column's text per row).
 */
export function columnWidth(lengths: readonly number[]): number {
  let total = 0;
  for (const length of lengths) total += length;
  const average = lengths.length === 0 ? 0 : total / lengths.length;
  return Math.min(maxOf(lengths), 40 + Math.ceil(2 * average));
}

/** A writer that hands `target` its text in pieces of about 64 KiB, never the whole output as one string. */
export function chunkedWriter(target: Pick<RenderTarget, "write">): { add(text: string): void; end(): void } {
  let pending: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (pending.length) target.write(pending.join(""));
    pending = [];
    size = 0;
  };
  return {
    add(text) {
      pending.push(text);
      size += text.length;
      if (size >= 65_536) flush();
    },
    end: flush,
  };
}

/** Writes aligned columns with a header (unless `showHeader` is false); on a terminal, a bold header and a rule below it. */
export function writeTable(target: RenderTarget, header: readonly string[], rows: readonly (readonly string[])[], showHeader = true): void {
  checkCells(rows.length, header.length);
  const widths = header.map((h, i) => columnWidth([...(showHeader ? [h.length] : []), ...rows.map((r) => (r[i] ?? "").length)]));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = chunkedWriter(target);
  if (showHeader) out.add(`${target.tty ? bold(target, line(header)) : line(header)}\n`);
  if (showHeader && target.tty) out.add(`${widths.map((w) => "─".repeat(w)).join("  ")}\n`);
  for (const row of rows) out.add(`${line(row)}\n`);
  out.end();
}

/** {@link writeTable} as one string (for short tables that are part of a longer text). */
export function formatTable(target: RenderTarget, header: readonly string[], rows: readonly (readonly string[])[], showHeader = true): string {
  const pieces: string[] = [];
  writeTable({ ...target, write: (piece) => void pieces.push(piece) }, header, rows, showHeader);
  return pieces.join("");
}

/** Writes `key: value` lines, the keys' column padded as {@link columnWidth} says. */
export function writePairs(target: RenderTarget, pairs: readonly (readonly [string, string])[]): void {
  const width = columnWidth(pairs.map(([k]) => k.length + 1));
  const out = chunkedWriter(target);
  for (const [k, v] of pairs) out.add(`${`${bold(target, `${k}:`.padEnd(width))}  ${v}`.trimEnd()}\n`);
  out.end();
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
      checkCells(value.length, columns.length);
      writeTable(
        target,
        columns.map(clean),
        value.map((v) => columns.map((c) => cell(v[c]))),
      );
      return;
    }
    const out = chunkedWriter(target);
    for (const item of value) out.add(`${cell(item)}\n`);
    out.end();
    return;
  }
  if (isPlainObject(value)) {
    writePairs(
      target,
      flatten(value).map(([k, v]): [string, string] => [k, cell(v)]),
    );
    return;
  }
  target.write(`${cell(value)}\n`);
}
