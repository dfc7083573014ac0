/**
 * `edis simulate`: the EDIS simulator of `edis-global/testing` as a server on 127.0.0.1, for
 * trying the CLI, shell scripts and code in other languages without an account. It prints the
 * `export EDIS_…` lines that point edis (or anything reading the same variables) at it, in one
 * write, for a shell to `eval`, and runs until SIGINT or SIGTERM, when it closes the server and
 * exits with 0. The simulator is loaded only when this command runs (as `contract check`
 * loads ajv), so no other command pays for it at start-up.
 */
import { readFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import type { EdisSimulator, EdisSimulatorSeed } from "../../testing/index.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";

interface SimulateFlags {
  port?: number;
  seed?: string;
  strict?: boolean;
  speed?: number;
}

/** A commander parser of --port: 0 (any free port) to 65535. */
function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/u.test(value.trim()) || port > 65_535) throw new InvalidArgumentError("--port must be a port number from 0 (any free port) to 65535.");
  return port;
}

/** A commander parser of --speed: how many times faster than real time the simulator's clock runs. */
function parseSpeed(value: string): number {
  const speed = Number(value);
  if (!/^\d+(?:\.\d+)?$|^\.\d+$/u.test(value.trim()) || !(speed > 0) || speed > 1_000_000)
    throw new InvalidArgumentError("--speed must be a number above 0 (1: real time, 60: a minute a second), at most 1000000.");
  return speed;
}

/** A word as a POSIX shell reads it back unchanged: single-quoted unless it is plainly safe. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/u.test(text) ? text : `'${text.replace(/'/gu, "'\\''")}'`;
}

/** The seed file: JSON or YAML (YAML reads JSON too), the shape of `sim.state`. */
async function readSeedFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --seed ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { parse } = await import("yaml");
  let seed: unknown;
  try {
    seed = parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--seed ${file} is neither JSON nor YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (typeof seed !== "object" || seed === null || Array.isArray(seed)) {
    throw new UsageError(
      `--seed ${file} must hold a mapping in the shape of the simulator's state (account, vps, …), not ${seed === null ? "null" : Array.isArray(seed) ? "a list" : typeof seed}`,
    );
  }
  return seed;
}

/** Resolves when `signal` fires (at once if it has). */
function stopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/** Adds `simulate` (four options: built for every run, as the root help shows them; the simulator itself loads only when it runs). */
export function addSimulateCommand(program: Command, ctx: CliContext): void {
  program
    .command("simulate")
    .description("Run a simulated EDIS on 127.0.0.1 (no account needed) and print the EDIS_* variables that point edis at it")
    .option("--port <n>", "the port to listen on (default: any free port)", parsePort)
    .option("--seed <file>", "the account to start from, as JSON or YAML in the shape of the simulator's state (docs/testing.md)")
    .option("--strict", "a request that breaks the spec gets a 400 saying why, not the error the spec documents (either way stderr reports it)")
    .option("--speed <x>", "how fast the simulator's clock runs: 1 real time (the default), 60 a minute each second", parseSpeed)
    .addHelpText(
      "after",
      [
        "",
        "It prints the variables as `export` lines on stdout once it listens (with --json: as one object), and",
        "runs until Ctrl-C (SIGINT) or SIGTERM. Sessions, PTR records, power and the rest keep their state",
        "while it runs; power takes (simulated) time to change, so --speed 60 makes `power off --wait` quick.",
        "",
        "Examples:",
        "  $ edis simulate --port 8787 > edis-sim.env &      # then: . ./edis-sim.env && edis vps list",
        "  $ edis simulate --seed account.yaml --speed 60",
        "  $ edis simulate --strict --json",
      ].join("\n"),
    )
    .action(async (flags: SimulateFlags) => {
      const seed = flags.seed === undefined ? undefined : await readSeedFile(flags.seed);
      const stop = ctx.io.untilStopped?.() ?? ctx.io.signal;
      // Loaded now, not at start-up: no other command pays for the simulator (or its validators).
      const { createEdisSimulator } = await import("../../testing/index.js");
      let sim: EdisSimulator;
      try {
        sim = createEdisSimulator({
          ...(seed === undefined ? {} : { seed: seed as EdisSimulatorSeed }),
          strict: flags.strict === true,
          clock: { speed: flags.speed ?? 1 },
          onViolation: (violation) => ctx.note(`spec violation: ${violation.message}`),
        });
      } catch (error) {
        // The simulator refuses a seed it cannot use with a TypeError saying which part.
        if (error instanceof TypeError && flags.seed !== undefined) throw new UsageError(`--seed ${flags.seed}: ${error.message}`);
        throw error;
      }
      const server = await sim.listen({ port: flags.port ?? 0 }).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE" || code === "EACCES") throw new UsageError(`cannot listen on 127.0.0.1:${flags.port}: ${code}`);
        throw error;
      });
      try {
        const vps = sim.account.vps[0];
        const env: Record<string, string> = {
          ...server.env,
          EDIS_EMAIL: sim.account.email,
          EDIS_PASSWORD: sim.account.password,
          ...(vps ? { EDIS_KVM_ID: vps.kvmId } : {}),
        };
        if (ctx.structured) await ctx.print(env);
        else
          ctx.io.stdout.write(
            Object.entries(env)
              .map(([name, value]) => `export ${name}=${shellWord(value)}\n`)
              .join(""),
          );
        ctx.note(`simulating EDIS on ${server.url} (${sim.account.vps.length} VPSs); Ctrl-C stops it`);
        await stopped(stop);
      } finally {
        await sim.close();
      }
      ctx.note("simulator stopped");
    });
}
