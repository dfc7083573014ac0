import { expect, test } from "vitest";
import { keptByText } from "../src/kept-by-text.js";

test("a value is made once per text, anew for another text, and again once its text was dropped as the oldest", () => {
  const made: string[] = [];
  const kept = keptByText<{ text: string }>(2);
  const make = (text: string) => {
    made.push(text);
    return { text };
  };
  const a = kept("a", make);
  expect(kept("a", make)).toBe(a);
  kept("b", make);
  expect(made).toEqual(["a", "b"]);
  kept("c", make); // the third text drops the oldest, "a"
  expect(kept("b", make)).toEqual({ text: "b" });
  expect(made).toEqual(["a", "b", "c"]);
  expect(kept("a", make)).not.toBe(a);
  expect(made).toEqual(["a", "b", "c", "a"]);
});
