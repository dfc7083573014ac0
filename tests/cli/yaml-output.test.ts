/**
 * `-o yaml` read back: a YAML 1.1 reader (PyYAML, with each of its loaders, and its C loader
 * where libyaml is there) and 1.2 readers (the `yaml` package, also in its 1.1 mode) read every
 * document to the data it was written from, keys included. A fixed corpus of every YAML 1.1
 * implicit type and indicator runs always; generated hostile data runs through the `yaml`
 * package as a property and through PyYAML in one batch. PyYAML is a test-time dependency:
 * CI installs it (.ci/run, Debian's python3-yaml) and this file fails in CI without it.
 */
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { doubleQuoted, numberText, plainIsSafe, writeYaml } from "../../src/cli/output/yaml-output.js";
import { hasUnsafe } from "../../src/safety/printable.js";
import { HOSTILE_UNITS, YAML_CORPUS } from "../../test-support/hostile-strings.js";

/** The YAML text of `value`. */
function yamlOf(value: unknown): string {
  let text = "";
  writeYaml(value, (piece) => {
    text += piece;
  });
  return text;
}

/** The data back from the `yaml` package, as 1.2 (its default) and in its 1.1 mode. */
function yamlPackageReads(text: string): unknown[] {
  return [parse(text), parse(text, { version: "1.1" })];
}

interface PythonYaml {
  readonly command: string;
  readonly loaders: readonly string[];
}

/** A python3 with PyYAML, and its loaders; undefined when there is none. */
function findPyYaml(): PythonYaml | undefined {
  for (const command of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(command, ["-c", "import yaml, json; print(json.dumps(yaml.__with_libyaml__))"], { encoding: "utf8" });
    if (probe.status !== 0) continue;
    const withLibyaml = JSON.parse(probe.stdout) as boolean;
    return { command, loaders: ["SafeLoader", "FullLoader", "Loader", ...(withLibyaml ? ["CSafeLoader", "CFullLoader"] : [])] };
  }
  return undefined;
}

const READ_ALL = `
import json, sys, yaml
docs = json.load(sys.stdin)
out = []
for doc in docs:
    row = {}
    for name in sys.argv[1:]:
        try:
            row[name] = {"value": yaml.load(doc, Loader=getattr(yaml, name))}
        except Exception as error:
            row[name] = {"error": type(error).__name__ + ": " + str(error)[:300]}
    out.append(row)
json.dump(out, sys.stdout, ensure_ascii=True)
`;

/** What each PyYAML loader reads from each document: the value, or its error. */
function pyYamlReads(python: PythonYaml, docs: readonly string[]): Record<string, { value?: unknown; error?: string }>[] {
  const run = spawnSync(python.command, ["-c", READ_ALL, ...python.loaders], { input: JSON.stringify(docs), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, { value?: unknown; error?: string }>[];
}

/** `value` with each lone surrogate as U+FFFD, in keys and strings: what YAML output carries for one. */
function asWritten(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\p{Cs}/gu, "\ufffd");
  if (Array.isArray(value)) return value.map(asWritten);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [asWritten(k), asWritten(v)]));
  return value;
}

/** Every reader's result for each document, against the data it was written from. */
function expectPyYamlAgrees(python: PythonYaml, data: readonly unknown[]): void {
  const reads = pyYamlReads(
    python,
    data.map((d) => yamlOf(d)),
  );
  data.map(asWritten).forEach((expected, i) => {
    for (const loader of python.loaders) {
      expect(reads[i]![loader], `${loader} reading ${JSON.stringify(yamlOf(expected))}`).toEqual({ value: expected });
    }
  });
}

const python = findPyYaml();

/** PyYAML, or a loud failure in CI (which installs it) and a warning elsewhere; undefined only outside CI. */
function pyYamlOrWarn(): PythonYaml | undefined {
  if (python) return python;
  expect(process.env.CI ?? "", "CI needs python3 with PyYAML (Debian: apt-get install python3-yaml; .ci/run installs it)").toBe("");
  console.warn("yaml-output.test.ts: no python3 with PyYAML here, so PyYAML did not read the documents (CI does)");
  return undefined;
}

