/**
 * `edis contract check`, in-process against a loopback fake of every EDIS host (the host
 * override variables point the CLI at it) that answers each operation with the spec's own
 * example, or with a body that breaks the spec where a test says so. The fake counts requests
 * by operation: only the read-only ones may arrive, each as often as the check's plan says.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeEach, describe, expect, it } from "vitest";
import { type OperationSpec, operationTable } from "../../generated/operations.js";
import { createSpecValidator } from "../../scripts/lib/spec-validator.js";
import { ACCOUNT_PASSWORD, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { json } from "../../test-support/fake-edis.js";
import { readOnlyOperations } from "../../src/contract/read-only.js";

const cli = useCliFixture();
const validator = createSpecValidator();
const ops: OperationSpec[] = Object.values(operationTable);
const opAt = new Map(ops.map((op) => [op.path, op]));
const authExample = validator.example("createAuthSession", 200) as { data: Record<string, { signature: string }> };
const SIGNATURES = Object.values(authExample.data).map((s) => s.signature);

/** Bodies that replace the documented example of an operation, by operationId. */
let overrides: Record<string, unknown> = {};

beforeEach(() => {
  overrides = {};
  const answer = (operationId: string) => (operationId in overrides ? overrides[operationId] : validator.example(operationId, 200));
  cli.fake.authReply = (req, res) => json(200, answer("createAuthSession"))(req, res);
  cli.fake.replies = [(req, res) => json(200, answer(opAt.get(req.path)?.operationId ?? "none"))(req, res)];
});

