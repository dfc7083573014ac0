// Proves that the project's Spectral rules in .spectral.yaml fire: each fixture in
// scripts/spectral-functions/fixtures violates exactly one custom rule. All fixtures are linted by
// ONE Spectral CLI run (the CLI takes ~1 s to start). That the real documents have no errors is
// npm run lint:spec's to check (a step of npm test, over every spec/edis-*-api.yaml); linting them
// here as well cost 3 s of CPU a run, so this file checks only that lint:spec takes them all.
// The custom functions are also called directly for edge cases a fixture cannot isolate
// (ones the built-in rules would flag too).
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import edisFormEncoding from "./spectral-functions/edisFormEncoding.js";
import edisOperationServer from "./spectral-functions/edisOperationServer.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const spectralBin = path.join(root, "node_modules", ".bin", "spectral");
const fixture = (name: string) => path.join(root, "scripts", "spectral-functions", "fixtures", name);

const SPECS = readdirSync(path.join(root, "spec"))
  .filter((f) => /^edis-.*-api\.yaml$/.test(f))
  .map((f) => path.join(root, "spec", f));
const FIXTURES = {
  operationServer: fixture("operation-server.bad.yaml"),
  formEncoding: fixture("form-encoding.bad.yaml"),
  errorResponses: fixture("error-responses.bad.yaml"),
};

// Spectral's JSON output; severity 0 = error, 1 = warning, 2 = info, 3 = hint.
interface Diagnostic {
  code: string | number;
  message: string;
  path: string[];
  severity: number;
  source?: string;
}

let byFile: Map<string, Diagnostic[]>;

