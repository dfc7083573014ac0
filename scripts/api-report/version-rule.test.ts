/**
 * The rule between the API report, the version and the changelog: a report that loses or
 * changes a line since the version last changed needs a breaking version step and its entry.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { gatherVersionInput } from "./version-check.js";
import { checkVersionRule, hasChangelogEntry, isBreakingBump, removedLines } from "./version-rule.js";

const REPORT = "```ts\n// @public\nexport interface A {\n    x: string;\n}\n\n// @public\nexport function f(a: string): number;\n```\n";
const CHANGELOG = "# Changelog\n\n## 0.2.0\n\n- f is gone.\n\n## 0.1.0\n\nFirst.\n";
const input = (version: string, report: string, changelog = CHANGELOG) => ({
  baseline: { commit: "abcdef1234567890", version: "0.1.0", report: REPORT },
  version,
  report,
  changelog,
});

describe("removedLines", () => {
  test("an added export removes nothing; a removed or narrowed one shows its lines", () => {
    expect(removedLines(REPORT, REPORT.replace("```\n", "// @public\nexport const g: number;\n```\n"))).toEqual([]);
    expect(removedLines(REPORT, REPORT.replace("// @public\nexport function f(a: string): number;\n", ""))).toEqual(["export function f(a: string): number;"]);
    expect(removedLines(REPORT, REPORT.replace("x: string;", 'x: "a" | "b";'))).toEqual(["    x: string;"]);
  });

  test("comment lines of the report do not count", () => {
    expect(removedLines(REPORT, REPORT.replaceAll("// @public\n", ""))).toEqual([]);
  });
});

describe("isBreakingBump", () => {
  test.each([
    ["0.1.0", "0.2.0", true],
    ["0.1.3", "0.1.4", false],
    ["0.9.0", "1.0.0", true],
    ["1.2.3", "1.3.0", false],
    ["1.2.3", "2.0.0", true],
    ["0.2.0", "0.1.9", false],
  ])("%s → %s: %s", (from, to, expected) => {
    expect(isBreakingBump(from, to)).toBe(expected);
  });
});

describe("checkVersionRule", () => {
  const narrowed = REPORT.replace("x: string;", 'x: "a";');

  test("a narrowed type without a version step fails, naming the line", () => {
    const problems = checkVersionRule(input("0.1.0", narrowed));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      "the API report removes or changes 1 line(s) of 0.1.0 (commit abcdef1), so the version must take a breaking step (the minor, in 0.x)",
    );
    expect(problems[0]).toContain("- x: string;");
  });

  test("a patch step is not enough in 0.x", () => {
    expect(checkVersionRule(input("0.1.1", narrowed, `${CHANGELOG}\n## 0.1.1\n`))).toHaveLength(1);
  });

  test("the minor step with its changelog entry passes", () => {
    expect(checkVersionRule(input("0.2.0", narrowed))).toEqual([]);
  });

  test("the step without a changelog entry fails", () => {
    expect(checkVersionRule(input("0.3.0", narrowed))).toEqual(['CHANGELOG.md has no entry for 0.3.0 (package.json\'s version): add a "## 0.3.0" section']);
  });

  test("additions need no step", () => {
    expect(checkVersionRule(input("0.1.0", REPORT.replace("```\n", "// @public\nexport const g: number;\n```\n")))).toEqual([]);
  });

  test("headings the changelog may use", () => {
    expect(hasChangelogEntry("## [0.2.0] - 2026-12-01", "0.2.0")).toBe(true);
    expect(hasChangelogEntry("## 0.2.0", "0.2.0")).toBe(true);
    expect(hasChangelogEntry("## 0.2.01", "0.2.0")).toBe(false);
  });
});

test("the repository holds the rule: its history, report, version and CHANGELOG.md agree", () => {
  const real = gatherVersionInput(fileURLToPath(new URL("../..", import.meta.url)));
  expect(real.version).toBe(real.baseline.version);
  expect(checkVersionRule(real)).toEqual([]);
});