/** Requests that reached the fake, by operationId. */
function countByOperation(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of cli.fake.received) {
    const id = opAt.get(r.path)?.operationId ?? r.path;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Only reads arrived: the top-up log once per scope, every other read once (the auth call too:
 * the listing's sessions serve the VPS's calls), so one request more than there are read-only operations.
 */
function expectReadsOnly(): void {
  const counts = countByOperation();
  for (const op of ops.filter((o) => o.destructive || !o.retrySafe)) expect(counts.get(op.operationId) ?? 0, op.operationId).toBe(0);
  for (const op of readOnlyOperations) expect(counts.get(op.operationId), op.operationId).toBe(op.operationId === "getHydrationLog" ? 2 : 1);
  expect(cli.fake.received).toHaveLength(readOnlyOperations.length + 1);
}

function expectNoSecrets(...texts: string[]): void {
  for (const text of texts) for (const secret of [ACCOUNT_PASSWORD, ...SIGNATURES]) expect(text).not.toContain(secret);
}

describe("edis contract check", () => {
  it("a conforming API: every read-only operation listed as ok, exit 0, and nothing but reads sent", async () => {
    const result = await runEdisHere(["contract", "check"], cli.env);
    expect(result.stderr).toBe("");
    expect(result.code, result.stdout).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("edis contract check (kvm_123456_789012)");
    for (const op of readOnlyOperations)
      expect(
        lines.some((l) => new RegExp(`^ok {4}${op.operationId} +200`, "u").test(l)),
        op.operationId,
      ).toBe(true);
    expect(lines.filter((l) => /^(FAIL|ERR|skip) /u.test(l))).toEqual([]);
    expect(result.stdout).toContain(`${readOnlyOperations.length} operations: ${readOnlyOperations.length} passed, 0 with violations`);
    expectReadsOnly();
    // The params the plan took from earlier reads: the VPS's addresses, the service id, the first location.
    const form = (id: keyof typeof operationTable) => cli.fake.to(operationTable[id].path)[0]!.form;
    expect(form("getPTR").get("ip")).toBe('["192.168.0.101","192.168.0.102"]');
    expect(form("getKvmId").get("serviceid")).toBe("987654");
    expect(form("getProducts").get("location_id")).toBe("192");
    expect(cli.fake.to(operationTable.getHydrationLog.path).map((r) => r.form.get("query"))).toEqual(["client", "kvm"]);
    expectNoSecrets(result.stdout);
  });

  it("an answer of the wrong shape: exit 1, the operation, the place in the answer and the rule named", async () => {
    overrides = { getPowerState: { status: "success", data: 42, traffic_suspended: false }, getLocations: { status: "success" } };
    const result = await runEdisHere(["contract", "check"], cli.env);
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}getPowerState +200\n {6}200 \/data: must be string \[type at #\/\S+\/type\]$/mu);
    expect(result.stdout).toMatch(/^FAIL {2}getLocations +200\n {6}200 \(body\): must have required property 'locations' \[required at #\/\S+\]$/mu);
    // getProducts takes its location from getLocations, whose answer the client refused: skipped, with why.
    expect(result.stdout).toMatch(/^skip {2}getProducts +no location: getLocations did not succeed$/mu);
    expect(result.stdout).toContain("2 with violations (2 violations)");
    expectNoSecrets(result.stdout, result.stderr);
  });

  it("--json: the report as data (result, summary, one entry per operation with its violations)", async () => {
    overrides = { getVncStatus: { status: "success", data: { vnc_status: 1 } } };
    const result = await runEdisHere(["contract", "check", "--json"], cli.env);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      result: string;
      kvmId: string;
      summary: Record<string, number>;
      operations: {
        operationId: string;
        api: string;
        outcome: string;
        statuses: number[];
        violations: { status: number; path: string; rule: string; message: string }[];
      }[];
    };
    expect(report.result).toBe("violations");
    expect(report.kvmId).toBe("kvm_123456_789012");
    expect(report.operations.map((o) => o.operationId)).toEqual(readOnlyOperations.map((op) => op.operationId));
    expect(report.summary).toEqual({
      operations: readOnlyOperations.length,
      passed: readOnlyOperations.length - 1,
      failed: 1,
      errors: 0,
      skipped: 0,
      requests: readOnlyOperations.length + 1,
      violations: report.operations.find((o) => o.operationId === "getVncStatus")!.violations.length,
    });
    const vnc = report.operations.find((o) => o.operationId === "getVncStatus")!;
    expect(vnc).toMatchObject({ api: "management", outcome: "failed", statuses: [200] });
    expect(vnc.violations.length).toBeGreaterThan(0);
    for (const v of vnc.violations) expect(Object.keys(v).sort()).toEqual(["message", "path", "rule", "schemaPath", "status"]);
    expect(report.operations.find((o) => o.operationId === "createAuthSession")).toMatchObject({ outcome: "passed", statuses: [200] });
    expect(report.operations.find((o) => o.operationId === "getAccountBalance")).toMatchObject({ api: "order", outcome: "passed" });
    expectNoSecrets(result.stdout);
  });

  it("--junit FILE: valid JUnit XML, one testcase per operation, a failure with the violations, escaped", async () => {
    // A key with XML's special characters: the violation's path names it, the XML must escape it.
    overrides = { getLocations: { status: "success", locations: { 'KVM <Vienna> & "Graz"': { id: 192 } } } };
    const file = join(cli.temp.dir, "report.xml");
    const result = await runEdisHere(["contract", "check", "--junit", file], cli.env);
    expect(result.code).toBe(1);
    const xml = readFileSync(file, "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml) as {
      testsuites: {
        testsuite: {
          tests: string;
          failures: string;
          errors: string;
          testcase: { name: string; classname: string; failure?: { "#text": string; message: string } }[];
        };
      };
    };
    const suite = parsed.testsuites.testsuite;
    expect(suite.testcase.map((c) => c.name)).toEqual(readOnlyOperations.map((op) => op.operationId));
    expect([suite.tests, suite.failures, suite.errors]).toEqual([String(readOnlyOperations.length), "1", "0"]);
    const failed = suite.testcase.filter((c) => c.failure !== undefined);
    expect(failed.map((c) => [c.name, c.classname])).toEqual([["getLocations", "edis.contract.order"]]);
    expect(failed[0]!.failure!["#text"]).toContain(
      `200 /locations/KVM <Vienna> & "Graz": must have required property 'name' [required at #/components/schemas/`,
    );
    expect(xml).toContain("/locations/KVM &lt;Vienna&gt; &amp; &quot;Graz&quot;: must have required property &apos;name&apos;");
    expect(failed[0]!.failure!.message).toMatch(/^\d+ violations? of the spec$/u);
    expectNoSecrets(xml, result.stdout);
  });

  it("without credentials: exit 2, one line, nothing sent", async () => {
    for (const unset of ["EDIS_EMAIL", "EDIS_PASSWORD"]) {
      const { [unset]: _gone, ...env } = cli.env;
      const result = await runEdisHere(["contract", "check", "--junit", join(cli.temp.dir, "none.xml")], env);
      expect(result).toEqual({
        code: 2,
        stdout: "",
        stderr: `edis: contract check needs ${unset} (in CI: from the repository's secrets); nothing was sent\n`,
      });
    }
    expect(cli.fake.received).toEqual([]);
  });

  it("--ip: getPTR asks for those addresses; a bad one, or -o csv, is refused (exit 2) before anything is sent", async () => {
    const bad = await runEdisHere(["contract", "check", "--ip", "192.0.2.1,nope"], cli.env);
    expect(bad).toEqual({ code: 2, stdout: "", stderr: "edis: --ip takes IP addresses, comma-separated: nope is not one\n" });
    const csv = await runEdisHere(["contract", "check", "-o", "csv"], cli.env);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toMatch(/^edis: contract check prints text, JSON or YAML/u);
    expect(cli.fake.received).toEqual([]);

    const named = await runEdisHere(["contract", "check", "--ip", "192.0.2.7, 2001:db8::7"], cli.env);
    expect(named.code, named.stdout).toBe(0);
    expect(cli.fake.to(operationTable.getPTR.path).map((r) => r.form.get("ip"))).toEqual(['["192.0.2.7","2001:db8::7"]']);
  });

  it("takes the account of a named context, as other commands do", async () => {
    const { EDIS_EMAIL: _unset, ...env } = cli.env;
    expect((await runEdisHere(["context", "create", "work", "--email", "ops@example.com"], env)).code).toBe(0);
    const result = await runEdisHere(["--context", "work", "contract", "check"], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(cli.fake.to(operationTable.createAuthSession.path).map((r) => r.form.get("email"))).toEqual(["ops@example.com"]);
    expect(cli.fake.to(operationTable.getAccountBalance.path).map((r) => r.form.get("email"))).toEqual(["ops@example.com"]);
  });

  it("the auth call failing: the check stops, says why, exit 1, and sends nothing after it", async () => {
    cli.fake.authReply = json(200, { status: "error", message: "Invalid login" });
    const result = await runEdisHere(["contract", "check"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^The check could not complete: listing the account's VPSs failed: /mu);
    expect(cli.fake.received.map((r) => opAt.get(r.path)?.operationId)).toEqual(["createAuthSession"]);
  });

  it("an answer's keys and words cannot drive the terminal or forge report lines: control characters escaped, the JUnit XML still valid", async () => {
    const key = "Vienna\u001b[2J\r\nok  forged\u009b31m";
    overrides = { getLocations: { status: "success", locations: { [key]: { id: 192 } } } };
    const file = join(cli.temp.dir, "report.xml");
    const result = await runEdisHere(["contract", "check", "--junit", file], cli.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("200 /locations/Vienna\\u001b[2J\\r\\nok  forged\\u009b31m: must have required property 'name'");
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
    expect(XMLValidator.validate(readFileSync(file, "utf8"))).toBe(true);

    cli.fake.authReply = json(401, { status: "error", message: "Invalid login\u001b]0;owned\u0007\nok  getPowerState" });
    const failed = await runEdisHere(["contract", "check"], cli.env);
    expect(failed.stdout).toContain("createAuthSession failed: 401 Invalid login\\u001b]0;owned\\u0007\\nok  getPowerState");
    expect(failed.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
  });

  it("a secret an answer echoes as a key is redacted from the place of a violation, though a JSON pointer writes / and ~ as ~1 and ~0", async () => {
    const password = "Tok/en~Secret-4711";
    overrides = { getLocations: { status: "success", locations: { [password]: { id: 192 } } } };
    const file = join(cli.temp.dir, "report.xml");
    const env = { ...cli.env, EDIS_PASSWORD: password };
    const text = await runEdisHere(["contract", "check", "--junit", file], env);
    const data = await runEdisHere(["contract", "check", "--json"], env);
    expect(text.stdout).toContain("200 /locations/[REDACTED]: must have required property 'name'");
    for (const output of [text.stdout, data.stdout, readFileSync(file, "utf8")]) {
      expect(output).not.toContain("Secret-4711");
      expect(output).not.toContain("Tok~1en");
    }
  });

  it("a hostile answer cannot make the check's judgement or report huge: at most 100 violations an answer, none judged past 200000 values", async () => {
    type Entry = { operationId: string; violations: { path: string; rule: string; message: string }[] };
    const isoViolations = async (data: unknown[]) => {
      overrides = { getISOList: { status: "success", data } };
      const result = await runEdisHere(["contract", "check", "--json"], cli.env);
      expect(result.code).toBe(1);
      return (JSON.parse(result.stdout) as { operations: Entry[] }).operations.find((o) => o.operationId === "getISOList")!.violations;
    };
    const many = await isoViolations(Array(150).fill(1));
    expect(many).toHaveLength(101);
    expect(many.slice(0, 100).every((v) => v.rule === "type")).toBe(true);
    expect(many[100]).toEqual({ status: 200, path: "", rule: "limit", message: "and 50 more violations of this answer, not listed" });
    // Each value of this answer would be a violation of its own (about a gigabyte of them per 6 MB of answer).
    expect(await isoViolations(Array(300_000).fill(1))).toEqual([
      { status: 200, path: "", rule: "size", message: "the answer holds more than 200000 values, more than a check judges" },
    ]);
  }, 60_000);

  it("is in the help and in the shell completion", async () => {
    const root = await runEdisHere(["--help"], cli.env);
    expect(root.stdout).toMatch(/^ {2}contract +Check the live EDIS API against the spec/mu);
    expect(root.stdout).toContain("$ edis contract check --junit report.xml");
    const help = await runEdisHere(["contract", "check", "--help"], cli.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: edis contract check \[options\]/u);
    expect(help.stdout).toMatch(/^ {2}--junit <file> +also write the report as JUnit XML/mu);
    for (const shell of ["bash", "zsh", "fish"]) {
      const script = (await runEdisHere(["completion", shell], cli.env)).stdout;
      expect(script, shell).toMatch(/contract\b/u);
      expect(script, shell).toContain("--junit");
    }
    expect(cli.fake.received).toEqual([]);
  });
});
