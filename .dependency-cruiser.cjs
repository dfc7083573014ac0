/**
 * The direction of imports (npm run lint:deps, part of npm test). Layers, lowest first:
 *   src/ and generated/  what ships; inside src/: safety/ (the rules) below request/ (the call)
 *                        below helpers/ (built on calls), the library below cli/ and testing/;
 *   scripts/lib/         tools over the shipped code (spec reading, Prism, bundling, checks);
 *   test-support/        fakes, fixtures and audits the suites share;
 *   suites and scripts   tests/, reliability-tests/, contract-tests/, and scripts/ outside lib/.
 * A layer imports only from the layers below it, and no suite imports another.
 */
const SUITES = "^(tests|reliability-tests|contract-tests)/";
const SCRIPTS = "^scripts/(?!lib/)";

module.exports = {
  forbidden: [
    {
      name: "shipped-code-stays-shipped",
      comment: "src/ and generated/ are what the package ships: they import nothing of the tools, the test support or the suites.",
      severity: "error",
      from: { path: "^(src|generated)/" },
      to: { path: "^(scripts|test-support|tests|reliability-tests|contract-tests)/" },
    },
    {
      name: "tools-below-tests",
      comment: "scripts/lib/ serves the scripts and the suites; it imports only the shipped code.",
      severity: "error",
      from: { path: "^scripts/lib/" },
      to: { path: `^(test-support/|tests/|reliability-tests/|contract-tests/|scripts/(?!lib/))` },
    },
    {
      name: "test-support-below-suites",
      comment: "test-support/ is shared by the suites and scripts; it imports the shipped code and scripts/lib/ only.",
      severity: "error",
      from: { path: "^test-support/" },
      to: { path: `${SUITES}|${SCRIPTS}` },
    },
    {
      name: "suites-apart",
      comment: "A suite imports no other suite; what two suites share belongs in test-support/.",
      severity: "error",
      from: { path: "^(tests|reliability-tests|contract-tests)/([^/]+)" },
      to: { path: SUITES, pathNot: "^$1/" },
    },
    {
      name: "scripts-import-no-suite",
      comment: "A script imports the shipped code, scripts/lib/ and test-support/, never a suite.",
      severity: "error",
      from: { path: SCRIPTS },
      to: { path: SUITES },
    },
    {
      name: "library-below-cli",
      comment: "The library (src/ outside cli/) never imports the edis command: the CLI is built on the library, not the other way.",
      severity: "error",
      from: { path: "^src/(?!cli/)" },
      to: { path: "^src/cli/" },
    },
    {
      name: "request-path-below-helpers",
      comment:
        "src/request/ (the call) and src/safety/ (redaction, hosts, addresses, what may reach a terminal) import nothing built on calls: src/helpers/ (waits, PTR sync, webhooks, fleets), the simulator, the contract checks.",
      severity: "error",
      from: { path: "^src/(request|safety)/" },
      to: { path: "^src/(helpers|testing|contract)/" },
    },
    {
      name: "safety-below-request",
      comment:
        "The safety rules are the request path's leaves. One exception: the scrubber searches for a secret as the form encoding would write it, so it asks src/request/form-encoding.ts.",
      severity: "error",
      from: { path: "^src/safety/" },
      to: { path: "^src/request/", pathNot: "^src/request/form-encoding\\.ts$" },
    },
    {
      name: "library-below-simulator",
      comment: "The client never imports the simulator (edis-global/testing), which is kept out of the main bundle.",
      severity: "error",
      from: { path: "^src/(?!testing/|cli/)" },
      to: { path: "^src/testing/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|docs|reports)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mts", ".mjs"] },
  },
};
