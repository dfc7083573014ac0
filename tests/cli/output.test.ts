/**
 * The output flags as a user runs them: -o table|json|yaml|csv (--json is -o json), --no-header
 * and --fields, against the loopback fake of the EDIS hosts. JSON output is the bytes --json
 * always printed; bad combinations are usage errors (exit 2) before anything is sent.
 */
import { describe, expect, it } from "vitest";
import { KVM, json } from "../../test-support/fake-edis.js";
import { hostFor, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const cli = useCliFixture();
const ip1 = "192.0.2.1";
const ip2 = "2001:db8::1";

describe("-o json", () => {
  it("prints the same bytes as --json", async () => {
    for (const args of [
      ["power", "state"],
      ["ptr", "get", ip1, ip2],
      ["vps", "list"],
    ]) {
      const long = await runEdisHere([...args, "--json"], cli.env);
      const short = await runEdisHere([...args, "-o", "json"], cli.env);
      const both = await runEdisHere([...args, "--json", "--output", "json"], cli.env);
      expect(long.code).toBe(0);
      expect(short).toEqual(long);
      expect(both).toEqual(long);
    }
    expect((await runEdisHere(["power", "state", "-o", "json"], cli.env)).stdout).toBe(
      '{\n  "status": "success",\n  "data": "server powered on",\n  "traffic_suspended": "n"\n}\n',
    );
  });
});

describe("-o yaml", () => {
  it("prints the result as YAML: an object, and a list of records", async () => {
    expect(await runEdisHere(["power", "state", "-o", "yaml"], cli.env)).toEqual({
      code: 0,
      stderr: "",
      stdout: 'status: success\ndata: server powered on\ntraffic_suspended: "n"\n',
    });
    const records = await runEdisHere(["ptr", "get", ip1, ip2, "-o", "yaml"], cli.env);
    expect(records.stdout).toBe(`- ip: ${ip1}\n  ptr_record: ${hostFor(ip1)}\n- ip: ${ip2}\n  ptr_record: ${hostFor(ip2)}\n`);
  });

  it("quotes what a YAML 1.1 or 1.2 reader would read as another type, and folds no long line", async () => {
    const long = "x".repeat(120);
    cli.fake.replies = [json(200, { status: "success", hooks: [{ description: "yes", state: "off", note: "a: b", size: "5000", long }] })];
    const result = await runEdisHere(["hooks", "list", "-o", "yaml"], cli.env);
    expect(result.stdout).toBe(`- description: "yes"\n  state: "off"\n  note: "a: b"\n  size: "5000"\n  long: ${long}\n`);
  });
});

describe("flattened names", () => {
  const prices = { status: "success", products: { price: { amount: "0.99", currency: "EUR" }, "price.amount": "7.99", "price.currency": "USD" } };

  it("a key with a dot is quoted, so two values never share a column: CSV shows each under its own name", async () => {
    cli.fake.replies = [json(200, prices)];
    const result = await runEdisHere(["order", "products", "--location-id", "192", "-o", "csv"], cli.env);
    expect(result.stdout).toBe('price.amount,price.currency,"""price.amount""","""price.currency"""\r\n0.99,EUR,7.99,USD\r\n');
  });

  it("--fields picks the value the name shows: the nested one, or the quoted key's", async () => {
    cli.fake.replies = [json(200, prices)];
    const nested = await runEdisHere(["order", "products", "--location-id", "192", "-o", "csv", "--no-header", "--fields", "price.amount"], cli.env);
    expect(nested.stdout).toBe("0.99\r\n");
    const quoted = await runEdisHere(["order", "products", "--location-id", "192", "-o", "csv", "--no-header", "--fields", '"price.amount"'], cli.env);
    expect(quoted.stdout).toBe("7.99\r\n");
  });
});

describe("-o csv", () => {
  it("prints records with a header, CRLF line ends (RFC 4180)", async () => {
    const result = await runEdisHere(["ptr", "get", ip1, ip2, "-o", "csv"], cli.env);
    expect(result).toEqual({ code: 0, stderr: "", stdout: `ip,ptr_record\r\n${ip1},${hostFor(ip1)}\r\n${ip2},${hostFor(ip2)}\r\n` });
  });

  it("quotes fields with a comma, a quote or a line break, and doubles the quotes", async () => {
    cli.fake.replies = [json(200, { status: "success", hooks: [{ a: 'say "hi", then go', b: "two\nlines", c: "\u001b[31mred", d: ["x", "y"] }] })];
    const result = await runEdisHere(["hooks", "list", "-o", "csv"], cli.env);
    expect(result.stdout).toBe('a,b,c,d\r\n"say ""hi"", then go","two\nlines",\\u001b[31mred,"[""x"",""y""]"\r\n');
  });

  it("prints an object as one record, with --fields and --no-header", async () => {
    expect((await runEdisHere(["power", "state", "-o", "csv"], cli.env)).stdout).toBe("status,data,traffic_suspended\r\nsuccess,server powered on,n\r\n");
    const chosen = await runEdisHere(["power", "state", "-o", "csv", "--fields", "data,status", "--no-header"], cli.env);
    expect(chosen.stdout).toBe("server powered on,success\r\n");
  });

  it("prints a list of values one per record, under `value`", async () => {
    cli.fake.replies = [json(200, { status: "success", data: ["a.iso", "b,c.iso"] })];
    expect((await runEdisHere(["install", "isos", "-o", "csv"], cli.env)).stdout).toBe('value\r\na.iso\r\n"b,c.iso"\r\n');
  });
});

describe("tables with --fields and --no-header", () => {
  it("shows the columns named, in that order", async () => {
    const result = await runEdisHere(["ptr", "get", ip1, "--fields", "ptr_record,ip"], cli.env);
    expect(result.stdout).toBe(`ptr_record${" ".repeat(hostFor(ip1).length - 10)}  ip\n${hostFor(ip1)}  ${ip1}\n`);
    const bare = await runEdisHere(["ptr", "get", ip1, "--no-header"], cli.env);
    expect(bare.stdout).toBe(`${ip1}  ${hostFor(ip1)}\n`);
  });

  it("shows chosen keys of an object, or their values alone without the header", async () => {
    expect((await runEdisHere(["power", "state", "--fields", "data"], cli.env)).stdout).toBe("data:  server powered on\n");
    expect((await runEdisHere(["power", "state", "--fields", "data", "--no-header"], cli.env)).stdout).toBe("server powered on\n");
  });

  it("vps list keeps its columns, and --fields may name any field of a VPS", async () => {
    const table = await runEdisHere(["vps", "list"], cli.env);
    expect(table.stdout).toBe(
      `kvmId${" ".repeat(KVM.length - 5)}  description  apiHost                primaryIp  suspended  lps\n${KVM}  ${" ".repeat(11)}  123456.edisglobal.com\n`,
    );
    expect((await runEdisHere(["vps", "list", "--fields", "apiHost,kvmId", "--no-header"], cli.env)).stdout).toBe(`123456.edisglobal.com  ${KVM}\n`);
  });

  it("an unknown field is a usage error (exit 2) that names the valid ones", async () => {
    const result = await runEdisHere(["ptr", "get", ip1, "--fields", "ip,hostname"], cli.env);
    expect(result).toEqual({ code: 2, stdout: "", stderr: 'edis: --fields: unknown field "hostname"; the fields of this result are ip, ptr_record\n' });
    const csv = await runEdisHere(["power", "state", "-o", "csv", "--fields", "state"], cli.env);
    expect(csv).toMatchObject({
      code: 2,
      stdout: "",
      stderr: 'edis: --fields: unknown field "state"; the fields of this result are status, data, traffic_suspended\n',
    });
  });
});

describe("bad output flags: exit 2, nothing sent", () => {
  it.each([
    [["-o", "xml"], "edis: option '-o, --output <fmt>' argument 'xml' is invalid. Allowed choices are table, json, yaml, csv."],
    [["--json", "-o", "yaml"], "edis: --json means -o json: it cannot go with -o yaml"],
    [["-o", "json", "--fields", "ip"], "edis: --fields chooses the columns of -o table or csv; -o json prints the whole result"],
    [["-o", "yaml", "--no-header"], "edis: --no-header applies to -o table and csv; -o yaml has no header"],
    [["--fields", "ip,,x"], "edis: option '--fields <names>' argument 'ip,,x' is invalid. --fields must be names separated by commas."],
  ])("%j", async (flags, message) => {
    const result = await runEdisHere(["ptr", "set", `${ip1}=mail.example.com`, "--yes", ...flags], cli.env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toBe(message);
    expect(cli.fake.received).toEqual([]);
  });
});
