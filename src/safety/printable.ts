/**
 * The one rule of what text from elsewhere (a server's answer, a file, a flag) may reach a
 * terminal as it is: every character that is not a control or format character. Control and
 * format characters (C0, DEL, C1 such as the 8-bit CSI U+009B, the bidi overrides and isolates
 * such as U+202E, zero-width and other format characters, the line and paragraph separators
 * U+2028/U+2029, lone surrogates, and the non-characters U+FFFE/U+FFFF) can move the cursor,
 * rewrite a line, write the clipboard (OSC 52) or show text in another order than it is read.
 * For text, each is written as an escape a person can read (`\u001b`); for JSON and YAML,
 * as the escape of that format, so the data stays exact and the document valid.
 */

/** Every character a terminal must not get raw. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\uFFFE\uFFFF]/gu;

/** True when `text` holds a character a terminal must not get raw. */
export function hasUnsafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}

/** `\u001b`; above U+FFFF, `\u{e0001}`. */
function hexEscape(code: number): string {
  const hex = code.toString(16);
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
}

/** What {@link printable} does with tabs and line breaks, which some outputs keep. */
export interface PrintableOptions {
  /** A tab as two spaces (the default), as `\t`, or kept (a CSV field going to a file). */
  readonly tab?: "spaces" | "escape" | "keep";
  /** CR and LF as `\r` and `\n` (the default), or kept (a quoted CSV field going to a file). */
  readonly lineBreaks?: "escape" | "keep";
}

/**
 * `text` safe to print: each unsafe character as a readable escape (LF as `\n`, CR as `\r`,
 * the others `\uXXXX`), a tab as two spaces, unless `options` keep tabs or line breaks.
 */
export function printable(text: string, options: PrintableOptions = {}): string {
  const { tab = "spaces" } = options;
  const keepBreaks = options.lineBreaks === "keep";
  return text.replace(UNSAFE, (c) => {
    if (c === "\n" || c === "\r") return keepBreaks ? c : c === "\n" ? "\\n" : "\\r";
    if (c === "\t") return tab === "keep" ? c : tab === "spaces" ? "  " : "\\t";
    return hexEscape(c.codePointAt(0)!);
  });
}

/** A UTF-16 code unit as a JSON escape. */
const jsonUnit = (unit: number): string => `\\u${unit.toString(16).padStart(4, "0")}`;

/**
 * JSON text (as `JSON.stringify` writes it) with every unsafe character that it leaves raw
 * (DEL, C1, format characters, the separators) as a `\uXXXX` escape: the same data for every
 * reader, nothing a terminal acts on. Safe on any JSON text: outside strings JSON has only
 * ASCII punctuation, letters, digits and whitespace, which are never unsafe except the
 * whitespace JSON.stringify writes (LF and spaces), left as it is.
 */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE, (c) => {
    if (c === "\n") return c;
    const code = c.codePointAt(0)!;
    if (code <= 0xffff) return jsonUnit(code);
    // An astral format character (a tag, U+E0001): its surrogate pair, each escaped.
    return jsonUnit(c.charCodeAt(0)) + jsonUnit(c.charCodeAt(1));
  });
}
