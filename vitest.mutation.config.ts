// The tests Stryker runs against each mutant (npm run test:mutation): the in-process unit and
// reliability tests of the client. The CLI's process tests, the load test, the script and
// contract tests reach the same modules only through many seconds of child processes and
// Prism, which 2 cores cannot afford per mutant; they still run in npm test.
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/*.test.ts", "reliability-tests/*.test.ts"],
    exclude: [...configDefaults.exclude, "tests/load.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
