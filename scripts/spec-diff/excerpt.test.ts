/**
 * A docs change in spec:diff's human report shows the old and new text, shortened to where
 * they differ: here the auto-hydration values of setKvmConfiguration's config, as the vendor
 * changed them (dd9ebea → 8da9913 in the Management document).
 */
import { expect, test } from "vitest";
import { excerptPair } from "./excerpt.js";
import { renderHuman } from "./render.js";

const OLD =
  "- `assigned_vlan`: VLAN ID if VLAN service is enabled\n- `auto_hydration`: `off` or percentage value depending on configuration\n\nExample Configuration:";
const NEW =
  "- `assigned_vlan`: VLAN ID if VLAN service is enabled\n- `auto_hydration`: `off`, `100`, `500`, or `1000` depending on available hydration packages\n\nExample Configuration:";

test("old and new text around the difference, with … where text was left out", () => {
  expect(excerptPair(OLD, NEW)).toEqual([
    "… `auto_hydration`: `off` or percentage value depending on configuration⏎⏎Example Configuration:",
    "… `auto_hydration`: `off`, `100`, `500`, or `1000` depending on available hydration packages⏎⏎Example…",
  ]);
});

test("a long difference is cut at the width; text added or removed shows one side", () => {
  const [a, b] = excerptPair("x".repeat(50), "y".repeat(500), 40);
  expect([a, b]).toEqual([`${"x".repeat(40)}…`, `${"y".repeat(40)}…`]);
  const report = renderHuman(
    {
      changes: [
        {
          severity: "docs",
          kind: "description-changed",
          operation: "POST /a",
          operationId: null,
          path: "",
          from: null,
          to: "Now documented.",
          message: "description of the operation added",
        },
        {
          severity: "docs",
          kind: "note-changed",
          operation: "POST /a",
          operationId: null,
          path: "",
          from: "Old \u001b[31mnote",
          to: null,
          message: "note of the operation removed",
        },
      ],
      summary: { breaking: 0, "non-breaking": 0, docs: 2 },
    },
    "t",
  );
  expect(
    report
      .split("\n")
      .filter((l) => /^ +[-+] /.test(l))
      .map((l) => l.trim()),
  ).toEqual(["+ Now documented.", "- Old \\u001b[31mnote"]);
});
