/** The table's serializer: readable TypeScript that evaluates to the same value. */
import { expect, test } from "vitest";
import { tsLiteral } from "./ts-literal.js";

test("keys are unquoted where they are identifiers, quoted where not", () => {
  expect(tsLiteral({ kvm_id: 1, "192.0.2.1": "a", "x-y": true, $ok: null })).toBe('{ kvm_id: 1, "192.0.2.1": "a", "x-y": true, $ok: null }');
});

test("the outer levels break one entry per line, inner values stay on one line when they fit", () => {
  const text = tsLiteral({ op: { fields: [{ wire: "a" }], bulk: { field: "a", max: 100 } } }, { breakDepth: 2, breakKeys: new Set(["fields"]) });
  expect(text).toBe(["{", "  op: {", "    fields: [", '      { wire: "a" },', "    ],", '    bulk: { field: "a", max: 100 },', "  },", "}"].join("\n"));
});

test("a value too long for one line breaks, and the text evaluates to the same value", () => {
  const value = { rule: { pattern: "^[^\\x00-\\x1F]*$", enum: Array.from({ length: 60 }, (_, i) => `value-${i}`) }, empty: {}, list: [] };
  const text = tsLiteral(value);
  expect(text.split("\n").length).toBeGreaterThan(3);
  expect(new Function(`return (${text});`)()).toEqual(value);
});

test("ref writes a name instead of the value, below the top level", () => {
  const shared = { wire: "kvm_id" };
  expect(tsLiteral({ fields: [shared, { wire: "ip" }] }, { ref: (v) => (v === shared ? "kvmIdField" : undefined) })).toBe(
    '{ fields: [kvmIdField, { wire: "ip" }] }',
  );
});
