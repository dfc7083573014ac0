/**
 * `breakingOf`: fast-check arbitraries of values that break one rule of a schema of spec/,
 * each derived from a valid value (schema-arbitrary.ts draws those). Whether a proposal really
 * breaks the spec is decided by the spec's own validator (scripts/lib/spec-validator.ts), not
 * here; a rule of this client beyond the schema (the wrong JavaScript type, a line break, NUL)
 * is marked as a convention.
 */
import fc from "fast-check";
import { type Node, flattenSchema } from "../scripts/lib/spec.js";
import { codePoints, arbitraryOf } from "./schema-arbitrary.js";

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
    if (Array.isArray(schema.enum))
      choices.push(fc.constantFrom(schemaRule(`${valid}x`, "outside the enum"), schemaRule(`${valid.toUpperCase()}X`, "outside the enum")));
    choices.push(
      fc.tuple(fc.nat(), fc.constantFrom(...INTRUDERS)).map(([at, piece]) => schemaRule(insertAt(valid, at, piece), `with ${JSON.stringify(piece)}`)),
    );
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
      const item = arbitraryOf(spec, schema.items);
      const count = (schema.maxItems as number) + 1;
      choices.push(
        (schema.uniqueItems === true
          ? fc.uniqueArray(item, { minLength: count, maxLength: count, selector: (v) => JSON.stringify(v) })
          : fc.array(item, { minLength: count, maxLength: count })
        ).map((items) => schemaRule(items, `more than ${count - 1} items`)),
      );
    }
    if (valid.length > 0) {
      if (schema.uniqueItems === true) choices.push(fc.nat().map((i) => schemaRule([...valid, valid[i % valid.length]], "a repeated item")));
      choices.push(
        fc.nat().chain((i) => {
          const at = i % valid.length;
          return breakingOf(spec, schema.items, valid[at]).map((b) => ({
            ...b,
            value: valid.map((v, j) => (j === at ? b.value : v)),
            rule: `item ${at}: ${b.rule}`,
          }));
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
