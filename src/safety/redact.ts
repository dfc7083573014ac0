/**
 * The secrets policy: this module alone decides what is secret and how it is hidden; every path
 * that shows something of a request or an answer (errors, the debug log, validation messages,
 * the CLI's previews, contract reports, the simulator's record of requests) asks it.
 *
 * What is secret:
 * - the value of every field the spec marks `x-edis-secret` (the client-area password, a session
 *   `signature`, the passwords of reinstall, VNC and webhooks, cloud-init user data), in every
 *   encoding a server may echo it in ({@link secretsOf}, {@link scrub});
 * - a JSON member or form field named like one of those fields in any operation
 *   ({@link isSecretName}): auth's answer holds every VPS's session signature, which no request
 *   of it sent ({@link redactSecretMembers}, {@link secretMembersOf});
 * - the userinfo of any URL (`https://user:password@host/`), in any field, secret or not
 *   ({@link redactUserinfo}).
 *
 * How it is hidden:
 * - where the place of a value is shown (a form, a JSON member, a URL's authority, a span of
 *   text), the value becomes `[REDACTED]`, so a reader sees that something was there;
 * - where a value would be quoted beside the name of its field (a validation message, a
 *   confirmation's list of fields), a secret is left out altogether ({@link quotable});
 * - text from elsewhere (a server's message, an error's cause chain, a log line) is scrubbed of
 *   the request's secrets before it is shown, and before it is cut short, so a secret cut in
 *   half is still found ({@link scrub}, {@link redactError}).
 *
 * A PHP server echoes a value in many ways: as sent, percent-encoded in either case (every
 * byte or only some), with `+` for a space, as JSON text with `\uXXXX` and `\/` escapes, as
 * HTML entities, and in combinations of these (JSON text that was then percent-encoded, a
 * value encoded twice). {@link scrub} looks for each secret in every view of the text that
 * src/safety/echo-views.ts makes (as it is, decoded one and two layers deep) and maps what it finds
 * back to the span of the original text it came from.
 */
import { operationTable } from "../../generated/table.js";
import type { OperationField, OperationSpec } from "../operation-spec.js";
import { EdisError } from "../errors.js";
import { viewsOf } from "./echo-views.js";
import { fieldText } from "../request/form-encoding.js";

export const REDACTED = "[REDACTED]";

/**
 * The userinfo of a URL (`https://user:password@host/`): up to the authority's last `@`, as
 * WHATWG URL parsing takes it. Credentials, wherever a URL carries them (a `--callback-url`, a
 * host override), so shown nowhere.
 */
const USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/?#]*)@/giu;

/** The userinfo parts of the URLs in `text` (empty ones left out). */
export function userinfoOf(text: string): string[] {
  return [...text.matchAll(USERINFO)].map((m) => m[1]!).filter((info) => info.length > 0);
}

/** `text` with the userinfo of every URL in it as `[REDACTED]`: `https://[REDACTED]@host/`. */
export function redactUserinfo(text: string): string {
  return text.replace(USERINFO, (match, info: string) => (info.length > 0 ? `${match.slice(0, match.length - info.length - 1)}${REDACTED}@` : match));
}

/** Whether a field's value is secret: the spec marks it `x-edis-secret`. */
export function isSecretField(field: Pick<OperationField, "secret">): boolean {
  return field.secret;
}

/** The form body of a request with every secret field's value replaced by `[REDACTED]`, and the userinfo of every URL in it. */
export function redactForm(op: OperationSpec, values: Readonly<Record<string, unknown>>): string {
  const form = new URLSearchParams();
  for (const field of op.fields) {
    const value = values[field.wire];
    if (value === undefined) continue;
    form.append(field.wire, isSecretField(field) ? REDACTED : redactUserinfo(fieldText(value, field.json)));
  }
  return form.toString();
}

