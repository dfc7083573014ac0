// Mutation testing (npm run test:mutation) of the modules that guard users: host and host-name
// checks, redaction and the decoded views it searches, IP syntax, form encoding, the session
// store, retry, answer reading and the size cap. Every mutant that survives is either killed
// by a test or listed, with the reason no test can kill it, in stryker-equivalent.md;
// scripts/mutation.ts checks both.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  // In-process tests only: see vitest.mutation.config.ts.
  vitest: { configFile: "vitest.mutation.config.ts" },
  mutate: [
    "src/safety/hosts.ts",
    "src/safety/redact.ts",
    "src/safety/echo-views.ts",
    "src/safety/ip.ts",
    "src/request/form-encoding.ts",
    "src/request/session-store.ts",
    "src/request/retry.ts",
    "src/request/responses.ts",
    "src/request/transport.ts",
    "src/request/node-transport.ts",
    // What may reach a terminal, and the one listener per shared signal (issue 24).
    "src/safety/printable.ts",
    "src/request/abort-listeners.ts",
  ],
  // Each mutant runs only the tests that reached its code in the first, unmutated run.
  coverageAnalysis: "perTest",
  concurrency: 2,
  // A mutant counts as timed out (an infinite loop) only well beyond the unmutated run's time:
  // the machine is shared, and a slow test is not a loop.
  timeoutMS: 20_000,
  timeoutFactor: 2,
  // Not incremental: a result is reused only when the mutated file and its tests are unchanged,
  // but a change in the code around them (call.ts, say) can turn a killed mutant into a survivor.
  incremental: false,
  reporters: ["clear-text", "progress", "json"],
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportMutants: true, reportScoreTable: true },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ["dist", "docs", "coverage", "reports", "*.tgz", "contract-live-report.json", "BENCHMARKS.md"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
