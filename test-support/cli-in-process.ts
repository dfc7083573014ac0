/**
 * Running `edis` in the test's own process: runCli (src/cli/run.ts) with in-memory streams
 * for stdin, stdout and stderr (none a terminal, as in a pipe), exactly the environment given
 * and a signal of its own (optionally stdout posing as a terminal of a given width, and a fixed
 * clock, for the terminal views; or stdin and stderr as a terminal that answers prompts). The
 * result has the shape of a process's (cli-process.ts), which a real terminal, a signal or the
 * bundled binary itself still need; this costs no process start.
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

/** What only an in-process run can fake. */
export interface HereOptions {
  /** stdout is a terminal of this many columns (stdin and stderr stay pipes). */
  readonly terminal?: { readonly columns: number };
  /** The CLI's clock: this time, in milliseconds. */
  readonly now?: number;
  /** stdin and stderr are a terminal edis can ask on (`input` is what is typed); stdout stays a pipe. */
  readonly askable?: boolean;
}

/** Runs `edis <args…>` here, with exactly `env` and `options.input` on stdin; resolves when it is done. */
export async function runEdisHere(
  args: readonly string[],
  env: Record<string, string>,
  options: Omit<RunOptions, "env"> & HereOptions = {},
): Promise<CliResult> {
  const stdin = new PassThrough();
  stdin.end(options.input ?? "");
  // A terminal to ask on, as far as the CLI's prompts can tell (prompt.ts's canPrompt).
  if (options.askable) Object.assign(stdin, { isTTY: true, setRawMode: () => stdin });
  const stdout = capture();
  const stderr = capture();
  // A terminal as far as the CLI can tell: stdout says it is a TTY of that width.
  if (options.terminal) Object.assign(stdout.stream, { isTTY: true, columns: options.terminal.columns });
  if (options.askable) Object.assign(stderr.stream, { isTTY: true });
  const now = options.now;
  const io = {
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: { ...env },
    signal: new AbortController().signal,
    ...(now === undefined ? {} : { now: () => now }),
  };
  const code = await runCli(args, io);
  // Everything written has been read once both streams have ended.
  const ended = Promise.all([once(stdout.stream, "end"), once(stderr.stream, "end")]);
  stdout.stream.end();
  stderr.stream.end();
  await ended;
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * Starts `edis <args…>` here for a command that runs until it is stopped (`edis simulate`):
 * what it has printed so far can be read while it runs, and `stop()` fires the signal that
 * Ctrl-C or SIGTERM fires for the process. `result` resolves when the command has ended.
 */
export function startEdisHere(
  args: readonly string[],
  env: Record<string, string>,
): { stdout: () => string; stderr: () => string; stop: () => void; result: Promise<CliResult> } {
  const stdin = new PassThrough();
  stdin.end("");
  const stdout = capture();
  const stderr = capture();
  const stopper = new AbortController();
  const io = { stdin, stdout: stdout.stream, stderr: stderr.stream, env: { ...env }, signal: new AbortController().signal, untilStopped: () => stopper.signal };
  const result = runCli(args, io).then(async (code) => {
    const ended = Promise.all([once(stdout.stream, "end"), once(stderr.stream, "end")]);
    stdout.stream.end();
    stderr.stream.end();
    await ended;
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  });
  return { stdout: stdout.text, stderr: stderr.text, stop: () => stopper.abort(), result };
}
