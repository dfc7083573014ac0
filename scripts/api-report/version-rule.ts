/**
 * The rule that holds the API report, the version and the changelog together.
 *
 * Since the commit that last changed package.json's version, the API report may only grow.
 * When a line of the report at that commit is gone (a removal, or a change, which is how a
 * narrowed type shows), the version must move past it by a breaking step: the minor in 0.x
 * (0.1.3 → 0.2.0), the major from 1.0 on. CHANGELOG.md must always have an entry (a `## X.Y.Z`
 * heading) for the version in package.json. Comment lines of the report (`// Warning: …`,
 * `// (undocumented)`) do not count.
 */

/** Lines of `before` that `after` no longer has (each line counted as often as it occurs). */
export function removedLines(before: string, after: string): string[] {
  const left = new Map<string, number>();
  const meaningful = (text: string) =>
    text
      .split("\n")
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== "" && !l.trim().startsWith("//"));
  for (const line of meaningful(after)) left.set(line, (left.get(line) ?? 0) + 1);
  const removed: string[] = [];
  for (const line of meaningful(before)) {
    const n = left.get(line) ?? 0;
    if (n > 0) left.set(line, n - 1);
    else removed.push(line);
  }
  return removed;
}

function parseVersion(version: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version);
  if (!m) throw new Error(`package.json version ${version} is not X.Y.Z`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** True when `to` is a breaking step past `from`: a higher major, or in 0.x a higher minor. */
export function isBreakingBump(from: string, to: string): boolean {
  const [a, b] = [parseVersion(from), parseVersion(to)];
  if (b[0] !== a[0]) return b[0] > a[0];
  return a[0] === 0 && b[1] > a[1];
}

export function hasChangelogEntry(changelog: string, version: string): boolean {
  const escaped = version.replace(/[.+]/g, "\\$&");
  return new RegExp(`^##\\s+\\[?v?${escaped}\\]?(\\s|$)`, "m").test(changelog);
}

export interface VersionCheckInput {
  /** The version at the commit that last changed it, and the report there (undefined: none yet). */
  baseline: { commit: string; version: string; report: string | undefined };
  version: string;
  report: string;
  changelog: string;
}

/** The problems, one line each (none: the rule holds). */
export function checkVersionRule(input: VersionCheckInput): string[] {
  const problems: string[] = [];
  if (!hasChangelogEntry(input.changelog, input.version)) {
    problems.push(`CHANGELOG.md has no entry for ${input.version} (package.json's version): add a "## ${input.version}" section`);
  }
  if (input.baseline.report === undefined) return problems;
  const removed = removedLines(input.baseline.report, input.report);
  if (removed.length > 0 && !isBreakingBump(input.baseline.version, input.version)) {
    const shown = removed.slice(0, 5).map((l) => `    - ${l.trim()}`);
    problems.push(
      `the API report removes or changes ${removed.length} line(s) of ${input.baseline.version} (commit ${input.baseline.commit.slice(0, 7)}), ` +
        `so the version must take a breaking step (${input.baseline.version.startsWith("0.") ? "the minor, in 0.x" : "the major"}) with a CHANGELOG entry:\n${shown.join("\n")}` +
        (removed.length > 5 ? `\n    … and ${removed.length - 5} more` : ""),
    );
  }
  return problems;
}
