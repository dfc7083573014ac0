/**
 * `npm run spec:diff` as a maintainer runs it: a process, its exit code, its stdout (exactly
 * the JSON with --json) and its stderr (one line naming file, line and column when a document
 * cannot be read, and then nothing on stdout).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { captureIo } from "../lib/cli-io.js";
import { runDiff } from "./cli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const H = "spec/upstream/history/management";

function specDiff(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "scripts/spec-diff/main.ts", ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

describe("the spec:diff process", () => {
  test("--json prints exactly { changes, summary } and exits 1 for a breaking change", async () => {
    const { code, stdout, stderr } = await specDiff(["--json", `${H}/2026-05-06-08afe81.json`, `${H}/2026-05-06-2db7fe1.json`]);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(["changes", "summary"]);
    expect(report.summary).toEqual({ breaking: 2, "non-breaking": 0, docs: 2 });
    expect(Object.keys(report.changes[0])).toEqual(["severity", "kind", "operation", "operationId", "path", "from", "to", "message"]);
    expect(report.changes[0]).toEqual({
      severity: "breaking",
      kind: "request-field-removed",
      operation: "POST /kvm/v2/set/reinstall",
      operationId: "reinstallVPS",
      path: "requestBody.pubkey",
      from: "string",
      to: null,
      message: "request field pubkey removed",
    });
  }, 30_000);

  test("an unreadable revision: exit 2, one line on stderr with file, line and column, nothing on stdout", async () => {
    const { code, stdout, stderr } = await specDiff(["--json", `${H}/2026-05-06-2db7fe1.json`, `${H}/2026-06-17-dd9ebea.json`]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`spec:diff: ${H}/2026-06-17-dd9ebea.json:2838:4: not valid JSON: Unexpected non-whitespace character after JSON\n`);
  }, 30_000);
});

describe("runDiff", () => {
  const dir = mkdtempSync(join(tmpdir(), "spec-diff-"));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const run = (...args: string[]) => {
    const io = captureIo();
    return { code: runDiff(args, io, ROOT), io };
  };

  test("non-breaking changes only: exit 0, the human report groups by operation", () => {
    const { code, io } = run(`${ROOT}${H}/2026-05-06-2db7fe1.json`, `${ROOT}${H}/2026-05-06-08afe81.json`);
    expect(code).toBe(0);
    const text = io.stdout.join("\n");
    expect(text).toContain("POST /kvm/v2/set/reinstall (reinstallVPS)\n  non-breaking request-field-added");
    expect(text).toMatch(/summary: 0 breaking, 2 non-breaking, 2 docs$/);
  });

  test("the human report lists operations with a breaking change first, and breaking before docs inside one", () => {
    const { io } = run(`${ROOT}${H}/2025-04-22-31ae49d.json`, `${ROOT}${H}/2025-12-08-b8bca97.json`);
    const headings = io.stdout
      .join("\n")
      .split("\n")
      .filter((l) => l.startsWith("POST "));
    expect(headings.slice(0, 2)).toEqual([
      "POST /kvm/v2/get/turnkey_images (getTurnkeyImages)",
      "POST /kvm/v2/set/turnkey_reinstall (reinstallWithTurnkeyImage)",
    ]);
  });

  test.each([
    ["trailing comma", "bad.json", '{\n  "openapi": "3.0.0",\n  "paths": {},\n}\n', "bad.json:4:1: not valid JSON:"],
    ["unquoted key", "key.json", '{\n  openapi: "3.0.0"\n}', "key.json:2:3: not valid JSON:"],
    ["cut off", "cut.json", '{\n  "openapi": "3.0.0",\n  "paths": {', "cut.json:3:13: not valid JSON:"],
    ["bad YAML", "bad.yaml", "openapi: 3.0.3\npaths:\n  /a: [\n", "bad.yaml:4:1: not valid YAML:"],
    ["Swagger 2", "swagger.yaml", "swagger: '2.0'\npaths: {}\n", "swagger.yaml:1:1: not an OpenAPI 3 document (no `openapi` field)"],
    ["OpenAPI 2 number", "v2.yaml", "paths: {}\nopenapi: 2.0\n", "v2.yaml:2:1: not an OpenAPI 3 document (openapi: 2)"],
    ["no paths", "nopaths.json", '{"openapi": "3.0.0"}', "nopaths.json:1:1: not an OpenAPI 3 document (no `paths` object)"],
    [
      "dangling $ref",
      "ref.yaml",
      "openapi: 3.0.3\npaths:\n  /a:\n    post:\n      requestBody:\n        $ref: '#/components/requestBodies/Gone'\n",
      "ref.yaml:6:16: unresolved $ref #/components/requestBodies/Gone",
    ],
    // V8 words JSON errors differently across Node versions; the place is what must hold.
  ])("%s: exit 2 with file:line:column on stderr, nothing on stdout", (_what, name, text, message) => {
    const file = write(name, text);
    const { code, io } = run(file, `${ROOT}${H}/2026-05-06-2db7fe1.json`);
    expect(code).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain(`spec:diff: ${join(dir, message)}`);
  });

  test("a missing file and a bad git reference are refused the same way", () => {
    expect(run(join(dir, "none.json"), join(dir, "none.json")).io.stderr).toEqual([`spec:diff: ${join(dir, "none.json")}:1:1: no such file`]);
    const bad = run("git:no-such-ref:spec/edis-management-api.yaml", "spec/edis-management-api.yaml");
    expect(bad.code).toBe(2);
    expect(bad.io.stderr[0]).toMatch(/^spec:diff: git:no-such-ref:spec\/edis-management-api.yaml:1:1: git cannot show it/);
  });

  test("git:REF:PATH reads the document as committed: HEAD's vendored upstream equals the file", () => {
    const { code, io } = run("--json", "git:HEAD:spec/upstream/history/management/2026-05-06-2db7fe1.json", `${H}/2026-05-06-2db7fe1.json`);
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout.join(""))).toEqual({ changes: [], summary: { breaking: 0, "non-breaking": 0, docs: 0 } });
  });

  test("wrong arguments: usage on stderr, exit 2", () => {
    const { code, io } = run("only-one.json");
    expect(code).toBe(2);
    expect(io.stderr[0]).toMatch(/^usage: npm run spec:diff/);
  });
});