/** The secret values of a request, as they would appear in text: the secret fields, and the userinfo of any URL in the others. */
export function secretsOf(op: OperationSpec, values: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const field of op.fields) {
    const value = values[field.wire];
    if (value === undefined) continue;
    if (isSecretField(field)) out.push(fieldText(value, field.json));
    else if (typeof value === "string" || field.json) out.push(...userinfoOf(fieldText(value, field.json)));
  }
  return out;
}

/** The wire names of the secret fields of every operation: `pw`, `signature`, `password`, … */
let secretNames: ReadonlySet<string> | undefined;
const secretNameSet = (): ReadonlySet<string> =>
  (secretNames ??= new Set(Object.values(operationTable).flatMap((op) => op.fields.filter(isSecretField).map((f) => f.wire))));

/**
 * Whether a form field or JSON member of this name is secret wherever it appears: it is the
 * wire name of a secret field of some operation (`signature`, `pw`, `password`, …). For text
 * whose operation is unknown, or an answer's members, which no request field describes.
 */
export function isSecretName(name: string): boolean {
  return secretNameSet().has(name);
}

/**
 * A JSON member whose key is a secret name (see {@link isSecretName}): auth's answer holds every
 * VPS's session signature, which no request of it sent, so the scrubber alone would not know it.
 */
let secretMember: RegExp | undefined;
const secretMemberPattern = (): RegExp => (secretMember ??= new RegExp(`"(${[...secretNameSet()].join("|")})"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*(?:"|$)`, "gu"));

/** JSON `text` with the string value of every secret member (see above) as `[REDACTED]`, even one cut short. */
export function redactSecretMembers(text: string): string {
  return text.replace(secretMemberPattern(), (_m, key: string) => `"${key}":"${REDACTED}"`);
}

/**
 * The string values of the secret members (see {@link isSecretName}) anywhere in a parsed JSON
 * answer, nested up to 16 deep: the session signatures of an auth answer, to scrub from what
 * quotes the answer later (a contract report).
 */
export function secretMembersOf(value: unknown, depth = 0): string[] {
  if (typeof value !== "object" || value === null || depth > 16) return [];
  const out: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === "string") {
      if (isSecretName(key) && inner !== "") out.push(inner);
    } else {
      out.push(...secretMembersOf(inner, depth + 1));
    }
  }
  return out;
}

/**
 * A value as a message or preview may quote it (`text`, already written as the caller shows
 * values): undefined for a secret, which is left out rather than shown as `[REDACTED]` beside
 * its name; otherwise the text with the userinfo of every URL in it redacted.
 */
export function quotable(text: string, secret: boolean): string | undefined {
  return secret ? undefined : redactUserinfo(text);
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
  if (!(cause instanceof Error)) return typeof cause === "string" ? clean(cause) : cause;
  // Past eight links (or in a loop) the rest of the chain is kept only when none of it holds a secret.
  if (depth > 8) return chainIsClean(cause, clean) ? cause : undefined;
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

/** Whether no link of a chain, followed to its end or until it loops (at most 64 links), holds a secret. */
function chainIsClean(cause: Error, clean: Scrub): boolean {
  const seen = new Set<unknown>();
  for (let at: unknown = cause; at instanceof Error; at = (at as { cause?: unknown }).cause) {
    if (seen.has(at)) return true;
    if (seen.size === 64) return false;
    seen.add(at);
    if (clean(at.message) !== at.message || (at.stack !== undefined && clean(at.stack) !== at.stack) || hasDirtyProps(at, clean)) return false;
    const next = (at as { cause?: unknown }).cause;
    if (typeof next === "string" && clean(next) !== next) return false;
  }
  return true;
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
 * thrown (an error of another kind, a string) is scrubbed by {@link scrubCause}. This is the
 * one exit every error of a request passes, so whatever an answer put into an error, now or in
 * code added later, is scrubbed.
 */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  const wanted = secrets.filter((s) => s.length > 0);
  if (wanted.length === 0) return error;
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
