/**
 * Runs the CLI once: parses the arguments, runs the command, prints a failure as one line on
 * stderr, and returns the exit code (0 success, 1 API or network error, 2 usage or validation
 * error, 130 interrupted).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CommanderError } from "commander";
import { CliContext, type CliIo, type GlobalOptions } from "./context.js";
import { buildProgram } from "./program.js";
import { reportFailure } from "./report-error.js";
import { ReportedFailure } from "./errors.js";
import { EXIT } from "./exit-codes.js";

/** The version of the installed package: the nearest package.json named edis-global above this file. */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "edis-global" && pkg.version) return pkg.version;
    } catch {
      // No (readable) package.json here: look further up.
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return "unknown";
}

/** Runs `edis <argv…>` and resolves with its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let globals: GlobalOptions = {};
  const ctx = new CliContext(io, () => globals);
  const program = buildProgram(ctx, packageVersion(), argv);
  // Global flags are read when a command runs, after commander has parsed all of them.
  program.hook("preAction", () => {
    globals = program.opts<GlobalOptions>();
    ctx.checkGlobals();
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its message (or the help) already. Help that was asked for
      // (--help, `help <command>`) and --version end with 0; anything else was a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ReportedFailure) return error.exitCode;
    const report = reportFailure(error, ctx.verbose || argv.includes("--verbose"));
    for (const line of report.lines) io.stderr.write(`${line}\n`);
    return report.code;
  }
}
