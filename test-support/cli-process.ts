/**
 * Running the bundled `edis` (the package's bin, built by cli-build.ts) as a child process, as
 * a user's shell runs it: with exactly the environment given and stdin piped, or on a
 * pseudo-terminal through util-linux `script`. For the smoke tests of the binary, the tests
 * that need a real terminal or a signal, and the cache tests with many processes at once; the
 * rest run `edis` in the test's own process (cli-in-process.ts).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { inject } from "vitest";
import type { CliResult, RunOptions } from "./cli-fixture.js";

// The fixture, for the tests that import it from here.
export * from "./cli-fixture.js";

/** How a process is started. */
export interface ProcessOptions extends Omit<RunOptions, "env"> {
  readonly cwd?: string;
  /** Leave stdin open (`input` is ignored): the test writes to `child.stdin` and ends it. */
  readonly holdStdin?: boolean;
}

/** Starts `edis <args…>` with exactly `env` and `options.input` on stdin; `result` resolves when it exits. */
export function startEdis(
  args: readonly string[],
  env: Record<string, string>,
  options: ProcessOptions = {},
): { child: ChildProcessWithoutNullStreams; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [inject("cliMain"), ...args], { env, cwd: options.cwd ?? process.cwd(), stdio: ["pipe", "pipe", "pipe"] });
  const result = new Promise<CliResult>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  if (!options.holdStdin) child.stdin.end(options.input ?? "");
  return { child, result };
}

/** Runs `edis <args…>` with exactly `env`; resolves when it exits. */
export function runEdis(args: readonly string[], env: Record<string, string>, options: Omit<ProcessOptions, "holdStdin"> = {}): Promise<CliResult> {
  return startEdis(args, env, options).result;
}

/**
 * The timeout of a test that runs the CLI as a process: a process takes a tenth of a second on
 * an idle machine, a test a few of them, but a machine running other suites beside this one
 * may be many times slower, and that must not fail a test.
 */
export const PROCESS_TEST = { timeout: 120_000 } as const;

/** True where `script` (util-linux) can give the CLI a pseudo-terminal. */
export const HAS_PTY = process.platform === "linux" && spawnSync("script", ["--version"], { encoding: "utf8" }).stdout?.includes("util-linux") === true;

function shellQuote(word: string): string {
  return `'${word.replace(/'/gu, "'\\''")}'`;
}

/**
 * Runs `edis <args…>` on a pseudo-terminal (through util-linux `script`), as a person at a
 * terminal would: each time the output shows the next `expect` text, it types that step's
 * `type`. Resolves with the exit code and everything the terminal showed (stdout and stderr
 * together, echo included). A dialogue that stalls is ended after 60 s, within the test's
 * {@link PROCESS_TEST} timeout, so that the test fails on what the screen showed.
 */
export function runEdisOnTerminal(
  args: readonly string[],
  env: Record<string, string>,
  dialogue: readonly { expect: string; type: string }[],
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, inject("cliMain"), ...args].map(shellQuote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-q", "-e", "-f", "-c", command, "/dev/null"], { env: { ...env, SHELL: "/bin/sh" }, stdio: ["pipe", "pipe", "pipe"] });
    const steps = [...dialogue];
    let screen = "";
    let seen = 0;
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      screen += chunk;
      const next = steps[0];
      const at = next ? screen.indexOf(next.expect, seen) : -1;
      if (next && at >= 0) {
        seen = at + next.expect.length;
        steps.shift();
        child.stdin.write(next.type);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}
