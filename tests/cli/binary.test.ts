/**
 * Smoke tests of the bundled `edis`, the package's bin, run as a shell runs it (a process with
 * piped streams): the version it finds, its exit codes, stdin from a pipe, and Ctrl-C. Every
 * other CLI test runs `edis` in-process (its io injected), or on a terminal (terminal.test.ts).
 */
import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, inject, it } from "vitest";
import { json } from "../../test-support/fake-edis.js";
import { hostFor, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { PROCESS_TEST, runEdis, startEdis } from "../../test-support/cli-process.js";

const cli = useCliFixture();

describe("the bundled edis", PROCESS_TEST, () => {
  it("prints the package's version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(await runEdis(["--version"], cli.env)).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("exits with 0 on success, 1 for an API error and 2 for a usage error", async () => {
    const ok = await runEdis(["power", "state", "--json"], cli.env);
    expect(ok).toEqual({
      code: 0,
      stdout: `${JSON.stringify({ status: "success", data: "server powered on", traffic_suspended: "n" }, null, 2)}\n`,
      stderr: "",
    });

    cli.fake.replies = [json(400, { status: "error", error: "Required field 'kvm_id' is missing." })];
    const failed = await runEdis(["power", "state"], cli.env);
    expect(failed).toEqual({ code: 1, stdout: "", stderr: "edis: getPowerState failed: 400 Required field 'kvm_id' is missing.\n" });

    const usage = await runEdis(["vps", "list", "--pw=hunter2"], cli.env);
    expect(usage).toMatchObject({ code: 2, stdout: "" });
    expect(usage.stderr.split("\n")[0]).toBe("edis: unknown option '--pw=hunter2'");
    expect(cli.fake.received.filter((r) => r.path === pathOf("getPowerState"))).toHaveLength(2);
  });

  it("-o yaml is written by the bundle itself; the yaml package is never imported statically (contract check loads it late)", async () => {
    const ok = await runEdis(["power", "state", "-o", "yaml"], cli.env);
    expect(ok).toEqual({ code: 0, stdout: 'status: success\ndata: server powered on\ntraffic_suspended: "n"\n', stderr: "" });
    const bundle = readFileSync(inject("cliMain"), "utf8");
    expect(bundle).not.toMatch(/^import [^;]*from\s*"yaml"/mu);
    expect(bundle).toContain('import("yaml")');
  });

  it("node:crypto is loaded when a store names a file, not when edis starts (--help never pays for it)", async () => {
    const help = await runEdis(["--help"], cli.env);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    const bundle = readFileSync(inject("cliMain"), "utf8");
    expect(bundle).not.toMatch(/^import [^;]*from\s*"(node:)?crypto"/mu);
    expect(bundle).toContain('load("node:crypto")');
  });

  it("contract check finds the spec beside the bundle and loads ajv only then (no static import of it)", async () => {
    // The fake's power state carries traffic_suspended as "n", where the spec says a boolean.
    const result = await runEdis(["contract", "check", "--json"], cli.env);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { result: string; operations: { operationId: string; violations: { path: string; rule: string }[] }[] };
    expect(report.result).toBe("violations");
    const power = report.operations.find((o) => o.operationId === "getPowerState");
    expect(power?.violations.map((v) => [v.path, v.rule])).toEqual([["/traffic_suspended", "type"]]);
    const bundle = readFileSync(inject("cliMain"), "utf8");
    for (const name of ["ajv", "ajv-formats"]) {
      expect(bundle).not.toMatch(new RegExp(`^import [^;]*from\\s*"${name}"`, "mu"));
      expect(bundle).toContain(`import("${name}")`);
    }
  });

  it("carries commander inside it, and no openapi-fetch (the request path does without it): its only package imports are yaml's and ajv's, and the simulator's own bundle, loaded late", () => {
    const bundle = readFileSync(inject("cliMain"), "utf8");
    const packages = [...bundle.matchAll(/^import\s[^;]*?from\s*"([^"]+)"/gmu)].map((m) => m[1]!).filter((name) => !name.startsWith("node:"));
    expect(packages).toEqual([]);
    // yaml for the spec of contract check; ajv and ajv-formats for contract check only;
    // the simulator (dist/edis-global-testing.js, beside the bin) for edis simulate only.
    const lazy = new Set([...bundle.matchAll(/\bimport\("([^"]+)"\)/gu)].map((m) => m[1]!).filter((name) => !name.startsWith("node:")));
    expect([...lazy].sort()).toEqual(["./edis-global-testing.js", "ajv", "ajv-formats", "yaml"]);
    expect(bundle).toContain("exports.CommanderError = CommanderError");
    expect(bundle).not.toMatch(/^function createClient\(clientOptions\)/mu);
  });

  it("--file - waits for a pipe whose writer is still at work", async () => {
    const run = startEdis(["ptr", "get", "--file", "-", "--json"], cli.env, { holdStdin: true });
    // Nothing is written for a while: the command must wait for it, not fail on an empty pipe.
    const endedFirst = await Promise.race([run.result.then(() => true), delay(1500).then(() => false)]);
    if (!endedFirst) run.child.stdin.end("192.0.2.1\n2001:db8::1\n");
    const result = await run.result;
    expect(result).toEqual({
      code: 0,
      stdout: `${JSON.stringify(
        [
          { ip: "192.0.2.1", ptr_record: hostFor("192.0.2.1") },
          { ip: "2001:db8::1", ptr_record: hostFor("2001:db8::1") },
        ],
        null,
        2,
      )}\n`,
      stderr: "",
    });
  });

  it("Ctrl-C during a call: exit 130, one line, nothing more sent", async () => {
    const run = startEdis(["power", "state"], cli.env);
    // The call is never answered; the user presses Ctrl-C once it has arrived.
    cli.fake.replies = [() => void run.child.kill("SIGINT")];
    expect(await run.result).toEqual({ code: 130, stdout: "", stderr: "edis: interrupted\n" });
    expect(cli.fake.received.map((r) => r.path)).toEqual([pathOf("createAuthSession"), pathOf("getPowerState")]);
  });
});
