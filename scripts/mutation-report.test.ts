/**
 * The check behind npm run test:mutation: scores per file as Stryker computes them, and every
 * survivor either listed in stryker-equivalent.md or reported, in a row ready to be listed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { type MutationReport, equivalentRow, parseEquivalents, scoreFiles, staleEntries } from "./lib/mutation-report.js";

const at = (line: number, column: number, endColumn = column + 5) => ({ start: { line, column }, end: { line, column: endColumn } });

const entry = (file: string, line: number, column: number, endColumn: number, mutator: string, replacement: string) => ({
  file,
  line,
  column,
  endLine: line,
  endColumn,
  mutator,
  replacement,
});

const report: MutationReport = {
  files: {
    "src/b.ts": {
      mutants: [
        { mutatorName: "ConditionalExpression", replacement: "false", status: "Survived", location: at(3, 7) },
        { mutatorName: "ConditionalExpression", replacement: "false", status: "Survived", location: at(3, 7, 30) },
        { mutatorName: "LogicalOperator", replacement: "a && b", status: "Killed", location: at(3, 7) },
        { mutatorName: "StringLiteral", replacement: '""', status: "NoCoverage", location: at(9, 1) },
        { mutatorName: "BlockStatement", replacement: "{}", status: "Timeout", location: at(12, 2) },
        { mutatorName: "BlockStatement", replacement: "{}", status: "CompileError", location: at(14, 2) },
        { mutatorName: "BlockStatement", replacement: "{}", status: "Ignored", location: at(15, 2) },
      ],
    },
    "src/a.ts": {
      mutants: [
        { mutatorName: "LogicalOperator", replacement: "x ||\n    y", status: "Survived", location: at(1, 1) },
        { mutatorName: "EqualityOperator", replacement: "x <= 1", status: "Killed", location: at(2, 1) },
      ],
    },
  },
};

const equivalents = `# Equivalent mutants

| mutant | mutator | replacement | why |
|---|---|---|---|
| \`src/b.ts:3:7-3:12\` | ConditionalExpression | \`false\` | the next check rejects the same inputs |
| \`src/a.ts:1:1-1:6\` | LogicalOperator | \`x \\|\\| y\` | both are true together |
| \`src/c.ts:5:5-5:10\` | BlockStatement | \`{}\` | a file this report does not cover |
| \`src/b.ts:40:1-40:6\` | StringLiteral | \`""\` | fixed since |
`;

describe("parseEquivalents", () => {
  test("reads every row of the table, with | unescaped", () => {
    expect(parseEquivalents(equivalents)).toEqual([
      entry("src/b.ts", 3, 7, 12, "ConditionalExpression", "false"),
      entry("src/a.ts", 1, 1, 6, "LogicalOperator", "x || y"),
      entry("src/c.ts", 5, 5, 10, "BlockStatement", "{}"),
      entry("src/b.ts", 40, 1, 6, "StringLiteral", '""'),
    ]);
  });

  test("reads a replacement that holds a backtick from a double-backtick span", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a mutant, not a template
    const mutant = entry("src/f.ts", 2, 3, 11, "StringLiteral", "`--${b}`");
    const row = equivalentRow(mutant);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row that lists that mutant
    expect(row).toBe("| `src/f.ts:2:3-2:11` | StringLiteral | `` `--${b}` `` | … |");
    expect(parseEquivalents(row)).toEqual([mutant]);
  });

  test("the project's own list parses, one entry per row", () => {
    const text = readFileSync(new URL("../stryker-equivalent.md", import.meta.url), "utf8");
    const rows = text.split("\n").filter((line) => /^\| `src\//u.test(line));
    expect(parseEquivalents(text)).toHaveLength(rows.length);
  });
});

describe("scoreFiles", () => {
  const scores = scoreFiles(report, parseEquivalents(equivalents));

  test("scores each file as Stryker does: killed and timed out over all but compile errors and ignored", () => {
    expect(scores.map((s) => [s.file, s.detected, s.undetected, s.score])).toEqual([
      ["src/a.ts", 1, 1, 50],
      ["src/b.ts", 2, 3, 40],
    ]);
  });

  test("counts listed survivors as equivalent, whatever their line breaks, and reports the rest, two of one place apart", () => {
    expect(scores.map((s) => [s.file, s.equivalent, s.unexplained])).toEqual([
      ["src/a.ts", 1, []],
      ["src/b.ts", 1, [entry("src/b.ts", 3, 7, 30, "ConditionalExpression", "false"), entry("src/b.ts", 9, 1, 6, "StringLiteral", '""')]],
    ]);
    expect(equivalentRow(scores[1]!.unexplained[1]!)).toBe('| `src/b.ts:9:1-9:6` | StringLiteral | `""` | … |');
  });

  test("a listed mutant that no longer survives is stale; one of a file not in the report is not", () => {
    expect(staleEntries(report, parseEquivalents(equivalents))).toEqual([entry("src/b.ts", 40, 1, 6, "StringLiteral", '""')]);
  });

  test("a file without mutants scores 100", () => {
    expect(scoreFiles({ files: { "src/x.ts": { mutants: [] } } }, [])).toEqual([
      { file: "src/x.ts", detected: 0, undetected: 0, score: 100, equivalent: 0, unexplained: [] },
    ]);
  });
});
