/**
 * Keeping secrets out of errors and logs. The secrets of this API travel in form bodies
 * (`pw`, `signature`, the passwords of reinstall and VNC), where no header-based redaction
 * reaches, so the spec marks them (`x-edis-secret`) and these helpers use that mark.
 *
 * A PHP server echoes a value in many ways: as sent, percent-encoded in either case (every
 * byte or only some), with `+` for a space, as JSON text with `\uXXXX` and `\/` escapes, as
 * HTML entities, and in combinations of these (JSON text that was then percent-encoded, a
 * value encoded twice). {@link scrub} decodes the text one and two layers deep (with and
 * without `+` for a space), looks for each secret in every decoded view, and maps what it
 * finds back to the span of the original text it came from.
 */
import type { OperationSpec } from "./operation-spec.js";
import { EdisError } from "./errors.js";
import { fieldText } from "./form-encoding.js";

export const REDACTED = "[REDACTED]";

/** The form body of a request with every secret field's value replaced by `[REDACTED]`. */
export function redactForm(op: OperationSpec, values: Readonly<Record<string, unknown>>): string {
  const form = new URLSearchParams();
  for (const field of op.fields) {
    const value = values[field.wire];
    if (value === undefined) continue;
    form.append(field.wire, field.secret ? REDACTED : fieldText(value, field.json));
  }
  return form.toString();
}

/** The secret values of a request, as they would appear in text. */
export function secretsOf(op: OperationSpec, values: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const field of op.fields) {
    const value = values[field.wire];
    if (field.secret && value !== undefined) out.push(fieldText(value, field.json));
  }
  return out;
}

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
interface View {
  readonly text: string;
  readonly from: readonly number[];
  readonly to: readonly number[];
}

const ESCAPES = /[%\\&+]/u;

/** The text as it is and decoded one and two layers deep, with and without `+` for a space. */
function viewsOf(source: string): View[] {
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

/** Longest text searched for secrets; errors clip what they quote far below this. */
const MAX_SCRUBBED = 64 * 1024;
/** How many leading characters of a secret count as the secret. */
const PROBE_LENGTH = 16;

/**
 * Replaces every occurrence of a secret in `text` (for example a server message that echoes
 * the request) with `[REDACTED]`, in any of the encodings a server echoes it in, nested up to
 * two deep; a secret longer than 16 characters is found by its first 16, and removed as far
 * as it goes. Text beyond the first 64 KiB is dropped rather than searched: callers quote far
 * less of it.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  const source = text.length > MAX_SCRUBBED ? text.slice(0, MAX_SCRUBBED) : text;
  // Lone surrogates travel as U+FFFD (the form encoder writes that); look for both spellings.
  const wanted = [...new Set(secrets.flatMap((s) => [s, s.replace(/\p{Cs}/gu, "\uFFFD")]))].filter((s) => s.length > 0);
  if (wanted.length === 0) return source;
  const spans: [number, number][] = [];
  for (const view of viewsOf(source)) {
    for (const secret of wanted) {
      // A long secret counts from its first characters on: a server that cut its echo short,
      // or an echo longer than the text searched, still loses what it shows.
      const probe = secret.slice(0, PROBE_LENGTH);
      for (let at = view.text.indexOf(probe); at >= 0; at = view.text.indexOf(probe, at + 1)) {
        let end = at + probe.length;
        while (end - at < secret.length && view.text[end] === secret[end - at]) end++;
        spans.push(view.from.length === 0 ? [at, end] : [view.from[at]!, view.to[end - 1]!]);
      }
    }
  }
  if (spans.length === 0) return source;
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let done = 0;
  for (const [start, end] of spans) {
    // Overlapping finds (a secret inside another, one find in two views) become one [REDACTED].
    if (start < done) {
      done = Math.max(done, end);
      continue;
    }
    out += `${source.slice(done, start)}${REDACTED}`;
    done = end;
  }
  return out + source.slice(done);
}

/** A scrubber bound to the secrets of one request. */
export type Scrub = (text: string) => string;

/**
 * `cause` with every message in its chain scrubbed. An error whose chain holds no secret is
 * returned as it is; otherwise the chain is copied (same prototypes, names and codes, scrubbed
 * messages and stacks), so a caller's `fetch` that put the request body in its message, say,
 * reaches no one with it.
 */
export function scrubCause(cause: unknown, clean: Scrub, depth = 0): unknown {
  if (!(cause instanceof Error) || depth > 8) return typeof cause === "string" ? clean(cause) : cause;
  const inner = (cause as { cause?: unknown }).cause;
  const innerClean = inner === undefined ? undefined : scrubCause(inner, clean, depth + 1);
  const message = clean(cause.message);
  const stack = cause.stack === undefined ? undefined : clean(cause.stack);
  if (message === cause.message && stack === cause.stack && innerClean === inner && !hasDirtyProps(cause, clean)) return cause;
  const copy = Object.create(Object.getPrototypeOf(cause) as object) as Error & Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(cause)) {
    if (key === "message" || key === "stack" || key === "cause") continue;
    const value = (cause as unknown as Record<string, unknown>)[key];
    // Keep what identifies the failure (code, errno, syscall); drop anything else that holds a secret.
    if (typeof value === "string") copy[key] = clean(value);
    else if (typeof value === "number" || typeof value === "boolean") copy[key] = value;
  }
  Object.defineProperty(copy, "message", { value: message, writable: true, configurable: true });
  if (stack !== undefined) Object.defineProperty(copy, "stack", { value: stack, writable: true, configurable: true });
  if (innerClean !== undefined) Object.defineProperty(copy, "cause", { value: innerClean, writable: true, configurable: true });
  return copy;
}

function hasDirtyProps(error: Error, clean: Scrub): boolean {
  for (const key of Object.getOwnPropertyNames(error)) {
    if (key === "message" || key === "stack" || key === "cause") continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === "string" && clean(value) !== value) return true;
    if (typeof value === "object" && value !== null) return true;
  }
  return false;
}

/**
 * `error` with every text it carries scrubbed of `secrets`: its message and stack, the
 * server's words and code, a host it names, the redacted request, and its cause chain. Errors
 * of this package are fixed in place (they are new and nobody holds them yet); anything else
 * thrown is copied by {@link scrubCause}. This is the one exit every error of a request
 * passes, so whatever an answer put into an error, now or in code added later, is scrubbed.
 */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  const wanted = secrets.filter((s) => s.length > 0);
  if (wanted.length === 0 || !(error instanceof Error)) return error;
  const clean: Scrub = (text) => scrub(text, wanted);
  if (!(error instanceof EdisError)) return scrubCause(error, clean);
  const target = error as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = target[key];
    let cleaned: unknown = value;
    if (key === "cause") cleaned = scrubCause(value, clean);
    else if (typeof value === "string") cleaned = clean(value);
    else if (key === "request" && typeof value === "object" && value !== null) {
      cleaned = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? clean(v) : v]));
    }
    if (cleaned !== value)
      Object.defineProperty(error, key, {
        value: cleaned,
        writable: true,
        configurable: true,
        enumerable: Object.prototype.propertyIsEnumerable.call(error, key),
      });
  }
  return error;
}
