/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, and a field
 * that holds a comma, a double quote, CR or LF quoted, its quotes doubled.
 *
 * What may reach a terminal is src/safety/printable.ts's rule: control and format characters other
 * than tab are escaped (`\u001b`, `\u202e`). CR and LF inside a quoted field are data, and
 * RFC 4180 keeps them, so a file or a pipe gets them as they are and a CSV reader reads the
 * value back exactly; on a terminal, which has no CSV reader, a raw CR returns to the start of
 * the line and overwrites it, and a raw LF forges a record, so there they are shown as `\r`
 * and `\n`, as in tables.
 *
 * Formula guard (OWASP "CSV Injection", ASVS 1.2.10): a spreadsheet opening the file runs a
 * cell that starts with `=`, `+`, `-`, `@`, a tab or CR as a formula (`=HYPERLINK(…)` sends
 * the sheet's data elsewhere). Such a cell gets a leading `'`, which spreadsheets take as
 * "text" and do not show; a number (`-5`, `+1.5e3`) is left as it is, as it is no formula.
 * Scripts that need every value byte for byte read `-o json`.
 */
import { printable } from "../../safety/printable.js";

/** Where the CSV goes: a terminal shows CR and LF escaped. */
export interface CsvTarget {
  readonly tty: boolean;
}

/** A value as one CSV field's text: lists and objects as JSON, bytes as base64. */
export function csvText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A first character that makes a spreadsheet read a cell as a formula (with the full-width forms some locales accept). */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/u;
const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/u;

/** `text` with a leading `'` when a spreadsheet would run it as a formula. */
export function formulaGuarded(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/** One field, guarded, escaped for `target` and quoted when RFC 4180 requires it. */
export function csvField(text: string, target: CsvTarget = { tty: false }): string {
  const safe = printable(formulaGuarded(text), { tab: "keep", lineBreaks: target.tty ? "escape" : "keep" });
  return /[",\r\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

/** One record as CSV text, ended by CRLF. */
export function csvLine(row: readonly unknown[], target: CsvTarget = { tty: false }): string {
  return `${row.map((v) => csvField(csvText(v), target)).join(",")}\r\n`;
}

/** Records as CSV text: each a line of fields, every line ended by CRLF. */
export function formatCsv(rows: readonly (readonly unknown[])[], target: CsvTarget = { tty: false }): string {
  return rows.map((row) => csvLine(row, target)).join("");
}
