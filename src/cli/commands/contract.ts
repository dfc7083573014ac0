/**
 * `edis contract check`: the contract checks against the live API, for a team's own CI. It
 * sends every read-only operation of the spec with the user's credentials (a guard refuses
 * anything else: src/contract/read-only.ts), judges each answer against the spec shipped in the
 * package, and prints the report as text, JSON or YAML, optionally also as JUnit XML. Exit 0
 * clean, 1 on a violation (or an operation that could not be checked), 2 without credentials.
 */
import { isIP } from "node:net";
import type { Command } from "commander";
import { runContractCheck } from "../../contract/check.js";
import { junitReport } from "../../contract/junit.js";
import { humanReport } from "../../contract/report.js";
import { loadShippedSchemas } from "../../contract/spec-files.js";
import type { CliContext } from "../context.js";
import { hostOverrides, readCredentials } from "../environment.js";
import { ReportedFailure, UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { checkOutputFile, writeOutputFile } from "../output/output-file.js";
import { canPrompt } from "../prompt.js";

interface CheckFlags {
  junit?: string;
  ip?: string;
}

/** The addresses of --ip, each checked before anything is sent. */
function parseAddresses(text: string): string[] {
  const ips = text.split(/[\s,]+/u).filter(Boolean);
  const bad = ips.filter((ip) => isIP(ip) === 0);
  if (ips.length === 0 || bad.length > 0)
    throw new UsageError(`--ip takes IP addresses, comma-separated${bad.length > 0 ? `: ${bad.join(", ")} is not one` : ""}`);
  return ips;
}

/** Adds `contract check`. */
export function addContractCommands(program: Command, ctx: CliContext, withSubcommands = true): void {
  const contract = program.command("contract").description("Check the live EDIS API against the spec shipped in this package: check");
  // The root help needs only the description (src/cli/program.ts, groupsToFill).
  if (!withSubcommands) return;
  contract
    .command("check")
    .description("Send every read-only operation with your credentials (never a write) and check each answer against the spec")
    .option("--junit <file>", "also write the report as JUnit XML to this file (one testcase per operation)")
    .option("--ip <addresses>", "addresses for getPTR, comma-separated (default: the VPS's IPv4 addresses)")
    .addHelpText(
      "after",
      [
        "",
        "The account and VPS are those of other commands (EDIS_EMAIL or the context; --kvm, EDIS_KVM_ID or",
        "the context's VPS), else the account's first VPS. Sessions are not taken from the",
        "cache: the auth call is checked too. Reads are not resent unless --retries says so.",
        "",
        "Examples:",
        "  $ edis contract check",
        "  $ edis contract check --junit report.xml          # for CI: EDIS_EMAIL and EDIS_PASSWORD from secrets",
        "  $ edis contract check --json",
        "",
        "Exit codes: 0 every answer matches the spec, 1 a violation (or an operation that could not be",
        "checked), 2 no credentials or a usage error (nothing was sent).",
      ].join("\n"),
    )
    .action(async (flags: CheckFlags) => {
      const { env } = ctx.io;
      if (ctx.output.format === "csv") throw new UsageError("contract check prints text, JSON or YAML (-o csv has no rows to show)");
      const ptrIps = flags.ip === undefined ? undefined : parseAddresses(flags.ip);
      if (flags.junit) checkOutputFile("--junit", flags.junit);
      const hosts = hostOverrides(env);
      // The email may also come from the context in use (edis context); the password only from the environment or a prompt.
      const email = ctx.namedEmail();
      const missing = [...(email ? [] : ["EDIS_EMAIL"]), ...(env.EDIS_PASSWORD ? [] : ["EDIS_PASSWORD"])];
      if (missing.length > 0 && !canPrompt(ctx.io)) {
        throw new UsageError(`contract check needs ${missing.join(" and ")} (in CI: from the repository's secrets); nothing was sent`);
      }
      const credentials = await readCredentials(env, ctx.io, email);
      const kvmId = ctx.explicitKvmId();
      const { timeout, retries } = ctx.globals;
      const report = await runContractCheck({
        ...credentials,
        hosts,
        schemas: await loadShippedSchemas(),
        signal: ctx.io.signal,
        onWarning: (message) => ctx.note(`warning: ${message}`),
        ...(kvmId ? { kvmId } : {}),
        ...(ptrIps ? { ptrIps } : {}),
        ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
        ...(retries !== undefined ? { retries } : {}),
      });
      if (ctx.structured) await ctx.print(report);
      else ctx.io.stdout.write(humanReport(report));
      if (flags.junit) {
        try {
          writeOutputFile("--junit", flags.junit, junitReport(report));
        } catch (error) {
          if (error instanceof UsageError) throw error;
          ctx.note(`cannot write the JUnit report to ${flags.junit}: ${(error as Error).message}`);
          throw new ReportedFailure(EXIT.failed);
        }
      }
      if (report.result !== "clean") throw new ReportedFailure(EXIT.failed);
    });
}
