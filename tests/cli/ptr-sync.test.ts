/**
 * `edis ptr sync FILE` and `edis ptr export`, in-process against the simulator of
 * `edis-global/testing` served on 127.0.0.1 (test-support/simulated-edis.ts), whose VPS keeps
 * its PTR records: the plan printed, --dry-run, --yes, a declined confirmation, export → sync
 * sending no write, partial failures, and bad lines as file:line.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KVM } from "../../test-support/fake-edis.js";
import { pathOf } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { useSimulatedCli, writesIn } from "../../test-support/simulated-edis.js";

// The VPS's IPv4 addresses are 192.0.2.1-4 (what export lists); its IPv6 /64 is 2001:db8::/64.
const cli = useSimulatedCli({
  addresses: ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"],
  records: { "192.0.2.1": "a.example.com", "192.0.2.2": "old.example.com", "192.0.2.3": "c.example.com" },
});
const store = {
  get records() {
    return cli.store.records;
  },
};

function file(name: string, text: string): string {
  const path = join(cli.temp.dir, name);
  writeFileSync(path, text);
  return path;
}

// The last address has no record and none is wanted (an address of the VPS's /64: the simulator reads only the VPS's own).
const DESIRED = ["ip,hostname", "192.0.2.1,a.example.com", "192.0.2.2,new.example.com", "192.0.2.3,", "192.0.2.4,d.example.com", "2001:db8::5,"].join("\n");

const PLAN = [
  "action  ip         current          desired",
  "change  192.0.2.2  old.example.com  new.example.com",
  "delete  192.0.2.3  c.example.com",
  "create  192.0.2.4                   d.example.com",
  `Plan for ${KVM}: 1 to create, 1 to change, 1 to delete, 2 unchanged.`,
];

describe("edis ptr sync", () => {
  it("--yes prints the plan, writes only the differences and says so", async () => {
    const result = await runEdisHere(["ptr", "sync", file("records.csv", DESIRED), "--yes"], cli.env);
    expect(result).toEqual({ code: 0, stdout: [...PLAN, `Applied 3 changes to the PTR records of ${KVM}.`, ""].join("\n"), stderr: "" });
    expect(writesIn(cli.fake.received).map((r) => [r.path, r.form.get("ip")])).toEqual([
      [pathOf("setPTR"), '{"192.0.2.2":"new.example.com","192.0.2.4":"d.example.com"}'],
      [pathOf("deletePTR"), '["192.0.2.3"]'],
    ]);
    expect(Object.fromEntries(store.records)).toEqual({ "192.0.2.1": "a.example.com", "192.0.2.2": "new.example.com", "192.0.2.4": "d.example.com" });

    const again = await runEdisHere(["ptr", "sync", file("records.csv", DESIRED), "--yes"], cli.env);
    expect(again).toEqual({
      code: 0,
      stdout: `Plan for ${KVM}: 0 to create, 0 to change, 0 to delete, 5 unchanged.\nNothing to change: 5 records are as the file says.\n`,
      stderr: "",
    });
    expect(writesIn(cli.fake.received)).toHaveLength(2);
  });

  it("--dry-run prints the plan and writes nothing, without needing --yes", async () => {
    const result = await runEdisHere(["ptr", "sync", file("records.csv", DESIRED), "--dry-run"], cli.env);
    expect(result).toEqual({ code: 0, stdout: [...PLAN, "Dry run: nothing was written.", ""].join("\n"), stderr: "" });
    expect(cli.fake.received.map((r) => r.path)).toEqual([pathOf("createAuthSession"), pathOf("getPTR")]);
  });

  it("without --yes and no terminal: exit 2 before anything is sent", async () => {
    const result = await runEdisHere(["ptr", "sync", file("records.csv", DESIRED)], cli.env);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "edis: ptr sync changes the VPS: add --yes to confirm (there is no terminal to ask on)\n" });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("on a terminal it asks after the plan; no sends no write, yes sends the plan shown", async () => {
    const path = file("records.csv", DESIRED);
    const declined = await runEdisHere(["ptr", "sync", path], cli.env, { askable: true, input: "n\n" });
    expect(declined.code).toBe(2);
    expect(declined.stdout).toBe(`${PLAN.join("\n")}\n`);
    expect(declined.stderr).toContain(`Change the PTR records of ${KVM}: 1 to create, 1 to change, 1 to delete, 2 unchanged. Continue? [y/N] `);
    expect(declined.stderr).toContain("edis: not confirmed; nothing was written\n");
    expect(cli.fake.received.map((r) => r.path)).toEqual([pathOf("createAuthSession"), pathOf("getPTR")]);
    expect(writesIn(cli.fake.received)).toHaveLength(0);

    const accepted = await runEdisHere(["ptr", "sync", path], cli.env, { askable: true, input: "y\n" });
    expect(accepted.code).toBe(0);
    expect(writesIn(cli.fake.received)).toHaveLength(2);
  });

  it("--json prints the plan and outcomes as data", async () => {
    const result = await runEdisHere(["ptr", "sync", file("records.csv", "192.0.2.4,d.example.com\n192.0.2.1,a.example.com\n"), "--yes", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      kvmId: KVM,
      plan: {
        entries: [
          { ip: "192.0.2.4", action: "create", current: null, desired: "d.example.com" },
          { ip: "192.0.2.1", action: "unchanged", current: "a.example.com", desired: "a.example.com" },
        ],
        counts: { create: 1, change: 0, delete: 0, unchanged: 1 },
      },
      applied: true,
      outcomes: [{ ip: "192.0.2.4", action: "create", status: "applied" }],
    });
  });

  it("when a write fails: exit 1, what was done and what failed and why, as for ptr set", async () => {
    // EDIS refuses every delete (this run's and the next's carry 192.0.2.3), in its own words.
    cli.sim.faults.add({ operationId: "deletePTR", status: 400, body: { status: "error", message: "IP address does not belong to this VPS." } });
    const path = file("records.csv", DESIRED);
    const human = await runEdisHere(["ptr", "sync", path, "--yes"], cli.env);
    expect(human.code).toBe(1);
    expect(human.stdout).toBe(`${PLAN.join("\n")}\n`);
    expect(human.stderr.split("\n")).toEqual([
      "edis: ptr.sync failed for 1 of 3 entries (1 of 2 requests); first error: deletePTR failed: 400 IP address does not belong to this VPS.",
      "edis: ptr sync: 2 of 3 addresses done, 1 failed",
      "edis: failed (1): deletePTR failed: 400 IP address does not belong to this VPS.",
      "  192.0.2.3",
      "",
    ]);

    const scripted = await runEdisHere(["ptr", "sync", path, "--yes", "--json"], cli.env);
    expect(scripted.code).toBe(1);
    const data = JSON.parse(scripted.stdout) as { succeeded: string[]; failed: unknown[]; partialResult: { outcomes: unknown[] } };
    expect(data.succeeded).toEqual([]);
    expect(data.failed).toEqual([{ items: ["192.0.2.3"], error: "deletePTR failed: 400 IP address does not belong to this VPS." }]);
    expect(data.partialResult.outcomes).toEqual([
      { ip: "192.0.2.3", action: "delete", status: "failed", error: "deletePTR failed: 400 IP address does not belong to this VPS." },
    ]);
  });

  it("a failed write's words from the server are printed with their control characters escaped", async () => {
    const hostile = "refused\u001b[2J\r\nedis: ptr sync: 4 of 4 addresses done\u009b31m";
    cli.sim.faults.add({ operationId: "setPTR", status: 400, body: { status: "error", error: hostile } });
    const result = await runEdisHere(["ptr", "sync", file("records.csv", DESIRED), "--yes"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("refused\\u001b[2J\\r\\nedis: ptr sync: 4 of 4 addresses done\\u009b31m");
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
  });

  it("bad lines: every one reported as file:line: why, exit 2, and nothing is sent", async () => {
    const path = file(
      "records.csv",
      [
        "ip,hostname",
        "192.0.2.1,a.example.com",
        "192.0.2.300,b.example.com",
        "192.0.2.3",
        "192.0.2.4,mail_server.example.com",
        "192.0.2.5,",
        ",x.example.com",
      ].join("\n"),
    );
    const result = await runEdisHere(["ptr", "sync", path, "--yes"], cli.env);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: [
        `edis: ${path}:3: ip must be an IPv4 or IPv6 address: "192.0.2.300"`,
        `edis: ${path}:4: expected ip,hostname (or ip, for no record)`,
        `edis: ${path}:5: hostname is not a valid host name: "mail_server.example.com"`,
        `edis: ${path}:7: expected ip,hostname (or ip, for no record)`,
        "",
      ].join("\n"),
    });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("one address in two spellings is refused as file:line, naming the line it repeats; nothing is sent", async () => {
    const path = file("spellings.csv", ["ip,hostname", "2001:db8::1,a.example.com", "192.0.2.1,b.example.com", "2001:DB8:0::1,a.example.com"].join("\n"));
    const result = await runEdisHere(["ptr", "sync", path, "--yes"], cli.env);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `edis: ${path}:4: 2001:DB8:0::1 is 2001:db8::1 of line 2 in another spelling; give each address once\n`,
    });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("an address given two names, and a file of no records, are usage errors before anything is sent", async () => {
    const twicePath = file("twice.csv", "192.0.2.1,a.example.com\n192.0.2.1,\n");
    const twice = await runEdisHere(["ptr", "sync", twicePath, "--dry-run"], cli.env);
    expect(twice).toEqual({ code: 2, stdout: "", stderr: `edis: ${twicePath}:2: 192.0.2.1 is given two hostnames: a.example.com (line 1) and none\n` });
    const path = file("empty.csv", "ip,hostname\n# nothing yet\n");
    const empty = await runEdisHere(["ptr", "sync", path, "--dry-run"], cli.env);
    expect(empty).toEqual({ code: 2, stdout: "", stderr: `edis: ${path} holds no ip,hostname line\n` });
    expect(cli.fake.received).toHaveLength(0);
  });
});

describe("edis ptr export", () => {
  it("prints every IPv4 address of the VPS and the --file ones as ip,hostname CSV", async () => {
    store.records.set("2001:db8::1", "v6.example.com");
    const result = await runEdisHere(["ptr", "export", "--file", file("v6.txt", "2001:db8::1\n2001:db8::2\n192.0.2.1\n")], cli.env);
    expect(result).toEqual({
      code: 0,
      stdout: [
        "ip,hostname",
        "192.0.2.1,a.example.com",
        "192.0.2.2,old.example.com",
        "192.0.2.3,c.example.com",
        "192.0.2.4,",
        "2001:db8::1,v6.example.com",
        "2001:db8::2,",
        "",
      ].join("\r\n"),
      stderr: "",
    });
    expect(cli.fake.received.map((r) => r.path)).toEqual([pathOf("createAuthSession"), pathOf("getKvmDetails"), pathOf("getPTR")]);
  });

  it("export → edit → sync round-trips: the file as exported sends no write, an edited line sends one", async () => {
    const exported = await runEdisHere(["ptr", "export"], cli.env);
    expect(exported.code).toBe(0);
    const path = file("records.csv", exported.stdout);
    const same = await runEdisHere(["ptr", "sync", path, "--yes"], cli.env);
    expect(same.stdout).toBe(`Plan for ${KVM}: 0 to create, 0 to change, 0 to delete, 4 unchanged.\nNothing to change: 4 records are as the file says.\n`);
    expect(writesIn(cli.fake.received)).toHaveLength(0);

    writeFileSync(path, exported.stdout.replace("192.0.2.4,", "192.0.2.4,d.example.com"));
    const edited = await runEdisHere(["ptr", "sync", path, "--yes"], cli.env);
    expect(edited.code).toBe(0);
    expect(writesIn(cli.fake.received).map((r) => r.form.get("ip"))).toEqual(['{"192.0.2.4":"d.example.com"}']);
  });

  it("--json prints the records as data; a bad --file line is a usage error before anything is sent", async () => {
    const json = await runEdisHere(["ptr", "export", "--json"], cli.env);
    expect(JSON.parse(json.stdout)).toEqual([
      { ip: "192.0.2.1", hostname: "a.example.com" },
      { ip: "192.0.2.2", hostname: "old.example.com" },
      { ip: "192.0.2.3", hostname: "c.example.com" },
      { ip: "192.0.2.4", hostname: "" },
    ]);
    const before = cli.fake.received.length;
    const path = file("bad.txt", "2001:db8::1\nnot-an-ip\n");
    const bad = await runEdisHere(["ptr", "export", "--file", path], cli.env);
    expect(bad).toEqual({ code: 2, stdout: "", stderr: `edis: ${path}:2: ip must be an IPv4 or IPv6 address: "not-an-ip"\n` });
    expect(cli.fake.received).toHaveLength(before);
  });

  it("a read answer of another shape is a failed getPTR (exit 1, one line), not an unexpected error", async () => {
    const records = [{ ip: 3221225985, ptr_record: "a.example.com" }];
    cli.sim.faults.add({ operationId: "getPTR", status: 200, body: { status: "success", records } });
    expect(await runEdisHere(["ptr", "export"], cli.env)).toEqual({
      code: 1,
      stdout: "",
      stderr: 'edis: getPTR failed: 200 answer\'s "records" is not a list of { ip, ptr_record } with text values\n',
    });
  });
});
