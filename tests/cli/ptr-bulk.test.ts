/**
 * PTR commands with many addresses: input from files, lists longer than one request split by
 * the client, and a summary of what succeeded and what failed when some requests fail.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import { KVM } from "../../test-support/fake-edis.js";
import { edisRoutes, hostFor, ipsOf, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const cli = useCliFixture();

const MAX = operationTable.getPTR.bulk.max;
/** `n` distinct documentation addresses. */
const addresses = (n: number): string[] => Array.from({ length: n }, (_, i) => `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`);

function file(name: string, text: string): string {
  const path = join(cli.temp.dir, name);
  writeFileSync(path, text);
  return path;
}

describe("ptr set", () => {
  it("takes <ip>=<hostname> arguments as one JSON records field", async () => {
    const result = await runEdisHere(["ptr", "set", "192.0.2.1=mail.example.com", "2001:db8::1=v6.example.com", "--yes"], cli.env);
    expect(result).toEqual({ code: 0, stdout: `Set 2 PTR records of ${KVM}.\n`, stderr: "" });
    expect(cli.fake.to(pathOf("setPTR"))[0]!.form.getAll(operationTable.setPTR.bulk.field)).toEqual([
      '{"192.0.2.1":"mail.example.com","2001:db8::1":"v6.example.com"}',
    ]);
  });

  it("--file records.csv: every record sent, in requests of at most maxItems", async () => {
    const ips = addresses(2 * MAX + 50);
    const csv = ["ip,hostname", "# generated", "", ...ips.map((ip) => `${ip},${hostFor(ip)}`)].join("\n");
    const result = await runEdisHere(["ptr", "set", "--file", file("records.csv", csv), "--yes", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ status: "success", message: "PTR records set successfully." });
    const sent = cli.fake.to(pathOf("setPTR")).map((r) => JSON.parse(r.form.get(operationTable.setPTR.bulk.field)!) as Record<string, string>);
    expect(sent.map((records) => Object.keys(records).length)).toEqual([MAX, MAX, 50]);
    expect(Object.assign({}, ...sent)).toEqual(Object.fromEntries(ips.map((ip) => [ip, hostFor(ip)])));
    expect(cli.fake.to(pathOf("createAuthSession"))).toHaveLength(1);
  });

  it("a malformed line is a usage error naming the file and line, and nothing is sent", async () => {
    const path = file("records.csv", "192.0.2.1,a.example.com\n\n192.0.2.2 b.example.com\n");
    const result = await runEdisHere(["ptr", "set", "--file", path, "--yes"], cli.env);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `edis: ${path}:3: expected ip,hostname\n` });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("--file with bad lines among good ones: every bad line reported at once as file:line: why, and nothing is sent", async () => {
    const csv = [
      "ip,hostname",
      "192.0.2.1,a.example.com",
      "192.0.2.300,b.example.com",
      "192.0.2.3,c.example.com",
      "192.0.2.4",
      "192.0.2.5,mail_server.example.com",
      "192.0.2.6,f.example.com",
    ].join("\n");
    const path = file("records.csv", csv);
    const result = await runEdisHere(["ptr", "set", "--file", path, "--yes"], cli.env);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: [
        `edis: ${path}:3: ip must be an IPv4 or IPv6 address: "192.0.2.300"`,
        `edis: ${path}:5: expected ip,hostname`,
        `edis: ${path}:6: hostname is not a valid host name: "mail_server.example.com"`,
        "",
      ].join("\n"),
    });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("an address given two hostnames is a usage error", async () => {
    const result = await runEdisHere(["ptr", "set", "192.0.2.1=a.example.com", "192.0.2.1=b.example.com", "--yes"], cli.env);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "edis: 192.0.2.1 is given two hostnames: a.example.com and b.example.com\n" });
  });
});

