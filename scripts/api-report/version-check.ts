/**
 * Gathers what version-rule.ts judges from git and the working tree: the commit that last
 * changed package.json's version, the version and the API report there, and the current ones.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type VersionCheckInput, checkVersionRule } from "./version-rule.js";

export const REPORT_FILE = "etc/edis-global.api.md";

function git(root: string, args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export function gatherVersionInput(root: string): VersionCheckInput {
  const commit = git(root, ["log", "-1", "--format=%H", "-G", '"version":', "--", "package.json"]).trim();
  if (commit === "") {
    throw new Error(
      "no commit changes package.json's version: is this a shallow clone? The check needs the history (git fetch --unshallow, or fetch-depth: 0)",
    );
  }
  const version = (JSON.parse(git(root, ["show", `${commit}:package.json`])) as { version: string }).version;
  let report: string | undefined;
  try {
    report = git(root, ["show", `${commit}:${REPORT_FILE}`]);
  } catch {
    report = undefined;
  }
  const read = (file: string) => readFileSync(join(root, file), "utf8");
  let changelog = "";
  try {
    changelog = read("CHANGELOG.md");
  } catch {
    changelog = "";
  }
  return {
    baseline: { commit, version, report },
    version: (JSON.parse(read("package.json")) as { version: string }).version,
    report: read(REPORT_FILE),
    changelog,
  };
}

export function versionProblems(root: string): string[] {
  return checkVersionRule(gatherVersionInput(root));
}
