/**
 * Running `edis` in the test's own process: runCli (src/cli/run.ts) with in-memory streams
 * for stdin, stdout and stderr (none a terminal, as in a pipe), exactly the environment given
 * and a signal of its own. The result has the shape of a process's (cli-process.ts), which a
 * real terminal, a signal or the bundled binary itself still need; this costs no process start.
 */
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { runCli } from "../src/cli/run.js";
import type { CliResult, RunOptions } from "./cli-fixture.js";

/** A stream that keeps what is written to it, as text. */
function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  return { stream, text: () => text };
}

/** Runs `edis <args…>` here, with exactly `env` and `options.input` on stdin; resolves when it is done. */
export async function runEdisHere(args: readonly string[], env: Record<string, string>, options: Omit<RunOptions, "env"> = {}): Promise<CliResult> {
  const stdin = new PassThrough();
  stdin.end(options.input ?? "");
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(args, { stdin, stdout: stdout.stream, stderr: stderr.stream, env: { ...env }, signal: new AbortController().signal });
  // Everything written has been read once both streams have ended.
  const ended = Promise.all([once(stdout.stream, "end"), once(stderr.stream, "end")]);
  stdout.stream.end();
  stderr.stream.end();
  await ended;
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
