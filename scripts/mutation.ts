/**
 * npm run test:mutation: runs Stryker (stryker.config.mjs; extra arguments go to it, such as
 * `--mutate src/safety/ip.ts`), then prints the score of each mutated file and fails when a file
 * scores below 90 % or a surviving mutant is neither killed nor listed in
 * stryker-equivalent.md. `--check-only` checks the last report without running Stryker.
 * EDIS_MUTATION_TESTS (comma-separated globs, read by vitest.mutation.config.ts) runs only those
 * test files against each mutant: a module's own tests, for a lower bound in minutes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type MutationReport, equivalentRow, parseEquivalents, scoreFiles, staleEntries } from "./lib/mutation-report.js";

const TARGET = 90;
const root = fileURLToPath(new URL("..", import.meta.url));
const reportFile = `${root}reports/mutation/mutation.json`;
const equivalentsFile = `${root}stryker-equivalent.md`;

const args = process.argv.slice(2);
const checkOnly = args.includes("--check-only");
if (!checkOnly) {
  const stryker = fileURLToPath(new URL("../node_modules/@stryker-mutator/core/bin/stryker.js", import.meta.url));
  const run = spawnSync(process.execPath, [stryker, "run", ...args], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) {
    console.error(`mutation: Stryker failed (exit ${run.status ?? run.signal})`);
    process.exit(1);
  }
}
if (!existsSync(reportFile)) {
  console.error("mutation: no report at reports/mutation/mutation.json; run npm run test:mutation first");
  process.exit(1);
}

const report = JSON.parse(readFileSync(reportFile, "utf8")) as MutationReport;
const listed = parseEquivalents(readFileSync(equivalentsFile, "utf8"));
const scores = scoreFiles(report, listed);

const width = Math.max(...scores.map((s) => s.file.length), 4);
console.log(`\n${"file".padEnd(width)}  score  killed  survived  equivalent  unexplained`);
for (const s of scores) {
  console.log(
    `${s.file.padEnd(width)}  ${s.score.toFixed(2).padStart(5)}  ${String(s.detected).padStart(6)}  ${String(s.undetected).padStart(8)}  ${String(s.equivalent).padStart(10)}  ${String(s.unexplained.length).padStart(11)}`,
  );
}

let failed = false;
const unexplained = scores.flatMap((s) => s.unexplained);
if (unexplained.length > 0) {
  failed = true;
  console.error(`\nmutation: ${unexplained.length} surviving mutant(s) neither killed by a test nor listed in stryker-equivalent.md:`);
  for (const m of unexplained) console.error(equivalentRow(m));
}
const low = scores.filter((s) => s.score < TARGET);
if (low.length > 0) {
  failed = true;
  console.error(`\nmutation: below ${TARGET} %: ${low.map((s) => `${s.file} (${s.score.toFixed(2)} %)`).join(", ")}`);
}
const stale = staleEntries(report, listed);
if (stale.length > 0) {
  console.warn(`\nmutation: ${stale.length} listed mutant(s) no longer survive or have moved; update stryker-equivalent.md:`);
  for (const m of stale) console.warn(equivalentRow(m));
}
process.exit(failed ? 1 : 0);
