/**
 * fast-check arbitraries built by walking the schemas of spec/ — not a second description of
 * them. `arbitraryOf` gives any value a schema allows (`breakingOf`, in schema-breakage.ts,
 * proposes values that break one rule of a schema, starting from a valid one).
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

/** The length of `text` in code points, as JSON Schema counts it. */
export const codePoints = (text: string): number => [...text].length;
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
    return arbitraryOf(spec, { $ref: json }, options)
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
  const named = fc.record(Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, arbitraryOf(spec, sub, options)])), {
    requiredKeys: Object.keys(properties).filter((key) => required.has(key)),
  });
  const additional = schema.additionalProperties;
  let extra: fc.Arbitrary<Record<string, unknown>> = fc.constant({});
  if (typeof additional === "object" && additional !== null) {
    const keyFormat = schema["x-edis-key-format"];
    const key = typeof keyFormat === "string" ? (arbitraryOf(spec, { type: "string", format: keyFormat }) as fc.Arbitrary<string>) : fc.string();
    extra = fc.dictionary(key, arbitraryOf(spec, additional, options), {
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
export function arbitraryOf(spec: Node, node: unknown, options: ValueOptions = {}): fc.Arbitrary<unknown> {
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
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => arbitraryOf(spec, alternative, options)));
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
      const item = arbitraryOf(spec, schema.items, options);
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
