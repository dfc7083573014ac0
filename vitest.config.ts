import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
          // Bundles the CLI once, as npm run build does, for the tests that run it as a process (src/cli/*.test.ts).
          globalSetup: ["src/test-support/cli-build.ts"],
          // The reliability suite runs on its own (npm run test:reliability), with its figures.
          exclude: [...configDefaults.exclude, "src/reliability/**"],
        },
      },
      {
        test: {
          name: "reliability",
          include: ["src/reliability/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "contract",
          include: ["contract-tests/**/*.test.ts"],
          globalSetup: ["contract-tests/support/prism-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
