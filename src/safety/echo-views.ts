/**
 * The views of a text that the scrubber (src/safety/redact.ts) searches for secrets: the text as it
 * is, and decoded one and two layers deep from the escapes a PHP server echoes a value in
 * (percent-encoding in either case, every byte or only some; `+` for a space; JSON `\uXXXX`
 * and short escapes; HTML entities), with, for each unit of a view, the span of the original
 * text it came from, so that a find maps back to exactly what it was decoded from.
 */

/** A text decoded one layer, with where each of its UTF-16 units came from in the text it was decoded from. */
interface Decoded {
  readonly text: string;
  readonly from: number[];
  readonly to: number[];
}

const HEX2 = /^[0-9a-f]{2}$/iu;
const HEX4 = /^[0-9a-f]{4}$/iu;
const JSON_SHORT: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
const HTML_NAMED: Readonly<Record<string, string>> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" };
const ENTITY = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-z]{2,4}));/u;

/** The number of bytes of a UTF-8 sequence that starts with `lead`, or 0 for a byte no sequence starts with. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Undoes one layer of the encodings a server echoes a value in: percent-encoding (UTF-8,
 * either case), JSON escapes, HTML entities and, when `plus` is set, `+` for a space. What is
 * not an escape stays as it is, so a text that mixes encoded and plain parts decodes whole.
 */
function decodeLayer(source: string, plus: boolean): Decoded {
  let text = "";
  const from: number[] = [];
  const to: number[] = [];
  const emit = (chars: string, start: number, end: number): void => {
    text += chars;
    for (let k = 0; k < chars.length; k++) {
      from.push(start);
      to.push(end);
    }
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "%" && HEX2.test(source.slice(i + 1, i + 3))) {
      const lead = Number.parseInt(source.slice(i + 1, i + 3), 16);
      const length = sequenceLength(lead);
      const bytes = [lead];
      for (let k = 1; k < length && source[i + 3 * k] === "%" && HEX2.test(source.slice(i + 3 * k + 1, i + 3 * k + 3)); k++) {
        bytes.push(Number.parseInt(source.slice(i + 3 * k + 1, i + 3 * k + 3), 16));
      }
      const decoded = bytes.length === length ? new TextDecoder().decode(new Uint8Array(bytes)) : "\uFFFD";
      const taken = bytes.length === length ? 3 * length : 3;
      emit(decoded, i, i + taken);
      i += taken;
    } else if (c === "\\" && source[i + 1] === "u" && HEX4.test(source.slice(i + 2, i + 6))) {
      emit(String.fromCharCode(Number.parseInt(source.slice(i + 2, i + 6), 16)), i, i + 6);
      i += 6;
    } else if (c === "\\" && i + 1 < source.length && Object.hasOwn(JSON_SHORT, source[i + 1]!)) {
      emit(JSON_SHORT[source[i + 1]!]!, i, i + 2);
      i += 2;
    } else if (c === "&" && ENTITY.test(source.slice(i, i + 12))) {
      const match = ENTITY.exec(source.slice(i, i + 12))!;
      const code = match[1] !== undefined ? Number(match[1]) : match[2] !== undefined ? Number.parseInt(match[2], 16) : undefined;
      const named = match[3] === undefined ? undefined : HTML_NAMED[match[3]];
      const chars = code !== undefined && code <= 0x10ffff ? String.fromCodePoint(code) : named;
      if (chars === undefined) {
        emit(c, i, i + 1);
        i += 1;
      } else {
        emit(chars, i, i + match[0].length);
        i += match[0].length;
      }
    } else {
      emit(plus && c === "+" ? " " : c, i, i + 1);
      i += 1;
    }
  }
  return { text, from, to };
}

/** A view of the original text: a decoding of it, with the span of the original each unit came from. */
export interface View {
  readonly text: string;
  readonly from: readonly number[];
  readonly to: readonly number[];
}

const ESCAPES = /[%\\&+]/u;

/** The text as it is and decoded one and two layers deep, with and without `+` for a space. */
export function viewsOf(source: string): View[] {
  // An original view has empty maps: a find in it is its own span.
  if (!ESCAPES.test(source)) return [{ text: source, from: [], to: [] }];
  let layer: View[] = [{ text: source, from: Array.from({ length: source.length }, (_, k) => k), to: Array.from({ length: source.length }, (_, k) => k + 1) }];
  const views = [...layer];
  for (let depth = 0; depth < 2; depth++) {
    const next: View[] = [];
    for (const view of layer) {
      if (!ESCAPES.test(view.text)) continue;
      for (const plus of [false, true]) {
        if (plus && !view.text.includes("+")) continue;
        const decoded = decodeLayer(view.text, plus);
        if (decoded.text === view.text) continue;
        next.push({ text: decoded.text, from: decoded.from.map((k) => view.from[k]!), to: decoded.to.map((k) => view.to[k - 1]!) });
      }
    }
    views.push(...next);
    layer = next;
  }
  return views;
}
