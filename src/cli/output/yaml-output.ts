/**
 * `-o yaml`: JSON data (what `--json` prints) as block-style YAML that a YAML 1.1 reader
 * (PyYAML, every loader) and a 1.2 reader (the `yaml` package) read to the same values, keys
 * included, and that cannot drive a terminal.
 *
 * Written here rather than by the `yaml` package: its double-quoted style leaves C1 controls,
 * U+2028 and bidi overrides raw (which PyYAML rejects or reads as line breaks, and a terminal
 * acts on), and no option makes it quote what only a 1.1 reader takes for another type (`=`,
 * `<<`, a sexagesimal `1:20`). JSON data needs no more than maps, lists and four kinds of
 * scalar, so the rules fit in this file and the property test of tests/cli/yaml-output.test.ts
 * holds them to both readers.
 *
 * The rules: a string is written plain only when no reader of either version can take it for
 * anything but that string (a letter first, then letters, digits and `_ . / @ : -`, single
 * spaces between words, no `: `, and not a boolean or null word of either version; or an IP
 * address); every other string, key or value, is double-quoted, with every character outside
 * printable ASCII that is a control, format or separator character escaped (`\x9b`, `\u202e`,
 * `\U000e0041`; a lone surrogate, which is no character, as U+FFFD). Numbers have a `.` and a signed exponent where they have one (`1.0e+21`), which
 * 1.1 needs to read them as floats. A key longer than 1000 characters is an explicit key (`? `):
 * 1.1 readers take no longer implicit key.
 */

/** Strings a 1.1 or 1.2 reader takes for a boolean or null when plain (any case covers both versions' spellings). */
const RESERVED = /^(?:y|n|yes|no|true|false|on|off|null)$/iu;
/** Letter first; letters, digits, `_ . / @ : -`; words separated by one space. */
const PLAIN_WORDS = /^[A-Za-z][A-Za-z0-9_./@:-]*(?: [A-Za-z0-9_./@:-]+)*$/u;
const IPV4 = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/u;
/** An IPv6 address's characters, with a hex letter or `::`, which no 1.1 sexagesimal or float has. */
const IPV6 = /^(?=.*:)(?=.*(?:[a-fA-F]|::))[0-9a-fA-F:.]+$/u;
/** What must be escaped in a double-quoted scalar beyond `"` and `\`: C0, DEL, C1, format and separator characters, lone surrogates, U+FFFE/U+FFFF. */
const ESCAPED = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\uFFFE\uFFFF"\\]/gu;

const hex = (code: number, digits: number): string => code.toString(16).padStart(digits, "0");

/** `text` as a double-quoted scalar, read back the same by 1.1 and 1.2 readers. */
export function doubleQuoted(text: string): string {
  const body = text.replace(ESCAPED, (c) => {
    if (c === '"' || c === "\\") return `\\${c}`;
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    if (c === "\r") return "\\r";
    const code = c.codePointAt(0)!;
    // A lone surrogate is no character: libyaml (PyYAML's C loaders) refuses the whole document
    // for one, and UTF-8 cannot carry it; written as U+FFFD, as UTF-8 output of it would be.
    if (code >= 0xd800 && code <= 0xdfff) return "\\ufffd";
    if (code <= 0xff) return `\\x${hex(code, 2)}`;
    return code > 0xffff ? `\\U${hex(code, 8)}` : `\\u${hex(code, 4)}`;
  });
  return `"${body}"`;
}

/** True when `text` is read as this same string, plain, by every 1.1 and 1.2 reader. */
export function plainIsSafe(text: string): boolean {
  if (PLAIN_WORDS.test(text)) return !RESERVED.test(text) && !/:(?: |$)/u.test(text);
  return IPV4.test(text) || (IPV6.test(text) && !text.endsWith(":"));
}

function stringText(text: string): string {
  return plainIsSafe(text) ? text : doubleQuoted(text);
}

/** A JSON number as both versions read it: integers as digits, others with a `.` and a signed exponent. */
export function numberText(value: number): string {
  const text = String(value);
  const [mantissa = text, exponent] = text.split("e");
  const withPoint = /[.]/u.test(mantissa) || (exponent === undefined && Number.isInteger(value)) ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? withPoint : `${withPoint}e${exponent.startsWith("-") ? exponent : `+${exponent.replace(/^\+/u, "")}`}`;
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return Number.isFinite(value) ? numberText(value) : "null";
  return stringText(String(value));
}

type Block = readonly unknown[] | Readonly<Record<string, unknown>>;

/** A non-empty list or map: written as lines of its own. */
function isBlock(value: unknown): value is Block {
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === "object" && value !== null && Object.keys(value).length > 0;
}

/** An empty list or map, or a scalar, as it follows `key: ` or `- `. */
function inlineText(value: unknown): string {
  if (Array.isArray(value)) return "[]";
  if (typeof value === "object" && value !== null) return "{}";
  return scalarText(value);
}

/** The lines of `value` (a block), each starting with `pad`. */
function* blockLines(value: Block, pad: string): Generator<string> {
  if (Array.isArray(value)) {
    for (const item of value as readonly unknown[]) {
      if (!isBlock(item)) {
        yield `${pad}- ${inlineText(item)}`;
        continue;
      }
      // The item's first line goes on the dash's line; the rest under it.
      let first = true;
      for (const line of blockLines(item, `${pad}  `)) {
        yield first ? `${pad}- ${line.slice(pad.length + 2)}` : line;
        first = false;
      }
    }
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyText = stringText(key);
    const head = keyText.length > 1000 ? `${pad}? ${keyText}\n${pad}:` : `${pad}${keyText}:`;
    if (!isBlock(item)) {
      yield `${head} ${inlineText(item)}`;
      continue;
    }
    yield head;
    yield* blockLines(item, `${pad}  `);
  }
}

/** Writes `value` (JSON data) as a YAML document through `add`, a line at a time. */
export function writeYaml(value: unknown, add: (text: string) => void): void {
  if (!isBlock(value)) {
    add(`${inlineText(value)}\n`);
    return;
  }
  for (const line of blockLines(value, "")) add(`${line}\n`);
}
