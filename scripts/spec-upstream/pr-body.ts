/**
 * The body of the pull request that the scheduled vendor workflow opens (pull-request.ts
 * gathers what it says): per API, the revisions taken in and what upstream changed, by
 * operation with breaking changes first; the drift lines; what changed in generated/ and in
 * the API report; the version step CONTRIBUTING's "Versions" asks for; a draft CHANGELOG entry; and
 * how npm test went. The vendor's words only ever appear inside fenced blocks, so nothing in
 * them (a mention, an image, HTML) acts in the pull request.
 */
import type { DiffReport } from "../spec-diff/render.js";
import { summaryLine } from "../spec-diff/render.js";
import type { DriftResult } from "../spec-drift/drift.js";
import { renderDrift } from "../spec-drift/drift.js";
import type { Api } from "./manifest.js";

export interface ApiUpdate {
  api: Api;
  from: { revision: string; date: string };
  to: { revision: string; date: string; source: string };
  /** Every revision taken in on the way, oldest first (`to` is the last). */
  revisions: { revision: string; date: string }[];
  /** What changed from `from` to `to`. */
  report: DiffReport;
  /** spec/ against `to`. */
  drift: DriftResult;
}

export interface BodyInput {
  updates: ApiUpdate[];
  /** Revisions passed over, with why (not valid as published). */
  skipped: { name: string; message: string }[];
  /** `git diff --stat` of generated/ after regenerating (empty: no change). */
  generated: string[];
  /** Lines of etc/edis-global.api.md gone and new after api:update. */
  apiReport: { removed: string[]; added: string[] };
  /** package.json's version. */
  version: string;
  tests: { passed: boolean; tail: string[] };
}

const NAMES: Record<Api, string> = { management: "Management API", order: "ORDER API" };

/** A fenced block that no line of `lines` can close. */
function fence(lines: string[]): string[] {
  let marker = "~~~~";
  while (lines.some((l) => l.includes(marker))) marker += "~";
  return [`${marker}text`, ...lines, marker];
}

/** The changes of one report by operation, breaking first (the report's order), one line each. */
function changeLines(report: DiffReport): string[] {
  const out: string[] = [];
  let current: string | undefined;
  for (const c of report.changes) {
    if (c.operation !== current) {
      current = c.operation;
      if (out.length > 0) out.push("");
      out.push(`${c.operation}${c.operationId ? ` (${c.operationId})` : ""}`);
    }
    const message = c.message.length > 160 ? `${c.message.slice(0, 160)}…` : c.message;
    out.push(`  ${c.severity.padEnd(12)} ${c.kind.padEnd(30)} ${message}`);
  }
  return out;
}

export type Step = "major" | "minor" | "patch" | "none";

/** The step the policy asks for: breaking → minor in 0.x (major from 1.0), anything else the client sees → patch. */
export function versionStep(input: Pick<BodyInput, "updates" | "generated" | "apiReport" | "version">): { step: Step; next: string; why: string } {
  const [major, minor, patch] = input.version.split(".").map((n) => Number.parseInt(n, 10)) as [number, number, number];
  const breaking = input.updates.reduce((n, u) => n + u.report.summary.breaking, 0);
  const nonBreaking = input.updates.reduce((n, u) => n + u.report.summary["non-breaking"], 0);
  const why: string[] = [];
  if (breaking > 0) why.push(`${breaking} breaking change(s) upstream, which the client takes once spec/ follows them`);
  if (input.apiReport.removed.length > 0) why.push(`${input.apiReport.removed.length} line(s) of the API report removed or changed`);
  if (why.length > 0) {
    return major >= 1 ? { step: "major", next: `${major + 1}.0.0`, why: why.join("; ") } : { step: "minor", next: `0.${minor + 1}.0`, why: why.join("; ") };
  }
  if (nonBreaking > 0) why.push(`${nonBreaking} non-breaking change(s) upstream`);
  if (input.apiReport.added.length > 0) why.push(`${input.apiReport.added.length} line(s) added to the API report`);
  if (input.generated.length > 0) why.push("generated/ changed");
  if (why.length > 0) return { step: "patch", next: `${major}.${minor}.${patch + 1}`, why: why.join("; ") };
  return { step: "none", next: input.version, why: "nothing the client can see changed (docs only)" };
}

/** Bullets for CHANGELOG.md's "Unreleased" section, one per API, for the maintainer to finish. */
function changelogDraft(input: BodyInput): string[] {
  const lines: string[] = [];
  for (const u of input.updates) {
    const breaking = u.report.changes.filter((c) => c.severity === "breaking");
    const ops = [...new Set(breaking.map((c) => c.operationId ?? c.operation))];
    lines.push(
      `- The ${NAMES[u.api]} document of ${u.to.date} (${u.to.revision}) taken in (was ${u.from.revision}, ${u.from.date}): ` +
        `${summaryLine(u.report.summary)}${ops.length > 0 ? `; breaking upstream in ${ops.join(", ")}` : ""}. ` +
        "TODO: what spec/ and the client now do about it.",
    );
  }
  return lines;
}

export function prBody(input: BodyInput): string {
  const out: string[] = [];
  const step = versionStep(input);
  out.push("Taken in by `npm run spec:upstream -- --from-git` (the scheduled vendor workflow).", "");
  out.push("| API | was | now | revisions taken in |", "|---|---|---|---|");
  for (const u of input.updates) {
    out.push(
      `| ${NAMES[u.api]} | ${u.from.revision} (${u.from.date}) | [${u.to.revision}](${u.to.source}) (${u.to.date}) | ${u.revisions.map((r) => r.revision).join(", ")} |`,
    );
  }
  if (input.skipped.length > 0) {
    out.push("", "Passed over (not readable as published; a later revision supersedes them):", "", ...fence(input.skipped.map((s) => s.message)));
  }
  out.push("", "## What upstream changed");
  for (const u of input.updates) {
    out.push("", `### ${NAMES[u.api]}: ${u.from.revision} → ${u.to.revision} (${summaryLine(u.report.summary)})`, "");
    out.push(...(u.report.changes.length > 0 ? fence(changeLines(u.report)) : ["No change the client can see."]));
  }
  out.push("", "## Drift: what spec/ does not account for yet", "");
  for (const u of input.updates) {
    const lines = renderDrift(u.drift, `spec:drift (${u.api})`);
    out.push(...fence(lines));
  }
  out.push("", "## generated/ and the API report", "");
  out.push(input.generated.length > 0 ? "`generated/`:" : "`generated/`: no change.");
  if (input.generated.length > 0) out.push("", ...fence(input.generated), "");
  const { removed, added } = input.apiReport;
  if (removed.length + added.length === 0) out.push("`etc/edis-global.api.md`: no change.");
  else
    out.push(
      `\`etc/edis-global.api.md\`: ${removed.length} line(s) removed or changed, ${added.length} added:`,
      "",
      ...fence([...removed.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`)]),
    );
  out.push("", "## Version", "");
  out.push(
    step.step === "none"
      ? `No release step: ${step.why}.`
      : `CONTRIBUTING "Versions" asks for a ${step.step} step: ${input.version} → ${step.next} (${step.why}).`,
  );
  out.push("", 'Draft CHANGELOG entry (under "Unreleased"):', "", ...fence(changelogDraft(input)));
  out.push("", "## npm test", "");
  out.push(input.tests.passed ? "Passed." : "Failed: spec/ needs updating before this can merge (the drift above says where). Last lines:");
  if (!input.tests.passed && input.tests.tail.length > 0) out.push("", ...fence(input.tests.tail));
  return `${out.join("\n")}\n`;
}