beforeAll(() => {
  const files = Object.values(FIXTURES);
  const run = spawnSync(spectralBin, ["lint", "-r", path.join(root, ".spectral.yaml"), "-f", "json", "--quiet", ...files], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // Exit status 1 just means "errors found" (the fixtures have some); anything else is a crash.
  if (run.error || (run.status !== 0 && run.status !== 1)) {
    throw new Error(`spectral failed (status ${run.status}): ${run.error ?? ""}\n${run.stderr}`);
  }
  const diagnostics = JSON.parse(run.stdout) as Diagnostic[];
  byFile = new Map(files.map((f) => [f, []]));
  for (const d of diagnostics) byFile.get(path.resolve(d.source ?? ""))?.push(d);
}, 180_000);

const errorsOf = (file: string) => byFile.get(file)!.filter((d) => d.severity === 0);

describe("spectral rules on the real documents", () => {
  it("are npm run lint:spec's: both APIs' documents, with this ruleset, failing on any error", () => {
    expect(SPECS.map((f) => path.basename(f))).toEqual(["edis-management-api.yaml", "edis-order-api.yaml"]);
    const script: string = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts["lint:spec"];
    expect(script).toMatch(/^spectral lint --fail-severity=error .*"spec\/edis-\*-api\.yaml"$/);
    // Spectral reads .spectral.yaml from the working directory when no -r is given.
    expect(script).not.toMatch(/ (-r|--ruleset)\b/);
  });
});

describe("edis-operation-server", () => {
  it("is the only rule with errors in its fixture", () => {
    expect(new Set(errorsOf(FIXTURES.operationServer).map((d) => d.code))).toEqual(new Set(["edis-operation-server"]));
  });

  it("reports each bad operation once and leaves the good ones alone", () => {
    const errors = errorsOf(FIXTURES.operationServer);
    const reported = errors.map((d) => d.path[1]).sort();
    expect(reported).toEqual(["/operation-bad-host", "/operation-empty", "/operation-http", "/path-missing-host"]);
    const message = (p: string) => errors.find((d) => d.path[1] === p)!.message;
    expect(message("/operation-http")).toMatch(/operation-level servers\[0\] url .* is not https/);
    expect(message("/path-missing-host")).toMatch(/path-item-level servers\[0\] has no x-edis-host/);
    expect(message("/operation-bad-host")).toMatch(/x-edis-host "dns"/);
    expect(message("/operation-empty")).toMatch(/operation-level servers .* are empty/);
  });
});

describe("edis-form-encoding", () => {
  it("is the only rule with errors in its fixture", () => {
    expect(new Set(errorsOf(FIXTURES.formEncoding).map((d) => d.code))).toEqual(new Set(["edis-form-encoding"]));
  });

  it("names every array/object property without contentType or style, and only those", () => {
    const named = errorsOf(FIXTURES.formEncoding)
      .map((d) => `${d.path[1]} ${/property "([^"]+)"/.exec(d.message)?.[1]}`)
      .sort();
    expect(named).toEqual(["/multipart files", "/urlencoded meta", "/urlencoded tags", "/urlencoded wrapped"]);
  });
});

describe("edis-error-responses", () => {
  it("is the only rule with errors in its fixture", () => {
    expect(new Set(errorsOf(FIXTURES.errorResponses).map((d) => d.code))).toEqual(new Set(["edis-error-responses"]));
  });

  it("reports each missing code of each operation", () => {
    const missing = errorsOf(FIXTURES.errorResponses)
      .map((d) => `${d.path[1]} ${/responses\[(\d+)\]/.exec(d.message)?.[1]}`)
      .sort();
    expect(missing).toEqual(["/no-400 400", "/no-401-500 401", "/no-401-500 500"]);
  });
});

// ---- Direct calls for edge cases --------------------------------------------------------------

const goodServer = { url: "https://dns-api.edisglobal.com", "x-edis-host": "rdns" };
const docWith = (rootServers: unknown, op: Record<string, unknown> = {}) => ({
  servers: rootServers,
  paths: { "/x": { post: { responses: {}, ...op } } },
});
const serverMessages = (doc: unknown) => (edisOperationServer(doc) as { message: string }[]).map((r) => r.message);

describe("edisOperationServer (direct)", () => {
  it("accepts a good root server and a templated one whose variables have defaults", () => {
    expect(serverMessages(docWith([goodServer]))).toEqual([]);
    const templated = {
      url: "https://{host}:{port}",
      "x-edis-host": "api",
      variables: { host: { default: "a.edisglobal.com" }, port: { default: "443" } },
    };
    expect(serverMessages(docWith([templated]))).toEqual([]);
  });

  it("accepts the ORDER API host and names every host kind when refusing one", () => {
    expect(serverMessages(docWith([{ url: "https://order.edisglobal.com", "x-edis-host": "order" }]))).toEqual([]);
    expect(serverMessages(docWith([{ url: "https://order.edisglobal.com", "x-edis-host": "billing" }]))).toEqual([
      'POST /x: root-level servers[0] has x-edis-host "billing", expected one of session, rdns, api, order.',
    ]);
  });

  it("reports operations that fall back to a bad root server", () => {
    expect(serverMessages(docWith([{ url: "https://api.edisglobal.com" }]))).toEqual(["POST /x: root-level servers[0] has no x-edis-host."]);
  });

  it("reports missing and empty server lists", () => {
    expect(serverMessages(docWith(undefined))).toEqual(["POST /x: no servers at operation, path-item or root level."]);
    expect(serverMessages(docWith([]))).toEqual(["POST /x: the root-level servers it resolves to are empty."]);
  });

  it("reports template variables without a default and non-https schemes", () => {
    const noDefault = serverMessages(docWith([{ url: "https://{host}", "x-edis-host": "api", variables: {} }]));
    expect(noDefault).toEqual(["POST /x: root-level servers[0] url variable {host} has no default."]);
    const schemeVar = serverMessages(docWith([{ url: "{scheme}://a.edisglobal.com", "x-edis-host": "api", variables: { scheme: { default: "https" } } }]));
    expect(schemeVar).toEqual(['POST /x: root-level servers[0] url "{scheme}://a.edisglobal.com" is not https.']);
    expect(serverMessages(docWith([{ url: "/relative", "x-edis-host": "api" }]))).toHaveLength(1);
    const badDefault = serverMessages(docWith([{ url: "https://{host}", "x-edis-host": "api", variables: { host: { default: "a b" } } }]));
    expect(badDefault).toHaveLength(1);
    expect(badDefault[0]).toMatch(/not a valid https URL/);
  });
});

describe("edisFormEncoding (direct)", () => {
  const run = (content: unknown, resolved: unknown = {}) =>
    (
      edisFormEncoding(content, null, {
        path: ["paths", "/x", "post", "requestBody", "content"],
        documentInventory: { resolved },
      }) as { message: string }[]
    ).map((r) => /property "([^"]+)"/.exec(r.message)?.[1]);

  it("handles media-type parameters, oneOf branches, type lists and untyped objects", () => {
    const content = {
      "application/json": { schema: { type: "object", properties: { ignored: { type: "array" } } } },
      "Multipart/Form-Data; boundary=x": {
        schema: {
          oneOf: [
            { type: "object", properties: { a: { type: ["array", "null"] } } },
            { type: "object", properties: { b: { properties: { c: { type: "string" } } } } },
          ],
        },
        encoding: { a: { headers: {} } },
      },
    };
    expect(run(content).sort()).toEqual(["a", "b"]);
  });

  it("follows leftover local $refs (e.g. circular ones) through the resolved document", () => {
    const resolved = {
      components: { schemas: { List: { type: "array" }, Body: { properties: { l: { $ref: "#/components/schemas/List" } } } } },
    };
    const content = { "application/x-www-form-urlencoded": { schema: { $ref: "#/components/schemas/Body" } } };
    expect(run(content, resolved)).toEqual(["l"]);
    const encoded = { ...content["application/x-www-form-urlencoded"], encoding: { l: { style: "form" } } };
    expect(run({ "application/x-www-form-urlencoded": encoded }, resolved)).toEqual([]);
  });
});
