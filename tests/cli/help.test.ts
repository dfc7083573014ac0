/**
 * The help screens and the command-line surface: every namespace and method of the client is
 * a command with examples, the exit codes are documented, and there is no password flag.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { namespaceTable, operationTable } from "../../generated/operations.js";
import { type CliResult, cliEnv } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { kebab } from "../../src/cli/names.js";
import { runCli } from "../../src/cli/run.js";

/** Help never reads the cache; the directory need not exist. */
const env = cliEnv(undefined, join(tmpdir(), "edis-cli-help-unused"));

/** Every `[namespace, method]` pair of the client, in kebab-case, plus the commands of the CLI itself. */
const COMMANDS: [string, string][] = [
  ["vps", "list"],
  ...Object.entries(namespaceTable).flatMap(([ns, methods]) => Object.keys(methods).map((m): [string, string] => [kebab(ns), kebab(m)])),
];

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}

describe("edis --help", () => {
  it("lists every namespace with its methods, the environment and the exit codes", async () => {
    const result = await runEdisHere(["--help"], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    for (const [ns, method] of COMMANDS) {
      expect(result.stdout).toMatch(new RegExp(`^  ${ns} .*(?:\\n {4,}.*)*\\b${method}\\b`, "mu"));
    }
    expect(result.stdout).toMatch(/^ {2}logout /mu);
    expect(result.stdout).toMatch(/^ {2}context +Named contexts, one per account: create, use,\s+unset, list, current, delete$/mu);
    expect(result.stdout).toMatch(/^ {2}--context <name> +the named context/mu);
    expect(result.stdout).toContain("Examples:\n  $ edis vps list\n");
    for (const name of [
      "EDIS_EMAIL",
      "EDIS_PASSWORD",
      "EDIS_KVM_ID",
      "EDIS_SESSION_URL",
      "EDIS_RDNS_URL",
      "EDIS_API_URL",
      "EDIS_CACHE_DIR",
      "EDIS_CONTEXT",
      "EDIS_CONFIG_DIR",
    ]) {
      expect(result.stdout).toContain(name);
    }
    expect(result.stdout).toMatch(/^Exit codes:\n {2}0 +success\n {2}1 +API or network error.*\n {2}2 +usage or validation error/mu);
  });

  it("is also `edis help <command>`, which exits with 0", async () => {
    const result = await runEdisHere(["help", "ptr"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: edis ptr /u);
  });
});

describe("edis <command> --help", () => {
  const screens = new Map<string, CliResult>();
  beforeAll(async () => {
    await inBatches(COMMANDS, 8, async ([ns, method]) => screens.set(`${ns} ${method}`, await runEdisHere([ns, method, "--help"], env)));
  });

  it("exists for every method of the client, with examples of that command", () => {
    for (const [ns, method] of COMMANDS) {
      const result = screens.get(`${ns} ${method}`)!;
      expect(result.code, `${ns} ${method}`).toBe(0);
      expect(result.stdout, `${ns} ${method}`).toMatch(new RegExp(`^Usage: edis ${ns} ${method}\\b`, "u"));
      expect(result.stdout, `${ns} ${method}`).toMatch(new RegExp(`\\nExamples:\\n(?: {2}\\$ .*\\n)*? {2}\\$ edis (?:.* )?${ns} ${method}\\b`, "u"));
    }
  });

  it("marks destructive commands, as the spec does, and only those", () => {
    for (const [ns, methods] of Object.entries(namespaceTable)) {
      for (const [method, operationId] of Object.entries(methods)) {
        const name = `${kebab(ns)} ${kebab(method)}`;
        const text = screens.get(name)!.stdout.replace(/\s+/gu, " ");
        const op = operationTable[operationId];
        // A session operation changes the VPS; the ORDER API's change the account.
        const mark = `${op.auth === "session" ? "changes the VPS" : "changes the account"}: asks to confirm, or --yes`;
        expect(text.includes(mark), name).toBe(op.destructive);
        expect(text.includes(": asks to confirm, or --yes"), name).toBe(op.destructive);
      }
    }
  });

  it("shows the global options once, in edis --help: a command's help names them in one line pointing there", async () => {
    const root = await runEdisHere(["--help"], env);
    expect(root.stdout).toMatch(/^ {2}--timeout <duration> +time one request may take/mu);
    expect(root.stdout).not.toContain("see edis --help");
    for (const [name, screen] of [...screens, ["ptr set", await runEdisHere(["ptr", "set", "--help"], env)] as const]) {
      const text = screen.stdout.replace(/\s+/gu, " ");
      expect(text, name).not.toContain("time one request may take");
      expect(text, name).not.toContain("Global Options:");
      expect(text, name).toContain(
        "Global options (--kvm, --context, --output, --json, --no-header, --no-chart, --fields, --timeout, --retries, --yes, --verbose, --debug): see edis --help",
      );
    }
  });

  it("offers no flag that takes a password", async () => {
    const root = await runEdisHere(["--help"], env);
    for (const screen of [root, ...screens.values()]) expect(screen.stdout).not.toMatch(/--[a-z-]*(?:password|passwd|pw)\b/iu);
  });
});

describe("usage errors exit with 2", () => {
  it.each([
    [["ptr", "get", "192.0.2.1", "--password", "hunter2"], "edis: unknown option '--password'"],
    [["vps", "list", "--pw=hunter2"], "edis: unknown option '--pw=hunter2'"],
    [["powr", "state"], "edis: unknown command 'powr'"],
    [["hooks", "delete", "--hook-id", "one", "--yes"], "edis: option '--hook-id <n>' argument 'one' is invalid. --hook-id must be an integer."],
    [["install", "mount-iso", "--yes"], "edis: required option '--iso <iso>' not specified"],
    [["ptr"], "Usage: edis ptr [options] [command]"],
  ])("edis %j", async (args, first) => {
    const result = await runEdisHere(args, env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toBe(first);
  });
});

describe("the help's width", () => {
  it("is that of the terminal the CLI's stdout is, whatever the running process's stdout is", async () => {
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 64 });
    let text = "";
    stdout.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    const stdin = new PassThrough();
    stdin.end();
    const code = await runCli(["ptr", "set", "--help"], { stdin, stdout, stderr: new PassThrough(), env, signal: new AbortController().signal });
    expect(code).toBe(0);
    expect(text).toMatch(/^Usage: edis ptr set /u);
    const lines = text.split("\n");
    expect(lines.filter((line) => line.length > 64 && !line.startsWith("  $ "))).toEqual([]);
    expect(lines.some((line) => line.length > 56)).toBe(true);
  });
});
