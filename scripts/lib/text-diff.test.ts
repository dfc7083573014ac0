/** The short diff generate:check and api:check print: where two texts differ, with context. */
import { expect, test } from "vitest";
import { firstDifferences } from "./text-diff.js";

test("one changed line shows with a line of context each side and its line number", () => {
  const before = ["a", "b", "c", "d", "e"].join("\n");
  const after = ["a", "b", "C", "d", "e"].join("\n");
  expect(firstDifferences(before, after, "committed", "produced")).toEqual(["--- committed", "+++ produced", "@@ line 3 @@", " b", "-c", "+C", " d"]);
});

test("an added and a removed line, far apart, are two hunks", () => {
  const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`);
  const after = [...lines.slice(0, 3), "new", ...lines.slice(3, 15), ...lines.slice(16)];
  expect(firstDifferences(lines.join("\n"), after.join("\n"), "a", "b")).toEqual([
    "--- a",
    "+++ b",
    "@@ line 4 @@",
    " line 2",
    "+new",
    " line 3",
    "@@ line 17 @@",
    " line 14",
    "-line 15",
    " line 16",
  ]);
});

test("after the first hunks it says there is more", () => {
  const before = Array.from({ length: 30 }, (_, i) => `l${i}`);
  const after = before.map((l, i) => (i % 3 === 0 ? `${l}!` : l));
  const out = firstDifferences(before.join("\n"), after.join("\n"), "a", "b", 2);
  expect(out.filter((l) => l.startsWith("@@"))).toHaveLength(2);
  expect(out.at(-1)).toBe("… more differences from line 7");
});
