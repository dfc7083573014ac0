/**
 * What a maintainer reads from the generator after a spec edit: its own errors as one line
 * without a stack trace, and generate:check showing which lines are stale, not only which file.
 * One case runs the script as a process (its exit code and streams); the others run the same
 * code in-process (run.ts), without a tsx start-up and the generator's imports each.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { generate } from "./run.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SPEC = readFileSync(join(ROOT, "spec/edis-management-api.yaml"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "generate-"));

function specFile(spec: string): string {
  const file = join(dir, `spec-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, spec);
  return file;
}

/** `npm run generate:check` on `spec` in place of the management document, as a process. */
function generateCheckProcess(spec: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = specFile(spec);
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "scripts/generate/main.ts", "--check", "--spec", file], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

/** The same, in-process. */
const generateCheck = (spec: string) => generate({ check: true, specPath: specFile(spec) });

/** spec/ with a second mount-details operation at another path. */
function withCopiedOperation(method: string): string {
  const start = SPEC.indexOf("  /kvm/v2/get/mount:");
  const end = SPEC.indexOf("\n  /kvm/v2/", start + 5);
  const copy = SPEC.slice(start, end)
    .replace("/kvm/v2/get/mount:", "/kvm/v2/get/mount_history:")
    .replace("operationId: getMountDetails", "operationId: getMountHistory")
    .replace("x-edis-method: info.mount", `x-edis-method: ${method}`);
  return `${SPEC.slice(0, end)}\n${copy}${SPEC.slice(end)}`;
}

test("a taken x-edis-method is one line naming the operation, without a stack trace", async () => {
  const { code, stdout, stderr } = await generateCheckProcess(withCopiedOperation("info.mount"));
  expect(code).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toBe("generate: getMountHistory: x-edis-method info.mount is taken\n");
}, 60_000);

test("a namespace whose tag does not name it is one line naming the operation", async () => {
  const { code, stdout, stderr } = await generateCheck(SPEC.replace("    x-edis-namespace: ptr\n", ""));
  expect(code).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toBe("generate: getPTR: namespace ptr has no tag with x-edis-namespace: ptr (its title)\n");
}, 60_000);

test("generate:check names the stale lines: a renamed response field shows as - and + lines", async () => {
  const start = SPEC.indexOf("    PowerStateResponse:");
  const end = SPEC.indexOf("\n    HardResetResponse:");
  const renamed = SPEC.slice(0, start) + SPEC.slice(start, end).replaceAll("traffic_suspended", "traffic_blocked") + SPEC.slice(end);
  const { code, stderr } = await generateCheck(renamed);
  expect(code).toBe(1);
  const lines = stderr.split("\n");
  expect(lines).toContain("--- generated/openapi.ts (committed)");
  expect(lines).toContain("+++ generated/openapi.ts (what spec/ produces)");
  expect(lines).toContain("-            traffic_suspended?: boolean;");
  expect(lines).toContain("+            traffic_blocked?: boolean;");
  // The simulator's check of that answer changes with it, and so does the Prism view shipped beside the spec.
  expect(lines).toContain("--- spec/edis-management-api.prism.yaml (committed)");
  expect(lines.at(-2)).toBe(
    "generated/ is stale: generated/openapi.ts, generated/response-validators.ts, spec/edis-management-api.prism.yaml differ from what spec/ produces. Run `npm run generate` and commit.",
  );
}, 60_000);

test("an x-edis-display the CLI does not know is one line naming the operation and the value", async () => {
  const { code, stdout, stderr } = await generateCheck(SPEC.replace("x-edis-display: unix-time", "x-edis-display: unix-millis"));
  expect(code).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toBe("generate: getAllDetails.traffic.data.last_updated: x-edis-display must be one of bytes, gigabytes, count, unix-time, percent\n");
}, 60_000);
