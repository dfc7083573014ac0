/**
 * `edis call <operationId>`: any operation by its id, with the flags, validation and
 * confirmation of its namespace command, against the loopback fake of the EDIS hosts.
 */
import { describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import { KVM } from "../../test-support/fake-edis.js";
import { pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const cli = useCliFixture();

describe("edis call", () => {
  it("sends what the namespace command sends, and prints the same result", async () => {
    const viaCall = await runEdisHere(["call", "getPTR", "--ips", '["192.0.2.1","2001:db8::1"]', "--json"], cli.env);
    const viaPtr = await runEdisHere(["ptr", "get", "192.0.2.1", "2001:db8::1", "--json"], cli.env);
    expect(viaCall).toEqual({ code: 0, stderr: "", stdout: viaPtr.stdout });
    const [first, second] = cli.fake.to(pathOf("getPTR"));
    expect(first!.body.replace(/signature=[^&]*/u, "")).toBe(second!.body.replace(/signature=[^&]*/u, ""));
    expect(first!.form.get("ip")).toBe('["192.0.2.1","2001:db8::1"]');
  });

  it("takes the fields as flags, typed by the spec", async () => {
    const result = await runEdisHere(["call", "assignTrafficFromPool", "--traffic", "10", "--yes", "--json"], cli.env);
    expect(result).toEqual({ code: 0, stderr: "", stdout: "10\n" });
    expect(cli.fake.to(pathOf("assignTrafficFromPool"))[0]!.form.get("traffic")).toBe("10");
  });

  it("asks to confirm a destructive operation: without --yes and a terminal, exit 2 and nothing sent", async () => {
    const result = await runEdisHere(["call", "powerOffVPS"], cli.env);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "edis: call powerOffVPS changes the VPS: add --yes to confirm (there is no terminal to ask on)\n" });
    expect(cli.fake.received).toEqual([]);
  });

  it("validates before sending: a bad value is exit 2", async () => {
    const result = await runEdisHere(["call", "mountISO", "--iso", "../etc/passwd", "--yes"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^edis: mountISO: iso is not a bare file name/u);
    expect(cli.fake.received).toEqual([]);
  });

  it("an unknown operationId is a usage error", async () => {
    const result = await runEdisHere(["call", "getPtr"], cli.env);
    expect(result.code).toBe(2);
    expect(result).toEqual({ code: 2, stdout: "", stderr: 'edis: unknown operationId "getPtr" (did you mean getPTR?); edis call --list names them\n' });
    expect(cli.fake.received).toEqual([]);
  });

  it("--list names every operation and its namespace command; without it, the help (exit 2)", async () => {
    const list = await runEdisHere(["call", "--list", "-o", "csv", "--fields", "operationId,command"], cli.env);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe("operationId,command");
    expect(lines.slice(1)).toEqual(
      Object.values(operationTable).map(
        (op) =>
          `${op.operationId},${op
            .clientMethod!.replace(/([a-z0-9])([A-Z])/gu, "$1-$2")
            .toLowerCase()
            .replace(".", " ")}`,
      ),
    );
    const bare = await runEdisHere(["call"], cli.env);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: edis call /u);
    expect(bare.stderr).toContain("  getPTR ");
  });

  it("createAuthSession is the auth command", async () => {
    const result = await runEdisHere(["call", "createAuthSession", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ kvmId: KVM, apiHost: "123456.edisglobal.com", validUntil: cli.fake.session.valid_until }]);
  });
});
