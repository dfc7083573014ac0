/**
 * The vendor workflow's pull-request body, on real revision pairs, with the expected text
 * written from reading the documents (spec/upstream's README says what changed between them):
 * ORDER f25db83 → 2b17a0f (services[].billingcycle removed, services[].price and
 * products{}.description from string to object, addons{}{}.price added) and Management
 * 08afe81 → 2db7fe1 (reinstall's pubkey and postscript removed). Then the whole command,
 * against a vendor repository the test builds, with the project's own steps stood in for.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { captureIo } from "../lib/cli-io.js";
import { diffDocuments } from "../spec-diff/diff.js";
import { loadDocument } from "../spec-diff/load.js";
import { computeDrift } from "../spec-drift/drift.js";
import { ledgerFor, readLedger } from "../spec-drift/ledger.js";
import { upstreamFixture } from "./fixture.js";
import { type Api, UPSTREAM_FILE, revisionPath } from "./manifest.js";
import { type ApiUpdate, type BodyInput, prBody, versionStep } from "./pr-body.js";
import { type Runner, runPullRequest } from "./pull-request.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const base = mkdtempSync(join(tmpdir(), "edis-pr-body-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function update(api: Api, from: string, to: string): ApiUpdate {
  const [a, b] = [loadDocument(revisionPath(api, from)), loadDocument(revisionPath(api, to))];
  const spec = loadDocument(`${ROOT}spec/edis-${api}-api.yaml`);
  const [fromDate, fromRev] = [from.slice(0, 10), from.slice(11)];
  const [toDate, toRev] = [to.slice(0, 10), to.slice(11)];
  return {
    api,
    from: { revision: fromRev, date: fromDate },
    to: { revision: toRev, date: toDate, source: `https://github.com/gExPl0ReR/docs/blob/${toRev}/${UPSTREAM_FILE[api]}` },
    revisions: [{ revision: toRev, date: toDate }],
    report: diffDocuments(a, b),
    drift: computeDrift(b, spec, ledgerFor(readLedger(), api)),
  };
}

const quiet: Omit<BodyInput, "updates"> = {
  skipped: [],
  generated: [],
  apiReport: { removed: [], added: [] },
  version: "0.1.0",
  tests: { passed: true, tail: [] },
};
const section = (body: string, heading: string) => body.slice(body.indexOf(heading), body.indexOf("\n## ", body.indexOf(heading) + 1));

describe("the body, on real revision pairs", () => {
  const order = update("order", "2026-03-16-f25db83", "2026-03-30-2b17a0f");
  const management = update("management", "2026-05-06-08afe81", "2026-05-06-2db7fe1");
  const body = prBody({ ...quiet, updates: [management, order] });

  test("one row per API: the revision it was, the one it is now (linked), the ones taken in", () => {
    expect(body).toContain(
      [
        "| API | was | now | revisions taken in |",
        "|---|---|---|---|",
        "| Management API | 08afe81 (2026-05-06) | [2db7fe1](https://github.com/gExPl0ReR/docs/blob/2db7fe1/management-openapi.json) (2026-05-06) | 2db7fe1 |",
        "| ORDER API | f25db83 (2026-03-16) | [2b17a0f](https://github.com/gExPl0ReR/docs/blob/2b17a0f/order-api.json) (2026-03-30) | 2b17a0f |",
      ].join("\n"),
    );
  });

  test("the classified changes by operation, breaking first, in a block the vendor's words cannot leave", () => {
    const changed = section(body, "## What upstream changed");
    expect(changed).toContain(
      [
        "### Management API: 08afe81 → 2db7fe1 (2 breaking, 0 non-breaking, 2 docs)",
        "",
        "~~~~text",
        "POST /kvm/v2/set/reinstall (reinstallVPS)",
        "  breaking     request-field-removed          request field pubkey removed",
        "  breaking     request-field-removed          request field postscript removed",
      ].join("\n"),
    );
    const orderLines = changed.slice(changed.indexOf("### ORDER API")).split("\n");
    expect(orderLines[0]).toBe("### ORDER API: f25db83 → 2b17a0f (3 breaking, 1 non-breaking, 8 docs)");
    expect(orderLines.filter((l) => /^ {2}(breaking|non-breaking) /.test(l)).map((l) => l.trim().replace(/ +/g, " "))).toEqual([
      "breaking response-field-removed response field services[].billingcycle removed",
      "breaking response-field-type-changed response field services[].price type changed from string to object",
      "breaking response-field-type-changed response field products{}.description type changed from string to object",
      "non-breaking response-field-added response field products{}.addons{}{}.price added",
    ]);
    expect(orderLines.filter((l) => l.startsWith("POST "))).toEqual(["POST /kvm/v2/get/services (getUserServices)", "POST /kvm/v2/get/products"]);
  });

  test("the drift lines of each API: spec/ is written for later Management revisions, and for this ORDER one", () => {
    const drift = section(body, "## Drift");
    expect(drift).toContain(
      "stale correction: x-edis-correction at /components/schemas/SetConfigRequest/properties/config overrides request-default-changed, which matches no difference from upstream",
    );
    expect(drift).toMatch(
      /spec:drift \(order\)\n\d+ differences from upstream \(docs and x-edis-\* left out\): \d+ by corrections, \d+ by the ledger, 0 unaccounted; 0 stale\n/,
    );
  });

  test("the version step and a CHANGELOG draft naming the breaking operations", () => {
    expect(body).toContain(
      'CONTRIBUTING "Versions" asks for a minor step: 0.1.0 → 0.2.0 (5 breaking change(s) upstream, which the client takes once spec/ follows them).',
    );
    expect(body).toContain(
      "- The Management API document of 2026-05-06 (2db7fe1) taken in (was 08afe81, 2026-05-06): 2 breaking, 0 non-breaking, 2 docs; breaking upstream in reinstallVPS. TODO: what spec/ and the client now do about it.\n" +
        "- The ORDER API document of 2026-03-30 (2b17a0f) taken in (was f25db83, 2026-03-16): 3 breaking, 1 non-breaking, 8 docs; breaking upstream in getUserServices, POST /kvm/v2/get/products. TODO: what spec/ and the client now do about it.",
    );
    expect(section(body, "## generated/")).toBe("## generated/ and the API report\n\n`generated/`: no change.\n`etc/edis-global.api.md`: no change.\n");
  });
});

test("the version step follows CONTRIBUTING's policy: breaking → minor in 0.x, major from 1.0; else patch; docs alone, none", () => {
  const docsOnly = update("management", "2026-05-06-2db7fe1", "2026-05-06-2db7fe1");
  const withReport = (removed: string[], added: string[], version = "0.1.0") =>
    versionStep({ updates: [docsOnly], generated: [], apiReport: { removed, added }, version });
  expect(withReport([], []).step).toBe("none");
  expect(withReport([], ["export type X = string;"])).toMatchObject({ step: "patch", next: "0.1.1" });
  expect(withReport(["export type X = string;"], [])).toMatchObject({ step: "minor", next: "0.2.0" });
  expect(withReport(["export type X = string;"], [], "1.4.2")).toMatchObject({ step: "major", next: "2.0.0" });
});

test("the vendor's words cannot close the block they are in", () => {
  const u = update("order", "2026-03-16-f25db83", "2026-03-30-2b17a0f");
  u.report.changes[0]!.message = "~~~~\n@everyone ![x](https://example.com/x.png)";
  const body = prBody({ ...quiet, updates: [u] });
  expect(body).toContain("~~~~~text\n");
  expect(body.split("\n").filter((l) => l === "~~~~~")).toHaveLength(1);
});

test("npm run spec:pull-request: takes in the new revisions, runs the project's steps and writes the body", () => {
  const repo = join(base, "docs");
  mkdirSync(repo);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Vendor", "-c", "user.email=docs@example.com", "-c", "commit.gpgsign=false", ...args], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when },
    });
  let when = "";
  const commit = (at: string, docs: Partial<Record<Api, string>>) => {
    when = at;
    for (const [api, name] of Object.entries(docs) as [Api, string][]) copyFileSync(revisionPath(api, name), join(repo, UPSTREAM_FILE[api]));
    git("add", "-A");
    git("commit", "-q", "-m", at);
    return git("rev-parse", "--short=7", "HEAD").trim();
  };
  git("init", "-q", "-b", "main");
  commit("2026-03-16T10:00:00Z", { management: "2026-05-06-08afe81", order: "2026-03-16-f25db83" });
  const orderRev = commit("2026-03-30T10:00:00Z", { order: "2026-03-30-2b17a0f" });
  const managementRev = commit("2026-05-06T10:00:00Z", { management: "2026-05-06-2db7fe1" });
  const dir = join(base, "upstream");
  mkdirSync(dir);
  upstreamFixture(dir, { management: "2026-05-06-08afe81", order: "2026-03-16-f25db83" });

  const ran: string[] = [];
  const runner: Runner = {
    npm: (args) => {
      ran.push(`npm ${args.join(" ")}`);
      return args[0] === "test" ? { ok: false, output: "…\nstale correction: x-edis-correction at …\nnpm test failed" } : { ok: true, output: "" };
    },
    git: (args) => {
      ran.push(`git ${args.join(" ")}`);
      return args[0] === "show" ? readFileSync(`${ROOT}etc/edis-global.api.md`, "utf8") : "";
    },
  };
  const bodyFile = join(base, "body.md");
  const io = captureIo();
  expect(runPullRequest(["--from-git", repo, "--body", bodyFile, "--dir", dir], io, runner)).toBe(0);
  expect(ran).toEqual(["git show HEAD:etc/edis-global.api.md", "npm run generate", "npm run api:update", "npm test", "git diff --stat -- generated/"]);
  const body = readFileSync(bodyFile, "utf8");
  expect(body).toContain(
    `| ORDER API | f25db83 (2026-03-16) | [${orderRev}](https://github.com/gExPl0ReR/docs/blob/${orderRev}/order-api.json) (2026-03-30) | ${orderRev} |`,
  );
  expect(body).toContain(`### Management API: 08afe81 → ${managementRev} (2 breaking, 0 non-breaking, 2 docs)`);
  expect(body).toContain(
    "## npm test\n\nFailed: spec/ needs updating before this can merge (the drift above says where). Last lines:\n\n~~~~text\n…\nstale correction: x-edis-correction at …\nnpm test failed\n~~~~\n",
  );

  // Run again: nothing newer, no body, none of the project's steps.
  ran.length = 0;
  const again = captureIo();
  expect(runPullRequest(["--from-git", repo, "--body", join(base, "none.md"), "--dir", dir], again, runner)).toBe(0);
  expect(again.stdout.at(-1)).toBe("spec:pull-request: nothing new upstream; no pull request.");
  expect(ran).toEqual([]);
});
