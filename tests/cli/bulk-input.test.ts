/** Reading PTR input: address lists, records CSV, `ip=hostname` arguments. */
import { describe, expect, it } from "vitest";
import { parseAddressList, parseRecordArgs, parseRecordsCsv, recordMap, uniqueAddresses } from "../../src/cli/bulk-input.js";
import { UsageError } from "../../src/cli/errors.js";

describe("parseAddressList", () => {
  it("takes one address per line, skipping blanks, comments, a BOM and a header, and the first CSV field", () => {
    expect(parseAddressList('\uFEFFip\n192.0.2.1\r\n\n# note\n  2001:db8::1  \n"192.0.2.3",host.example.com\n', "ips.txt", "getPTR")).toEqual([
      "192.0.2.1",
      "2001:db8::1",
      "192.0.2.3",
    ]);
  });

  it("checks every address by the operation's rule and reports all the bad lines at once", () => {
    const text = "192.0.2.1\n192.0.2.300\n\n2001:db8::1\nip\n,host.example.com\n";
    expect(() => parseAddressList(text, "ips.txt", "deletePTR")).toThrow(
      new UsageError(
        [
          'ips.txt:2: ip must be an IPv4 or IPv6 address: "192.0.2.300"',
          'ips.txt:5: ip must be an IPv4 or IPv6 address: "ip"',
          "ips.txt:6: ip must not be empty",
        ].join("\n"),
      ),
    );
  });
});

describe("parseRecordsCsv", () => {
  it("reads ip,hostname lines", () => {
    expect(parseRecordsCsv("ip,hostname\n192.0.2.1, a.example.com\n\n2001:db8::1,b.example.com\n", "r.csv")).toEqual([
      ["192.0.2.1", "a.example.com"],
      ["2001:db8::1", "b.example.com"],
    ]);
  });

  it.each(["192.0.2.1", "192.0.2.1,", ",a.example.com", "192.0.2.1,a.example.com,extra"])("rejects %j naming the line", (line) => {
    expect(() => parseRecordsCsv(`192.0.2.9,ok.example.com\n${line}\n`, "r.csv")).toThrow(new UsageError("r.csv:2: expected ip,hostname"));
  });

  it("reports every bad line at once: shape, address and host name, each as file:line: why", () => {
    const text = [
      "ip,hostname",
      "192.0.2.1,a.example.com",
      "192.0.2.1.1,b.example.com",
      "192.0.2.3",
      "192.0.2.4,-c.example.com",
      "192.0.2.5,d.example.com",
    ].join("\n");
    expect(() => parseRecordsCsv(text, "r.csv")).toThrow(
      new UsageError(
        [
          'r.csv:3: ip must be an IPv4 or IPv6 address: "192.0.2.1.1"',
          "r.csv:4: expected ip,hostname",
          'r.csv:5: hostname is not a valid host name: "-c.example.com"',
        ].join("\n"),
      ),
    );
  });
});

describe("parseRecordArgs and recordMap", () => {
  it("splits at the first =", () => {
    expect(parseRecordArgs(["2001:db8::1=v6.example.com"])).toEqual([["2001:db8::1", "v6.example.com"]]);
  });

  it.each(["192.0.2.1", "=a.example.com", "192.0.2.1="])("rejects %j", (arg) => {
    expect(() => parseRecordArgs([arg])).toThrow(UsageError);
  });

  it("keeps one of identical records and refuses two hostnames for one address", () => {
    expect(
      recordMap([
        ["192.0.2.1", "a"],
        ["192.0.2.1", "a"],
      ]),
    ).toEqual({ records: { "192.0.2.1": "a" }, repeated: 1 });
    expect(() =>
      recordMap([
        ["192.0.2.1", "a"],
        ["192.0.2.1", "b"],
      ]),
    ).toThrow("192.0.2.1 is given two hostnames: a and b");
  });

  it("does not treat inherited property names as given", () => {
    expect(recordMap([["constructor", "a"]]).records).toEqual({ constructor: "a" });
  });
});

describe("uniqueAddresses", () => {
  it("keeps the first of each, in order", () => {
    expect(uniqueAddresses(["b", "a", "b", "c", "a"])).toEqual({ ips: ["b", "a", "c"], repeated: 2 });
  });
});
