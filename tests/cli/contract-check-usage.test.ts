/**
 * How `edis contract check` is invoked: refused without credentials, --ip and its refusals, the
 * account of a named context, and its place in the help and the shell completion.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import { useContractCheckFixture } from "../../test-support/cli-contract-check.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const { cli } = useContractCheckFixture();

describe("edis contract check", () => {
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
