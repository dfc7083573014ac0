/**
 * Output a server cannot steer, run as `edis` in this process against a loopback fake:
 * hostile strings (test-support/hostile-strings.ts) in every output mode that can land on a
 * terminal, with nothing raw reaching it and the machine formats reading back exactly; and
 * answers as large as a size cap admits, printed (or refused clearly) in every mode with
 * output that grows with the answer, not with its widest value times its rows.
 */
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { json } from "../test-support/fake-edis.js";
import { pathOf, useCliFixture } from "../test-support/cli-fixture.js";
import { runEdisHere } from "../test-support/cli-in-process.js";
import { YAML_CORPUS } from "../test-support/hostile-strings.js";
import { countFigure } from "../test-support/reliability-figures.js";

const cli = useCliFixture();

/** A character a terminal acts on, raw (tab and line feed aside, which end fields and lines). */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u2028\u2029\ufffe\uffff]/u;
/** edis's own bold (SGR 1 and 22) on a terminal. */
const OWN_BOLD = /\u001b\[(?:1|22)m/gu;

/** The hostile strings that have something a terminal acts on, or that YAML 1.1 takes for another type. */
const STRINGS = YAML_CORPUS.filter((s) => s.length < 200);

describe("hostile strings in every output mode", () => {
  it(`${STRINGS.length} strings as a key and a value: table (pipe and terminal), CSV (pipe and terminal), JSON and YAML`, async (context) => {
    const data = Object.fromEntries(STRINGS.map((s, i) => [`${i}${s}`, s]));
    cli.fake.replies = [json(200, { status: "success", data: "server powered on", ...data })];
    const modes: [string, string[], { terminal?: { columns: number } }][] = [
      ["table", [], {}],
      ["terminal table", [], { terminal: { columns: 100 } }],
      ["csv", ["-o", "csv"], {}],
      ["terminal csv", ["-o", "csv"], { terminal: { columns: 100 } }],
      ["json", ["--json"], {}],
      ["yaml", ["-o", "yaml"], {}],
    ];
    for (const [mode, flags, options] of modes) {
      const result = await runEdisHere(["power", "state", ...flags], cli.env, options);
      expect(result.code, mode).toBe(0);
      const shown = result.stdout.replace(OWN_BOLD, "");
      // A CSV file keeps CR and LF inside its quoted fields (RFC 4180); everything else is checked raw.
      const checked = mode === "csv" ? shown.replace(/[\r\n]/gu, "") : shown.replace(/\r\n/gu, "\n").replace(/\n/gu, "");
      expect(checked, mode).not.toMatch(RAW);
      if (mode === "json") expect(JSON.parse(result.stdout), mode).toMatchObject(data);
      if (mode === "yaml") {
        const lone = (v: string) => v.replace(/\p{Cs}/gu, "\ufffd");
        const expected = Object.fromEntries(Object.entries(data).map(([k, v]) => [lone(k), lone(v)]));
        expect(parse(result.stdout), mode).toMatchObject(expected);
        expect(parse(result.stdout, { version: "1.1" }), mode).toMatchObject(expected);
      }
      countFigure(context, "hostileOutputs", STRINGS.length);
    }
  }, 60_000);
});

/** `n` PTR records of one address: what a hostile server can answer a one-address `ptr get` with. */
function manyRecords(n: number): unknown {
  return { status: "success", records: Array.from({ length: n }, (_, i) => ({ ip: "192.0.2.1", ptr_record: `host-${i}.example.com` })) };
}

describe("answers as large as the size cap admits", () => {
  it("200,000 records to a one-address ptr get: every mode prints it, output a small multiple of the answer", async (context) => {
    const answer = manyRecords(200_000);
    const size = JSON.stringify(answer).length;
    cli.fake.replies = [json(200, answer)];
    for (const [flags, options] of [
      [[], {}],
      [[], { terminal: { columns: 120 } }],
      [["-o", "csv"], {}],
      [["--json"], {}],
      [["-o", "yaml"], {}],
    ] as const) {
      const result = await runEdisHere(["ptr", "get", "192.0.2.1", ...flags], cli.env, options);
      expect(result.stderr, flags.join(" ")).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout.split("\n").length).toBeGreaterThan(200_000);
      expect(result.stdout.length).toBeLessThan(3 * size);
      countFigure(context, "hostileAnswers");
    }
  }, 180_000);

  it("one 100,000-character value among 1,000 rows widens its own row, not every row", async (context) => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ ip: "192.0.2.1", ptr_record: i === 500 ? "x".repeat(100_000) : `h${i}.example.com`, note: "n" }));
    const answer = { status: "success", records: rows };
    cli.fake.replies = [json(200, answer)];
    for (const options of [{}, { terminal: { columns: 120 } }]) {
      const result = await runEdisHere(["ptr", "get", "192.0.2.1"], cli.env, options);
      expect(result.code).toBe(0);
      // Before: every row padded to 100,000 characters, 100 MB of output.
      expect(result.stdout.length).toBeLessThan(3 * JSON.stringify(answer).length);
      countFigure(context, "hostileAnswers");
    }
  }, 60_000);

  it("a CPU chart of 200,000 points is drawn on a terminal (the last points that fit) and summed up in a pipe", async (context) => {
    const chart = {
      datasets: [{ label: "CPU usage [%]", data: Array.from({ length: 200_000 }, (_, i) => i % 100) }],
      labels: Array.from({ length: 200_000 }, () => "t"),
    };
    cli.fake.replies = [json(200, { status: "success", chart_cpu: JSON.stringify(chart) })];
    const drawn = await runEdisHere(["info", "cpu-usage"], cli.env, { terminal: { columns: 100 } });
    expect(drawn.stderr).toBe("");
    expect(drawn.stdout).toContain("min 0% · avg 49.5% · max 99% (200000 values");
    countFigure(context, "hostileAnswers");
    for (const flags of [[], ["-o", "csv"], ["-o", "yaml"]]) {
      const result = await runEdisHere(["info", "cpu-usage", ...flags], cli.env);
      expect(result.code, flags.join(" ")).toBe(0);
      countFigure(context, "hostileAnswers");
    }
  }, 120_000);

  it("a table or CSV of more than a million cells is refused with what to do instead, and JSON still prints it", async (context) => {
    // One row of 1,000 keys and 1,000 rows of one other: 1,001 × 1,001 cells, nearly all empty, from a 20 kB answer.
    const rows = [Object.fromEntries(Array.from({ length: 1000 }, (_, j) => [`k${j}`, 1])), ...Array.from({ length: 1000 }, () => ({ ip: "192.0.2.1" }))];
    cli.fake.replies = [json(200, { status: "success", records: rows })];
    for (const flags of [[], ["-o", "csv"]]) {
      const result = await runEdisHere(["ptr", "get", "192.0.2.1", ...flags], cli.env);
      expect(result).toEqual({
        code: 2,
        stdout: "",
        stderr:
          "edis: the result has 1,001 rows of 1,001 columns (1,002,001 cells), more than a table or CSV prints (1,000,000): choose columns with --fields, or print it with -o json\n",
      });
      countFigure(context, "hostileAnswers");
    }
    const asJson = await runEdisHere(["ptr", "get", "192.0.2.1", "--json"], cli.env);
    expect(asJson.code).toBe(0);
    expect(cli.fake.to(pathOf("getPTR"))).toHaveLength(3);
  }, 120_000);
});
