/**
 * Checks a caller's params against the rules the generator took from the spec, before
 * anything is sent. One interpreter serves every operation; the rules are data in
 * generated/table.ts.
 */
import { isIPv4, isIPv6 } from "../safety/ip.js";
import type { FieldRule, OperationSpec } from "../operation-spec.js";
import { EdisValidationError } from "../errors.js";
import { isBinary } from "./form-encoding.js";
import { isSecretField, quotable } from "../safety/redact.js";

const patternCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, "u");
    patternCache.set(pattern, re);
  }
  return re;
}

/** The characters every IP address is made of: a pattern of just these adds nothing to an IP format check. */
const IP_ALPHABET = "^[0-9A-Fa-f:.]+$";

/**
 * The formats the client checks. `implies`: a pattern of printable ASCII that every value
 * passing the format matches, so it is not tested again after the format (long PTR lists check
 * each address), and such a value holds no NUL, line break or surrogate (see {@link fitsAtOnce}).
 */
const FORMATS: Record<string, { test: (value: string) => boolean; says: string; implies?: string }> = {
  ip: { test: (v) => isIPv4(v) || isIPv6(v), says: "an IPv4 or IPv6 address", implies: IP_ALPHABET },
  ipv4: { test: isIPv4, says: "an IPv4 address", implies: IP_ALPHABET },
  ipv6: { test: isIPv6, says: "an IPv6 address", implies: IP_ALPHABET },
  uri: { test: isHttpUrl, says: "an http(s) URL" },
  email: { test: (v) => /^[^\s@\p{Cc}\p{Cf}]+@[^\s@\p{Cc}\p{Cf}]+$/u.test(v), says: "an email address" },
};

