/**
 * fast-check arbitraries built by walking the schemas of spec/ — not a second description of
 * them. `valueOf` gives any value a schema allows; `breakingOf` proposes values that break
 * one rule of a schema, starting from a valid one. Whether a proposal really breaks the spec
 * is decided by the spec's own validator (scripts/lib/spec-validator.ts), not here.
 *
 * Where a value is text on the wire, the spec's documented convention applies on top of the
 * schema: line breaks only in `x-edis-multiline` strings. Strings are Unicode text (no lone
 * surrogates, which UTF-8 cannot carry) and never hold NUL.
 */
import fc from "fast-check";
import { type Node, flattenSchema } from "../scripts/lib/spec.js";

/** Generation limits: enough to explore, small enough to keep thousands of runs fast. */
const MAX_ITEMS = 8;
const MAX_KEYS = 5;
const MAX_FREE_TEXT = 40;

export interface ValueOptions {
  /**
   * Add keys that a schema does not name to objects whose schema allows them (answers: a
   * client must pass over what it does not know). Requests never get them: the client
   * refuses unknown keys on purpose.
   */
  readonly extraKeys?: boolean;
}

const codePoints = (text: string): number => [...text].length;
const ILL_FORMED = /\p{Cs}/u;

/** The text rules of a string schema: length in code points, pattern, and the spec's conventions. */
export function textRules(schema: Node): (text: string) => boolean {
  const pattern = typeof schema.pattern === "string" ? new RegExp(schema.pattern, "u") : undefined;
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = (schema.maxLength as number | undefined) ?? Number.POSITIVE_INFINITY;
  const multiline = schema["x-edis-multiline"] === true;
  return (text) => {
    const length = codePoints(text);
    if (length < min || length > max) return false;
    if (pattern && !pattern.test(text)) return false;
    if (ILL_FORMED.test(text) || text.includes("\0")) return false;
    return multiline || !/[\r\n]/u.test(text);
  };
}

/** Bounds of an integer schema, as fast-check can draw them. */
function integerArbitrary(schema: Node): fc.Arbitrary<number> {
  const min = (schema.minimum as number | undefined) ?? -(2 ** 31);
  const max = (schema.maximum as number | undefined) ?? 2 ** 31 - 1;
  if (min >= -(2 ** 31) && max <= 2 ** 31 - 1) return fc.integer({ min, max });
  return fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

function stringArbitrary(spec: Node, schema: Node, options: ValueOptions): fc.Arbitrary<unknown> {
  const rules = textRules(schema);
  const json = schema["x-edis-json"];
  if (typeof json === "string") {
    // JSON text of the named schema (a chart): the client decodes it.
    return valueOf(spec, { $ref: json }, options)
      .map((value) => JSON.stringify(value))
      .filter(rules);
  }
  if (schema["x-edis-data-uri"] === true && typeof schema.pattern === "string") {
    // The pattern fixes the head of the URI; the rest is base64, as x-edis-data-uri says.
    return fc
      .tuple(fc.stringMatching(new RegExp(schema.pattern as string, "u")), fc.uint8Array({ maxLength: 64 }))
      .map(([head, bytes]) => `${head.slice(0, head.indexOf(",") + 1)}${base64(bytes)}`)
      .filter(rules);
  }
  switch (schema.format) {
    case "binary":
      return fc.uint8Array({ minLength: (schema.minLength as number | undefined) ?? 0, maxLength: 64 });
    case "ip":
      return fc.oneof(fc.ipV4(), fc.ipV6()).filter(rules);
    case "ipv4":
      return fc.ipV4().filter(rules);
    case "ipv6":
      return fc.ipV6().filter(rules);
    case "uri":
      return fc.webUrl({ validSchemes: ["http", "https"], withQueryParameters: true, withFragments: true }).filter(rules);
    case "email":
      return fc.emailAddress().filter(rules);
    case "date-time":
      return fc
        .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2999-12-31T23:59:59Z"), noInvalidDate: true })
        .map((d) => d.toISOString())
        .filter(rules);
    default:
      break;
  }
  if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern as string, "u")).filter(rules);
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.max(minLength, Math.min((schema.maxLength as number | undefined) ?? MAX_FREE_TEXT, MAX_FREE_TEXT));
  // Any code point: the characters that break naive form and JSON encoders come up often.
  return fc.string({ unit: "binary", minLength, maxLength }).filter(rules);
}

