// The tests Stryker runs against each mutant (npm run test:mutation): the in-process unit and
// reliability tests of the client. The CLI's process tests, the load test, the script and
// contract tests reach the same modules only through many seconds of child processes and
// Prism, which 2 cores cannot afford per mutant; they still run in npm test.
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  // The package's own entries by name, as in vitest.config.ts: the (mutated) sources, not dist/.
  resolve: {
    alias: [
      { find: /^edis-global\/testing$/, replacement: fileURLToPath(new URL("./src/testing/index.ts", import.meta.url)) },
      { find: /^edis-global$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    // EDIS_MUTATION_TESTS (comma-separated globs) narrows the run to a module's own test files:
    // minutes instead of an hour, a lower bound on the score of the whole run.
    include: process.env.EDIS_MUTATION_TESTS?.split(",") ?? ["tests/*.test.ts", "reliability-tests/*.test.ts"],
    exclude: [...configDefaults.exclude, "tests/load.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