function isHttpUrl(value: string): boolean {
  // RFC 3986 allows printable ASCII only; URL() would quietly percent-encode anything else.
  if (/[^\x21-\x7e]|[<>"{}|\\^`]/u.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Shows a rejected value in a message, as src/safety/redact.ts allows: never a secret, nor a URL's userinfo. */
function show(value: unknown, secret: boolean): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  const text = quotable(json, secret);
  if (text === undefined) return "";
  return `: ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && Number.isInteger(value)) return "integer";
  return typeof value;
}

/** Why a string breaks its rule's enum, format or pattern, in the spec's words, or undefined when it fits them. */
function formProblem(rule: FieldRule, value: string, secret: boolean): [string, string] | undefined {
  if (rule.enum && !rule.enum.includes(value)) {
    return [HERE, `must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(", ")}${show(value, secret)}`];
  }
  const format = rule.format === undefined ? undefined : FORMATS[rule.format];
  if (format && !format.test(value)) return [HERE, `must be ${format.says}${show(value, secret)}`];
  if (rule.pattern !== undefined && rule.pattern !== format?.implies && !regex(rule.pattern).test(value)) {
    // In the spec's words (x-edis-pattern-name), never as the regular expression.
    return [HERE, `is not ${rule.patternName ?? "in the expected form"}${show(value, secret)}`];
  }
  return undefined;
}

/** Returns why `value` breaks `rule`, with the path inside the value, or undefined when it fits. */
export function checkValue(rule: FieldRule, value: unknown, path: string, secret = false): [string, string] | undefined {
  const problem = check(rule, value, secret);
  return problem && [path + problem[0], problem[1]];
}

/** The length of `text` when it holds no NUL, CR, LF or surrogate (then code points are UTF-16 units); -1 otherwise. */
function plainLength(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0 || unit === 10 || unit === 13 || (unit >= 0xd800 && unit <= 0xdfff)) return -1;
  }
  return text.length;
}

/** The number of code points of `text` (a surrogate pair is one), without making an array of them. */
function codePoints(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) pairs++;
  }
  return text.length - pairs;
}

/** The path of a problem with the value itself, in {@link check}'s relative paths. */
const HERE = "";

/**
 * {@link checkValue} with the path relative to `value` (`""`, `[3]`, `.name`): a path is
 * written only for a problem, never per item, so a list of 100,000 addresses is walked without
 * a string made per entry.
 */
function check(rule: FieldRule, value: unknown, secret: boolean): [string, string] | undefined {
  switch (rule.type) {
    case "string": {
      if (rule.format === "binary") {
        if (!isBinary(value)) return [HERE, `must be a Blob or a Uint8Array, got ${typeOf(value)}`];
        const size = value instanceof Blob ? value.size : value.byteLength;
        if (size === 0) return [HERE, "must not be empty"];
        if (rule.maxLength !== undefined && size > rule.maxLength) return [HERE, `must be at most ${rule.maxLength} bytes, got ${size}`];
        return undefined;
      }
      if (typeof value !== "string") return [HERE, `must be a string, got ${typeOf(value)}`];
      // One pass finds the plain case (no NUL, line break or surrogate: a length in code points
      // is its length); anything else takes the checks one by one, in the order of their messages.
      let length = plainLength(value);
      if (length < 0) {
        if (value.includes("\0")) return [HERE, "must not contain NUL characters"];
        // A lone surrogate cannot be encoded as UTF-8: it would arrive as U+FFFD, another value.
        if (/\p{Cs}/u.test(value)) return [HERE, "must be Unicode text (it holds a lone surrogate)"];
        if (!rule.multiline && /[\r\n]/u.test(value)) return [HERE, "must not contain line breaks"];
        // Lone surrogates were refused above: every high surrogate starts a pair.
        length = codePoints(value);
      }
      if (rule.minLength !== undefined && length < rule.minLength) {
        if (length === 0) return [HERE, "must not be empty"];
        // Too short and of the wrong form: the form is what the user needs to hear (`kvm_1` is not a VPS id),
        // not the schema's length bound that follows from it.
        return formProblem(rule, value, secret) ?? [HERE, `must be at least ${rule.minLength} characters`];
      }
      if (rule.maxLength !== undefined && length > rule.maxLength) {
        return [HERE, `must be at most ${rule.maxLength} characters, got ${length}`];
      }
      return formProblem(rule, value, secret);
    }
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return [HERE, `must be a finite number, got ${typeOf(value)}`];
      if (rule.type === "integer" && !Number.isInteger(value)) return [HERE, `must be an integer${show(value, secret)}`];
      if (rule.enum && !rule.enum.includes(value)) return [HERE, `must be one of ${rule.enum.join(", ")}${show(value, secret)}`];
      if (rule.minimum !== undefined && value < rule.minimum) return [HERE, `must be at least ${rule.minimum}${show(value, secret)}`];
      if (rule.maximum !== undefined && value > rule.maximum) return [HERE, `must be at most ${rule.maximum}${show(value, secret)}`];
      return undefined;
    }
    case "boolean":
      return typeof value === "boolean" ? undefined : [HERE, `must be a boolean, got ${typeOf(value)}`];
    case "array": {
      if (!Array.isArray(value)) return [HERE, `must be an array, got ${typeOf(value)}`];
      if (rule.minItems !== undefined && value.length < rule.minItems) {
        return [HERE, rule.minItems === 1 ? "must not be empty" : `must have at least ${rule.minItems} items`];
      }
      if (rule.maxItems !== undefined && value.length > rule.maxItems) {
        return [HERE, `must have at most ${rule.maxItems} items, got ${value.length}`];
      }
      if (rule.items) {
        const fits = fitsAtOnce(rule.items);
        for (let i = 0; i < value.length; i++) {
          if (fits?.(value[i])) continue;
          const problem = check(rule.items, value[i], secret);
          if (problem) return [`[${i}]${problem[0]}`, problem[1]];
        }
      }
      if (rule.uniqueItems) {
        const i = firstRepeat(value);
        if (i >= 0) return [`[${i}]`, `repeats an earlier item${show(value[i], secret)}`];
      }
      return undefined;
    }
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return [HERE, `must be an object, got ${typeOf(value)}`];
      }
      // Keys, not entries, and a path written only for a problem: a map of 100,000 PTR records
      // is walked without a pair or a string made per entry.
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (rule.minProperties !== undefined && keys.length < rule.minProperties) {
        return [HERE, rule.minProperties === 1 ? "must not be empty" : `must have at least ${rule.minProperties} entries`];
      }
      if (rule.maxProperties !== undefined && keys.length > rule.maxProperties) {
        return [HERE, `must have at most ${rule.maxProperties} entries, got ${keys.length}`];
      }
      for (const name of rule.required ?? []) {
        if (record[name] === undefined) return [`.${name}`, "is required"];
      }
      const keyFormat = rule.keyFormat === undefined ? undefined : FORMATS[rule.keyFormat];
      for (const key of keys) {
        const item = record[key];
        const at = (): string => `[${JSON.stringify(key)}]`;
        if (keyFormat && !keyFormat.test(key)) return [at(), `key must be ${keyFormat.says}`];
        const own = rule.properties?.[key];
        const sub = own ?? rule.additionalProperties;
        if (sub === undefined || sub === false) {
          if (rule.properties) return [at(), "is not a known key"];
          continue;
        }
        if (sub === true || item === undefined) continue;
        const problem = check(sub, item, secret);
        if (problem) return [(own ? `.${key}` : at()) + problem[0], problem[1]];
      }
      return undefined;
    }
  }
}

const atOnce = new WeakMap<FieldRule, ((value: unknown) => boolean) | null>();

/**
 * For a string rule whose format implies its pattern (an address), a test that is true only
 * for a value {@link check} passes: a string of the format within the length bounds. Such a
 * value is printable ASCII, so its length is its length in code points and the NUL, line
 * break and surrogate checks cannot fail. A value it refuses takes {@link check}, which says
 * why. Null for any other rule. Validating 100,000 addresses spends about half its time on
 * those checks otherwise (BENCHMARKS.md, issue 25's pair).
 */
function fitsAtOnce(rule: FieldRule): ((value: unknown) => boolean) | undefined {
  let fits = atOnce.get(rule);
  if (fits === undefined) {
    const format = rule.type === "string" && rule.format !== undefined && Object.hasOwn(FORMATS, rule.format) ? FORMATS[rule.format] : undefined;
    if (format?.implies === undefined || rule.enum || (rule.pattern !== undefined && rule.pattern !== format.implies)) {
      fits = null;
    } else {
      const { test } = format;
      const min = rule.minLength ?? 0;
      const max = rule.maxLength ?? Number.POSITIVE_INFINITY;
      fits = (value) => typeof value === "string" && value.length >= min && value.length <= max && test(value);
    }
    atOnce.set(rule, fits);
  }
  return fits ?? undefined;
}

/**
 * The index of the first item of `list` that repeats an earlier one, or -1. Items compare by
 * their JSON text; two strings have the same JSON text only when they are the same string, so a
 * string is its own key, with no text made. The strings go into a table of indexes of their own,
 * hashed by content: a Set takes 15-20 ms for 100,000 addresses (growing and rehashing), this
 * about 6 ms (BENCHMARKS.md, issue 25). Strings chosen to collide cannot make it quadratic:
 * past a bounded number of probes it starts again with a Set, whose hash V8 seeds.
 */
function firstRepeat(list: readonly unknown[]): number {
  let size = 16;
  while (size < list.length * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  let budget = 8 * list.length + 16;
  let others: Set<string> | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== "string") {
      const key = JSON.stringify(item);
      others ??= new Set<string>();
      if (others.has(key)) return i;
      others.add(key);
      continue;
    }
    // FNV-1a over the UTF-16 units.
    let hash = 0x811c9dc5;
    for (let c = 0; c < item.length; c++) hash = Math.imul(hash ^ item.charCodeAt(c), 0x01000193);
    let slot = hash & mask;
    for (let at = table[slot]!; at >= 0; at = table[slot]!) {
      if (list[at] === item) return i;
      if (--budget < 0) return firstRepeatBySet(list);
      slot = (slot + 1) & mask;
    }
    table[slot] = i;
  }
  return -1;
}

/** {@link firstRepeat} with Sets alone. */
function firstRepeatBySet(list: readonly unknown[]): number {
  const strings = new Set<string>();
  const others = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const [set, key] = typeof item === "string" ? [strings, item] : [others, JSON.stringify(item)];
    if (set.has(key)) return i;
    set.add(key);
  }
  return -1;
}

const unbounded = new WeakMap<FieldRule, FieldRule>();

/** The rule of a bulk field without its per-request bound: the client splits longer lists. */
function withoutUpperBound(rule: FieldRule): FieldRule {
  let relaxed = unbounded.get(rule);
  if (!relaxed) {
    const { maxItems: _items, maxProperties: _properties, ...rest } = rule;
    relaxed = rest;
    unbounded.set(rule, relaxed);
  }
  return relaxed;
}

/**
 * Validates `params` for `op` and returns the caller's values by wire name. Throws
 * {@link EdisValidationError} naming the parameter at fault. Parameters named in `pending`
 * (that the caller will know only later, such as a password still to be asked for) may be
 * missing; every value given is checked all the same.
 */
export function validateParams(op: OperationSpec, params: unknown, pending: readonly string[] = []): Record<string, unknown> {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new EdisValidationError({ operationId: op.operationId, field: "params", reason: "must be an object" });
  }
  const given = params as Record<string, unknown>;
  const wire: Record<string, unknown> = {};
  let known = 0;
  for (const field of op.fields) {
    if (field.from !== undefined) continue;
    const value = given[field.param];
    if (value === undefined) {
      if (field.param in given) known++;
      if (field.default !== undefined) {
        wire[field.wire] = field.default;
        continue;
      }
      if (field.required && !pending.includes(field.param)) {
        throw new EdisValidationError({ operationId: op.operationId, field: field.param, reason: "is required" });
      }
      continue;
    }
    known++;
    const rule = op.bulk?.field === field.wire ? withoutUpperBound(field.rule) : field.rule;
    const problem = checkValue(rule, value, field.param, isSecretField(field));
    if (problem) throw new EdisValidationError({ operationId: op.operationId, field: problem[0], reason: problem[1] });
    wire[field.wire] = value;
  }
  if (known !== Object.keys(given).length) {
    const allowed = new Set(op.fields.filter((f) => f.from === undefined).map((f) => f.param));
    const unknown = Object.keys(given).find((k) => !allowed.has(k)) ?? "?";
    throw new EdisValidationError({
      operationId: op.operationId,
      field: unknown,
      reason: `is not a parameter of ${op.operationId} (expected ${[...allowed].join(", ") || "none"})`,
    });
  }
  for (const group of op.exactlyOne ?? []) {
    // `x-edis-exactly-one`: one field of the group names the target, never none or two.
    const params = group.map((w) => op.fields.find((f) => f.wire === w)!.param);
    const count = group.filter((w) => wire[w] !== undefined).length;
    if (count !== 1) {
      const reason =
        count === 0 ? `is required (or ${params.slice(1).join(" or ")})` : `and ${params.slice(1).join(" and ")} cannot both be given (give exactly one)`;
      throw new EdisValidationError({ operationId: op.operationId, field: params[0]!, reason });
    }
  }
  return wire;
}
