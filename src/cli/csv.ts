/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, and a field
 * that holds a comma, a double quote, CR or LF quoted, its quotes doubled. Values are written
 * as they are, with no spreadsheet-formula guard (a leading `'` would change the data a script
 * reads back, such as a PTR name or `-1`); the README says to import the file as text into a
 * spreadsheet. Control characters other than CR, LF and tab are escaped as `\uXXXX`, as in
 * tables, so that server text cannot drive the terminal it is printed on.
 */

/** A value as one CSV field's text: lists and objects as JSON, bytes as base64. */
export function csvText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** One field, escaped and quoted when RFC 4180 requires it. */
export function csvField(text: string): string {
  const safe = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return /[",\r\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

/** Records as CSV text: each a line of fields, every line ended by CRLF. */
export function formatCsv(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => `${row.map((v) => csvField(csvText(v))).join(",")}\r\n`).join("");
}