function objectArbitrary(spec: Node, schema: Node, options: ValueOptions): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const minKeys = (schema.minProperties as number | undefined) ?? 0;
  const maxKeys = (schema.maxProperties as number | undefined) ?? Number.POSITIVE_INFINITY;
  const named = fc.record(
    Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, valueOf(spec, sub, options)])),
    { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) },
  );
  const additional = schema.additionalProperties;
  let extra: fc.Arbitrary<Record<string, unknown>> = fc.constant({});
  if (typeof additional === "object" && additional !== null) {
    const keyFormat = schema["x-edis-key-format"];
    const key = typeof keyFormat === "string" ? (valueOf(spec, { type: "string", format: keyFormat }) as fc.Arbitrary<string>) : fc.string();
    extra = fc.dictionary(key, valueOf(spec, additional, options), {
      minKeys: Math.max(0, minKeys - required.size),
      maxKeys: Math.min(maxKeys, MAX_KEYS),
    });
  } else if (additional !== false && options.extraKeys) {
    extra = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in properties) && k !== "__proto__"),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 2 },
    );
  }
  return fc
    .tuple(named, extra)
    .map(([own, more]) => ({ ...more, ...own }))
    .filter((value) => {
      const count = Object.keys(value).length;
      return count >= minKeys && count <= maxKeys;
    });
}

const cache = new WeakMap<object, Map<string, fc.Arbitrary<unknown>>>();

/** Any value that `node` (a schema of `spec`, `$ref`s and `allOf` included) allows. */
export function valueOf(spec: Node, node: unknown, options: ValueOptions = {}): fc.Arbitrary<unknown> {
  const key = JSON.stringify(options);
  const byNode = typeof node === "object" && node !== null ? (cache.get(node) ?? new Map<string, fc.Arbitrary<unknown>>()) : undefined;
  const cached = byNode?.get(key);
  if (cached) return cached;
  const built = build(spec, node, options);
  if (byNode) {
    byNode.set(key, built);
    cache.set(node as object, byNode);
  }
  return built;
}

