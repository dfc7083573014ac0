/**
 * Reading Stryker's JSON report against stryker-equivalent.md: the score of each mutated file,
 * and every surviving mutant that is neither killed by a test nor listed there as equivalent.
 */

/** The part of a mutation-testing-report-schema mutant that the check reads. */
export interface ReportMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: {
    readonly start: { readonly line: number; readonly column: number };
    readonly end: { readonly line: number; readonly column: number };
  };
}

export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly ReportMutant[] }>>;
}

/**
 * One mutant of stryker-equivalent.md: where the code it replaces starts and ends (two mutants
 * of one mutator may start at the same place, `a` of `a || b` and the whole of it), which
 * mutator, and what it replaces the code with.
 */
export interface ListedMutant {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly mutator: string;
  readonly replacement: string;
}

export interface FileScore {
  readonly file: string;
  /** Killed or timed out (Stryker counts a timeout as detected). */
  readonly detected: number;
  /** Survived or not covered by any test. */
  readonly undetected: number;
  /** Stryker's mutation score: detected / (detected + undetected), in percent. */
  readonly score: number;
  /** Undetected mutants listed as equivalent. */
  readonly equivalent: number;
  /** Undetected mutants that are not listed: each needs a test or an entry. */
  readonly unexplained: readonly ListedMutant[];
}

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

/** `a \| b` in a table cell is `a | b`. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/gu, "")
    .split(/(?<!\\)\|/u)
    .map((cell) => cell.trim().replace(/\\\|/gu, "|"));
}

/** The text of a code span: `x`, or ``x`` with a space inside when x holds a backtick. */
function codeSpan(cell: string): string {
  const span = /^(`+) ?(.*?) ?\1$/u.exec(cell);
  return span ? span[2]! : cell;
}

/**
 * The mutants listed in the equivalents file: every table row whose first cell is a code span
 * `file:line:column-line:column`, followed by the mutator and the replacement (a code span).
 */
export function parseEquivalents(markdown: string): ListedMutant[] {
  const out: ListedMutant[] = [];
  for (const row of markdown.split("\n")) {
    if (!row.trim().startsWith("|")) continue;
    const [place, mutator, replacement] = cells(row);
    const at = /^`([^`]+):(\d+):(\d+)-(\d+):(\d+)`$/u.exec(place ?? "");
    if (!at || mutator === undefined || replacement === undefined) continue;
    const [line, column, endLine, endColumn] = at.slice(2).map(Number) as [number, number, number, number];
    out.push({ file: at[1]!, line, column, endLine, endColumn, mutator, replacement: codeSpan(replacement) });
  }
  return out;
}

/** Replacements span lines at times; a table row holds one, so whitespace runs count as one space. */
const key = (m: ListedMutant): string => `${where(m)} ${m.mutator} ${m.replacement.replace(/\s+/gu, " ").trim()}`;

const where = (m: ListedMutant): string => `${m.file}:${m.line}:${m.column}-${m.endLine}:${m.endColumn}`;

/** A mutant of the report as the equivalents file names it. */
function asListed(file: string, m: ReportMutant): ListedMutant {
  const { start, end } = m.location;
  return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, mutator: m.mutatorName, replacement: m.replacement ?? "" };
}

/** The score of every file of `report`, and its undetected mutants that `equivalents` does not explain. */
export function scoreFiles(report: MutationReport, equivalents: readonly ListedMutant[]): FileScore[] {
  const known = new Set(equivalents.map(key));
  return Object.entries(report.files)
    .map(([file, { mutants }]) => {
      let detected = 0;
      let equivalent = 0;
      const unexplained: ListedMutant[] = [];
      for (const m of mutants) {
        if (DETECTED.has(m.status)) detected++;
        if (!UNDETECTED.has(m.status)) continue;
        const entry = asListed(file, m);
        if (known.has(key(entry))) equivalent++;
        else unexplained.push(entry);
      }
      const undetected = equivalent + unexplained.length;
      const valid = detected + undetected;
      return { file, detected, undetected, score: valid === 0 ? 100 : (100 * detected) / valid, equivalent, unexplained };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Listed mutants that the report does not show as undetected (fixed code, or a moved line). */
export function staleEntries(report: MutationReport, equivalents: readonly ListedMutant[]): ListedMutant[] {
  const undetected = new Set<string>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (UNDETECTED.has(m.status)) undetected.add(key(asListed(file, m)));
    }
  }
  return equivalents.filter((m) => Object.hasOwn(report.files, m.file) && !undetected.has(key(m)));
}

/** A table row for stryker-equivalent.md, with `|` escaped, ready to be given its reason. */
export function equivalentRow(m: ListedMutant): string {
  const text = m.replacement.replace(/\s+/gu, " ").trim().replace(/\|/gu, "\\|");
  const code = text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
  return `| \`${where(m)}\` | ${m.mutator} | ${code} | … |`;
}