describe("ptr get --file", () => {
  it("reads one address per line and returns every record in input order", async () => {
    const ips = addresses(MAX + 20);
    const result = await runEdisHere(["ptr", "get", "--file", file("ips.txt", `${ips.join("\n")}\n`), "--json"], cli.env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual(ips.map((ip) => ({ ip, ptr_record: hostFor(ip) })));
    expect(cli.fake.to(pathOf("getPTR")).map((r) => ipsOf(r).length)).toEqual([MAX, 20]);
  });

  it("with bad addresses among good ones: every bad line reported at once, and nothing is sent", async () => {
    const path = file("ips.txt", ["192.0.2.1", "192.0.2", "2001:db8::1", "# a comment", "2001:db8:::2", "", "host.example.com", "192.0.2.9"].join("\n"));
    const result = await runEdisHere(["ptr", "get", "--file", path], cli.env);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: [
        `edis: ${path}:2: ip must be an IPv4 or IPv6 address: "192.0.2"`,
        `edis: ${path}:5: ip must be an IPv4 or IPv6 address: "2001:db8:::2"`,
        `edis: ${path}:7: ip must be an IPv4 or IPv6 address: "host.example.com"`,
        "",
      ].join("\n"),
    });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("sends a repeated address once and says so", async () => {
    const result = await runEdisHere(["ptr", "get", "192.0.2.1", "--file", file("ips.txt", "192.0.2.1\n192.0.2.2\n"), "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("edis: 1 repeated address sent once\n");
    expect(ipsOf(cli.fake.to(pathOf("getPTR"))[0]!)).toEqual(["192.0.2.1", "192.0.2.2"]);
  });

  it("when a request fails: exit 1, the records that came, and which addresses failed and why", async () => {
    const ips = addresses(MAX + 30);
    const failing = ips[MAX + 5]!;
    cli.fake.replies = [edisRoutes({ failPtr: failing })];
    const path = file("ips.txt", ips.join("\n"));

    const human = await runEdisHere(["ptr", "get", "--file", path], cli.env);
    expect(human.code).toBe(1);
    const table = human.stdout.trimEnd().split("\n");
    expect(table).toHaveLength(MAX + 1);
    expect(table[0]).toMatch(/^ip +ptr_record$/u);
    expect(table[1]).toMatch(new RegExp(`^${ips[0]} +${hostFor(ips[0]!)}$`, "u"));
    expect(human.stderr.split("\n")).toEqual([
      `edis: getPTR failed for 30 of ${MAX + 30} entries (1 of 2 requests); first error: getPTR failed: 400 IP address does not belong to this VPS.`,
      `edis: ptr get: ${MAX} of ${MAX + 30} addresses done, 30 failed`,
      "edis: failed (30): getPTR failed: 400 IP address does not belong to this VPS.",
      `  ${ips.slice(MAX).join(" ")}`,
      "",
    ]);

    const scripted = await runEdisHere(["ptr", "get", "--file", path, "--json"], cli.env);
    expect(scripted.code).toBe(1);
    expect(JSON.parse(scripted.stdout)).toEqual({
      succeeded: ips.slice(0, MAX),
      failed: [{ items: ips.slice(MAX), error: "getPTR failed: 400 IP address does not belong to this VPS." }],
      partialResult: ips.slice(0, MAX).map((ip) => ({ ip, ptr_record: hostFor(ip) })),
    });
  });
});

describe("ptr delete", () => {
  it("takes a records CSV as its address list", async () => {
    const path = file("records.csv", "ip,hostname\n192.0.2.1,a.example.com\n192.0.2.2,b.example.com\n");
    const result = await runEdisHere(["ptr", "delete", "--file", path, "--yes"], cli.env);
    expect(result).toEqual({ code: 0, stdout: `Deleted the PTR records of 2 addresses of ${KVM}.\n`, stderr: "" });
    expect(ipsOf(cli.fake.to(pathOf("deletePTR"))[0]!)).toEqual(["192.0.2.1", "192.0.2.2"]);
  });

  it("--file - reads stdin, and names it so in a bad line", async () => {
    const result = await runEdisHere(["ptr", "delete", "--file", "-", "--yes"], cli.env, { input: "192.0.2.1\n192.0.2.999\n" });
    expect(result).toEqual({ code: 2, stdout: "", stderr: 'edis: <stdin>:2: ip must be an IPv4 or IPv6 address: "192.0.2.999"\n' });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("without any address is a usage error", async () => {
    expect(await runEdisHere(["ptr", "delete", "--yes"], cli.env)).toEqual({
      code: 2,
      stdout: "",
      stderr: "edis: give at least one address, or --file <path>\n",
    });
  });
});
