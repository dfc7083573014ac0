/**
 * `edis contract check` against hostile answers: control characters cannot drive the terminal or
 * forge report lines, a secret echoed as a key is redacted, and the judgement and report stay small.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { useContractCheckFixture } from "../../test-support/cli-contract-check.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { json } from "../../test-support/fake-edis.js";

const t = useContractCheckFixture();
const { cli } = t;

describe("edis contract check", () => {
  it("an answer's keys and words cannot drive the terminal or forge report lines: control characters escaped, the JUnit XML still valid", async () => {
    const key = "Vienna\u001b[2J\r\nok  forged\u009b31m";
    t.overrides = { getLocations: { status: "success", locations: { [key]: { id: 192 } } } };
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
    t.overrides = { getLocations: { status: "success", locations: { [password]: { id: 192 } } } };
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
      t.overrides = { getISOList: { status: "success", data } };
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
});
