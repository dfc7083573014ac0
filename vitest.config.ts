import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// No test may depend on how fast the machine is: every project has a timeout far above what
// its slowest test takes on an idle machine (CI runners and shared 2-core boxes run several
// suites at once), and the heaviest tests carry their own, larger ones.
/** The reliability files whose clients use the suite's transport (test-support/transport.ts). */
const FETCH_RELIABILITY = ["faults", "retry-policy", "compression-bombs", "redirects", "secrets", "secret-echoes-wire", "secure-hosts"].map(
  (f) => `reliability-tests/${f}.test.ts`,
);

/** Reruns every test of the spec tooling in a copy of the tree: not in the unit project. */
const SPEC_LOOP = "scripts/spec-upstream/newer-revision.test.ts";

/**
 * The package's own entries by name, as a user imports them (tsconfig.json's paths): the
 * sources, not the built dist/ that the package's exports would resolve them to. Each project
 * names it: a project does not inherit the root's resolve options.
 */
const resolve = {
  alias: [
    { find: /^edis-global\/testing$/, replacement: fileURLToPath(new URL("./src/testing/index.ts", import.meta.url)) },
    { find: /^edis-global$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
  ],
};

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: on a 2-core machine one file at a
    // time, with the other core idle while a file waits on a child process or Prism. Two
    // workers took the unit project from 171 s to 127 s on the shared 2-core machine (three
    // were no faster); larger machines keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts", "scripts/**/*.test.ts"],
          // Bundles the CLI once, as npm run build does, for the tests that run it as a process (tests/cli/).
          globalSetup: ["test-support/cli-build.ts"],
          // The reliability suite runs on its own (npm run test:reliability), with its figures;
          // the spec loop's re-run of the tooling's tests is a CI job of its own (below).
          exclude: [...configDefaults.exclude, SPEC_LOOP],
          // The files of a worker share its modules: the spec, its validators and the client are
          // loaded once a worker, not once a file (measured: 240 s of CPU down to 113 s, 130 s of
          // wall down to 62 s, with the files shuffled too). What a file changes it puts back
          // (fake timers, stubbed globals, EDIS_LOG); src/'s module state is caches and a
          // warn-once set no test depends on.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // npm run test:spec-loop (a CI job, not npm test): the tooling's tests, all of them once
        // more, in a copy of the tree with a newer vendored document.
        resolve,
        test: { name: "spec-loop", include: [SPEC_LOOP], testTimeout: 300_000, hookTimeout: 300_000 },
      },
      {
        resolve,
        test: {
          name: "reliability",
          include: ["reliability-tests/**/*.test.ts"],
          // As in unit: the files of a worker share its modules (measured: 42 s of CPU down to
          // 30 s for both reliability projects). The leak guard patches the global timers for
          // one test at a time and puts them back after it; a worker runs one file at a time.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same suite over an injected fetch (test-support/transport.ts): the files whose
        // clients talk to the fault server over the default transport; the others inject their
        // own fetch in either project, so running them twice would test nothing new.
        resolve,
        test: {
          name: "reliability-fetch",
          include: FETCH_RELIABILITY,
          env: { EDIS_TEST_TRANSPORT: "fetch" },
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      ...(["contract", "contract-fetch"] as const).map((name) => ({
        resolve,
        test: {
          name,
          // contract: every file over the client's default transport (node:http on Node).
          // contract-fetch: an injected fetch, one operation per wire shape (test-support/
          // wire-shapes.ts); the other files' clients do not take the suite's transport (they
          // inject a fetch of their own, send raw requests or none), so a second run would repeat
          // the first, and the made-up bodies of dynamic-responses are answer text, which the
          // transport passes on as it is (tests/transport.test.ts).
          include: name === "contract" ? ["contract-tests/**/*.test.ts"] : ["contract-tests/operations.test.ts"],
          env: name === "contract-fetch" ? { EDIS_TEST_TRANSPORT: "fetch" } : {},
          // Starts the suite's Prisms once for both projects (contract-tests/support/prism-setup.ts).
          globalSetup: ["contract-tests/support/prism-setup.ts"],
          // As in unit: the files of a worker share its modules (the spec, its validators, the
          // client); each file starts and stops its own recorders.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