function build(spec: Node, node: unknown, options: ValueOptions): fc.Arbitrary<unknown> {
  const schema = flattenSchema(spec, node);
  const alternatives = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => valueOf(spec, alternative, options)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case "string":
      return stringArbitrary(spec, schema, options);
    case "integer":
      return integerArbitrary(schema);
    case "number":
      return fc.double({
        min: (schema.minimum as number | undefined) ?? -1e9,
        max: (schema.maximum as number | undefined) ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case "boolean":
      return fc.boolean();
    case "array": {
      const item = valueOf(spec, schema.items, options);
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.max(minLength, Math.min((schema.maxItems as number | undefined) ?? MAX_ITEMS, MAX_ITEMS));
      return schema.uniqueItems === true
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    case "object":
      return objectArbitrary(spec, schema, options);
    default:
      return schema.properties ? objectArbitrary(spec, schema, options) : fc.jsonValue({ maxDepth: 2 });
  }
}

/** A proposed value that breaks one rule of its schema. */
export interface Breakage {
  readonly value: unknown;
  /** Which rule it aims at (for the report of a failing run). */
  readonly rule: string;
  /**
   * A rule of this client beyond the schema (a JavaScript value of the wrong type, a line
   * break, NUL): refused whatever the spec's validator says of the text that would travel.
   */
  readonly convention: boolean;
}

const schemaRule = (value: unknown, rule: string): Breakage => ({ value, rule, convention: false });
const conventionRule = (value: unknown, rule: string): Breakage => ({ value, rule, convention: true });

/** Characters that break patterns and formats when put into an otherwise valid text. */
const INTRUDERS = ["/", "\\", "..", " ", "_", "-", ".", ":", "@", "%", "é", "<", "\u2028", "\t", "\x7f", "\x1b", "Z", "9"];

function insertAt(text: string, position: number, piece: string): string {
  const points = [...text];
  const at = points.length === 0 ? 0 : position % (points.length + 1);
  return [...points.slice(0, at), piece, ...points.slice(at)].join("");
}

/** A JavaScript value of another type than the schema's. */
function wrongType(schema: Node, valid: unknown): fc.Arbitrary<Breakage> {
  const type = schema.type;
  const others: unknown[] =
    type === "string"
      ? [42, true, null, { text: String(valid) }, [String(valid)]]
      : type === "integer" || type === "number"
        ? [String(valid), true, null, [valid], BigInt(Math.trunc(Number(valid)))]
        : type === "array"
          ? [JSON.stringify(valid), { 0: (valid as unknown[])[0] }, null]
          : type === "object"
            ? [[valid], JSON.stringify(valid), null]
            : [null, "true"];
  const kind = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);
  return fc.constantFrom(...others).map((value) => conventionRule(value, `${kind(value)} for ${String(type)}`));
}

/**
 * Values that break one rule of `node`, each derived from `valid` (a value the schema allows).
 * `bulk` is true for a list the client splits into several requests: its maxItems bounds one
 * request, not the call, so it is not broken here.
 */
export function breakingOf(spec: Node, node: unknown, valid: unknown, bulk = false): fc.Arbitrary<Breakage> {
  const schema = flattenSchema(spec, node);
  const choices: fc.Arbitrary<Breakage>[] = [];
  if (schema.format === "binary") return fc.constantFrom(conventionRule("disk.qcow2", "a path for a file"), conventionRule(42, "a number for a file"));
  choices.push(wrongType(schema, valid));
  if (schema.type === "string" && typeof valid === "string") {
    const min = (schema.minLength as number | undefined) ?? 0;
    const max = schema.maxLength as number | undefined;
    if (min > 0) choices.push(fc.constant(schemaRule([...valid].slice(0, min - 1).join(""), `shorter than ${min}`)));
    if (max !== undefined && max <= 70_000) choices.push(fc.constant(schemaRule(valid + "7".repeat(max - codePoints(valid) + 1), `longer than ${max}`)));
    if (Array.isArray(schema.enum)) choices.push(fc.constantFrom(schemaRule(`${valid}x`, "outside the enum"), schemaRule(valid.toUpperCase() + "X", "outside the enum")));
    choices.push(fc.tuple(fc.nat(), fc.constantFrom(...INTRUDERS)).map(([at, piece]) => schemaRule(insertAt(valid, at, piece), `with ${JSON.stringify(piece)}`)));
    if (schema["x-edis-multiline"] !== true) {
      choices.push(fc.tuple(fc.nat(), fc.constantFrom("\n", "\r", "\r\n")).map(([at, piece]) => conventionRule(insertAt(valid, at, piece), "a line break")));
    }
    choices.push(fc.nat().map((at) => conventionRule(insertAt(valid, at, "\0"), "NUL")));
  }
  if ((schema.type === "integer" || schema.type === "number") && typeof valid === "number") {
    if (typeof schema.minimum === "number") choices.push(fc.constant(schemaRule((schema.minimum as number) - 1, "below the minimum")));
    if (typeof schema.maximum === "number") choices.push(fc.constant(schemaRule((schema.maximum as number) + 1, "above the maximum")));
    if (schema.type === "integer") choices.push(fc.constant(schemaRule(valid + 0.5, "a fraction")));
    choices.push(fc.constantFrom(schemaRule(Number.NaN, "NaN"), schemaRule(Number.POSITIVE_INFINITY, "Infinity")));
  }
  if (schema.type === "array" && Array.isArray(valid)) {
    const minItems = (schema.minItems as number | undefined) ?? 0;
    if (minItems > 0) choices.push(fc.constant(schemaRule([], "empty")));
    if (!bulk && typeof schema.maxItems === "number" && schema.maxItems <= 1_000) {
      const item = valueOf(spec, schema.items);
      const count = (schema.maxItems as number) + 1;
      choices.push(
        (schema.uniqueItems === true ? fc.uniqueArray(item, { minLength: count, maxLength: count, selector: (v) => JSON.stringify(v) }) : fc.array(item, { minLength: count, maxLength: count })).map((items) =>
          schemaRule(items, `more than ${count - 1} items`),
        ),
      );
    }
    if (valid.length > 0) {
      if (schema.uniqueItems === true) choices.push(fc.nat().map((i) => schemaRule([...valid, valid[i % valid.length]], "a repeated item")));
      choices.push(
        fc.nat().chain((i) => {
          const at = i % valid.length;
          return breakingOf(spec, schema.items, valid[at]).map((b) => ({ ...b, value: valid.map((v, j) => (j === at ? b.value : v)), rule: `item ${at}: ${b.rule}` }));
        }),
      );
    }
  }
  if (schema.type === "object" && typeof valid === "object" && valid !== null && !Array.isArray(valid)) {
    const record = valid as Record<string, unknown>;
    const keys = Object.keys(record);
    if (((schema.minProperties as number | undefined) ?? 0) > 0) choices.push(fc.constant(schemaRule({}, "empty")));
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    const subschema = (key: string): unknown => properties[key] ?? schema.additionalProperties;
    const breakable = keys.filter((key) => typeof subschema(key) === "object" && subschema(key) !== null);
    if (breakable.length > 0) {
      choices.push(
        fc.nat().chain((i) => {
          const key = breakable[i % breakable.length]!;
          return breakingOf(spec, subschema(key), record[key]).map((b) => ({ ...b, value: { ...record, [key]: b.value }, rule: `${key}: ${b.rule}` }));
        }),
      );
    }
    if (keys.length > 0) {
      const keyFormat = schema["x-edis-key-format"];
      if (typeof keyFormat === "string") {
        choices.push(
          fc.tuple(fc.nat(), fc.constantFrom("x", "/24", " ", "::::")).map(([i, junk]) => {
            const key = keys[i % keys.length]!;
            const { [key]: moved, ...rest } = record;
            return schemaRule({ ...rest, [`${key}${junk}`]: moved }, `a key that is not ${keyFormat}`);
          }),
        );
      }
    }
  }
  return fc.oneof(...choices);
}
