/**
 * One request field's schema → its validation rule: the keywords the runtime validator
 * implements (RULE_KEYWORDS of src/operation-spec.ts), renamed to FieldRule's keys. A keyword
 * the validator does not implement is an error, so that no rule of the spec is silently dropped.
 */
import { type FieldRule, RULE_KEYWORDS } from "../../src/operation-spec.js";
import { type Node, flattenSchema } from "../lib/spec.js";
import { fail } from "./fail.js";

/** Spec keyword → FieldRule key. */
const RULE_KEY = new Map<string, keyof FieldRule>(Object.entries(RULE_KEYWORDS).map(([key, keyword]) => [keyword, key as keyof FieldRule]));

/** Keywords that document or steer generation and carry no rule for a value. */
const DOC_KEYWORDS = new Set([
  "description",
  "example",
  "examples",
  "title",
  "default",
  "x-edis-correction",
  "x-edis-note",
  "x-edis-from-prose",
  "x-edis-from",
  "x-edis-param",
  "x-edis-secret",
  "x-edis-filename",
]);

/** The validation rule of one schema, restricted to what the runtime validator implements. */
export function readRule(spec: Node, raw: unknown, where: string): FieldRule {
  const schema = flattenSchema(spec, raw);
  const rule: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (DOC_KEYWORDS.has(keyword)) continue;
    const key = RULE_KEY.get(keyword);
    if (key === undefined) fail(where, `schema keyword "${keyword}" is not supported by the runtime validator`);
    switch (key) {
      case "items":
        rule.items = readRule(spec, value, `${where}[]`);
        break;
      case "properties":
        rule.properties = Object.fromEntries(Object.entries(value as Node).map(([name, sub]) => [name, readRule(spec, sub, `${where}.${name}`)]));
        break;
      case "additionalProperties":
        rule.additionalProperties = value === false || value === true ? value : readRule(spec, value, `${where}{}`);
        break;
      default:
        rule[key] = value;
    }
  }
  if (typeof rule.type !== "string") fail(where, "every request field needs a type");
  // A broken pattern is reported in words (src/request/validate.ts), so every pattern needs its words.
  if (rule.pattern !== undefined && (typeof rule.patternName !== "string" || rule.patternName === "")) {
    fail(where, "a pattern needs x-edis-pattern-name: what a matching value is, in words");
  }
  if (rule.patternName !== undefined && rule.pattern === undefined) fail(where, "x-edis-pattern-name without a pattern");
  return rule as unknown as FieldRule;
}