describe("-o yaml: the fixed corpus of YAML 1.1 implicit types and indicators", () => {
  it("every string, as a value and as a key, reads back as itself in the yaml package (1.2 and 1.1)", () => {
    for (const text of YAML_CORPUS) {
      const doc = { [text]: text, list: [text], nested: { [text]: [text, { [text]: text }] } };
      for (const read of yamlPackageReads(yamlOf(doc))) expect(read, JSON.stringify(text)).toEqual(asWritten(doc));
      expect(yamlPackageReads(yamlOf(text))[0], JSON.stringify(text)).toBe(asWritten(text));
    }
  });

  it("nothing a terminal acts on is written raw", () => {
    for (const text of YAML_CORPUS) {
      const out = yamlOf({ [text]: text });
      expect(hasUnsafe(out.replace(/\n/gu, "")), JSON.stringify(text)).toBe(false);
    }
  });

  it("quotes every implicit type and indicator, and keeps plain what reads as itself", () => {
    for (const text of ["yes", "Off", "n", "~", "=", "<<", "1:20", "0x1F", "1e3", ".inf", "2001-12-14", "- a", "a: b", "a #b", "", " lead", "-"]) {
      expect(plainIsSafe(text), text).toBe(false);
    }
    for (const text of ["server powered on", "192.0.2.1", "2001:db8::1", "kvm_123456_789012", "mail.example.com", "success"]) {
      expect(plainIsSafe(text), text).toBe(true);
    }
    expect(doubleQuoted('a"b\\c\u0085\u2028\u{e0041}\u001b\t\ud800')).toBe('"a\\"b\\\\c\\x85\\u2028\\U000e0041\\x1b\\t\\ufffd"');
  });

  it("numbers with a point and a signed exponent where they have an exponent, which a 1.1 reader needs for a float", () => {
    expect([1e21, 5e-7, 1.5, 3, -2, 0.000001, 123456789012345680000].map(numberText)).toEqual([
      "1.0e+21",
      "5.0e-7",
      "1.5",
      "3",
      "-2",
      "0.000001",
      "123456789012345680000",
    ]);
    const numbers = { a: 1e21, b: 5e-7, c: -1.5e300, d: 0, e: 2 ** 53 + 2, f: true, g: null, h: [], i: {} };
    for (const read of yamlPackageReads(yamlOf(numbers))) expect(read).toEqual(numbers);
  });

  it("PyYAML (every loader) reads the whole corpus as the data it was written from", () => {
    const pyYaml = pyYamlOrWarn();
    if (!pyYaml) return;
    const data = YAML_CORPUS.flatMap((text) => [text, { [text]: text }, [{ [text]: [text] }]]);
    expectPyYamlAgrees(pyYaml, [...data, { a: 1e21, b: 5e-7, c: -1.5e300, d: 0, e: true, f: null, g: [], h: {} }]);
  });
});

const hostileString = fc.oneof(
  fc.constantFrom(...YAML_CORPUS),
  fc.string({ unit: fc.constantFrom(...HOSTILE_UNITS), maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.tuple(fc.constantFrom(...YAML_CORPUS), fc.constantFrom(...HOSTILE_UNITS)).map(([a, b]) => a + b),
);

const jsonData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie("list"),
    tie("map"),
  ),
  list: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(hostileString, tie("value"), { maxKeys: 4 }).map((o) => ({ ...o })),
}));

const RUNS = 400;

describe("-o yaml: generated hostile data", () => {
  it(`reads back as written in the yaml package, 1.2 and 1.1 (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(jsonData.map as fc.Arbitrary<Record<string, unknown>>, (data) => {
        for (const read of yamlPackageReads(yamlOf(data))) expect(read).toEqual(asWritten(data));
      }),
      { numRuns: RUNS },
    );
  });

  it(`reads back as written in PyYAML, every loader (${RUNS} samples in one batch)`, () => {
    const pyYaml = pyYamlOrWarn();
    if (!pyYaml) return;
    const seed = Date.now() % 2 ** 31;
    const samples = fc.sample(jsonData.map as fc.Arbitrary<Record<string, unknown>>, { numRuns: RUNS, seed });
    try {
      expectPyYamlAgrees(pyYaml, samples);
    } catch (error) {
      throw new Error(`seed ${seed}: ${(error as Error).message}`);
    }
  }, 60_000);
});
