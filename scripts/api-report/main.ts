/**
 * `npm run api:check` and `npm run api:update`: the package's public TypeScript API (the
 * exports of src/index.ts, generated types included) against the reviewed report in
 * etc/edis-global.api.md, and the simulator's (src/testing/index.ts, `edis-global/testing`)
 * against etc/edis-global-testing.api.md, made by API Extractor from the built declarations.
 *
 * - check: fails when the exports differ from the report (showing the differing lines), then
 *   holds the report, package.json's version and CHANGELOG.md together (version-rule.ts).
 * - update: rewrites the report; review the diff and commit it.
 *
 * Both build the declarations first (tsc -p tsconfig.build.json) unless `--no-build` says
 * that dist/ was just built (npm test runs it after `npm run size`, which builds).
 */
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { firstDifferences } from "../lib/text-diff.js";
import { REPORT_FILE, versionProblems } from "./version-check.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const mode = process.argv[2];
if (mode !== "check" && mode !== "update") {
  console.error("usage: tsx scripts/api-report/main.ts check|update [--no-build]");
  process.exit(2);
}

if (!process.argv.includes("--no-build")) {
  try {
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
  } catch {
    console.error(`api:${mode}: the declarations do not build (tsc's errors above)`);
    process.exit(1);
  }
} else if (!existsSync(join(ROOT, "dist/src/index.d.ts")) || !existsSync(join(ROOT, "dist/src/testing/index.d.ts"))) {
  console.error("api:check: the declarations in dist/src/ are missing; run npm run build first, or leave out --no-build");
  process.exit(1);
}

/** The reports: the library's (the versioning rule holds it), and the simulator's, `edis-global/testing`. */
const REPORTS = [
  { entry: "dist/src/index.d.ts", name: "edis-global", file: REPORT_FILE },
  { entry: "dist/src/testing/index.d.ts", name: "edis-global-testing", file: "etc/edis-global-testing.api.md" },
] as const;

let failed = false;
for (const report of REPORTS) {
  const configObject = ExtractorConfig.loadFile(join(ROOT, "api-extractor.json"));
  configObject.mainEntryPointFilePath = `<projectFolder>/${report.entry}`;
  configObject.apiReport = { ...configObject.apiReport!, enabled: true, reportFileName: report.name };
  const config = ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: join(ROOT, "api-extractor.json"),
    packageJsonFullPath: join(ROOT, "package.json"),
  });
  const result = Extractor.invoke(config, {
    localBuild: mode === "update",
    messageCallback: (message) => {
      // The report's own "changed" message is replaced by the diff below.
      if (String(message.messageId).startsWith("console-api-report")) message.handled = true;
    },
  });
  if (mode === "update") {
    console.log(
      result.succeeded ? `api:update: ${report.file} is up to date with the exports; review its diff and commit it` : "api:update: API Extractor failed",
    );
    failed ||= !result.succeeded;
  } else if (result.apiReportChanged) {
    const expected = existsSync(join(ROOT, report.file)) ? readFileSync(join(ROOT, report.file), "utf8") : "";
    const actual = readFileSync(config.reportTempFilePath, "utf8");
    console.error(`api:check: the package's exports differ from ${report.file}:`);
    console.error(firstDifferences(expected, actual, report.file, "the exports now").join("\n"));
    console.error("If the change is meant: npm run api:update, review the report, and follow the versioning rule (CONTRIBUTING.md, Versions).");
    failed = true;
  } else if (!result.succeeded) {
    console.error(`api:check: API Extractor reported ${result.errorCount} error(s) for ${report.file}`);
    failed = true;
  }
}
if (mode === "update" || failed) process.exit(failed ? 1 : 0);

const problems = versionProblems(ROOT);
for (const p of problems) console.error(`api:check: ${p}`);
if (problems.length > 0) process.exit(1);
console.log(`api:check: the exports match ${REPORTS.map((r) => r.file).join(" and ")}; version and CHANGELOG agree with ${REPORT_FILE}`);
