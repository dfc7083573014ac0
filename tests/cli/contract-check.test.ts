/**
 * `edis contract check`, in-process against a loopback fake of every EDIS host that answers each
 * operation with the spec's own example, or with a body that breaks the spec where a test says so
 * (test-support/cli-contract-check.ts): the report as text, --json and --junit, and a failing auth
 * call. The fake counts requests by operation: only the read-only ones may arrive, each as often as
 * the check's plan says. Its usage is in contract-check-usage.test.ts, hostile answers in contract-check-hostile.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import { useContractCheckFixture } from "../../test-support/cli-contract-check.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { json } from "../../test-support/fake-edis.js";
import { readOnlyOperations } from "../../src/contract/read-only.js";

const t = useContractCheckFixture();
const { cli, opAt, expectReadsOnly, expectNoSecrets } = t;

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
    t.overrides = { getPowerState: { status: "success", data: 42, traffic_suspended: false }, getLocations: { status: "success" } };
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
    t.overrides = { getVncStatus: { status: "success", data: { vnc_status: 1 } } };
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
    t.overrides = { getLocations: { status: "success", locations: { 'KVM <Vienna> & "Graz"': { id: 192 } } } };
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

  it("the auth call failing: the check stops, says why, exit 1, and sends nothing after it", async () => {
    cli.fake.authReply = json(200, { status: "error", message: "Invalid login" });
    const result = await runEdisHere(["contract", "check"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^The check could not complete: listing the account's VPSs failed: /mu);
    expect(cli.fake.received.map((r) => opAt.get(r.path)?.operationId)).toEqual(["createAuthSession"]);
  });
});
