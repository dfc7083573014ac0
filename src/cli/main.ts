#!/usr/bin/env node
/**
 * The `edis` command (the package's bin). Ctrl-C cancels the calls in flight and exits
 * with 130 (`edis simulate`, which runs until stopped, also stops on SIGTERM, and exits with 0);
 * everything else happens in run.ts.
 */
import { runCli } from "./run.js";

const interrupt = new AbortController();
process.once("SIGINT", () => interrupt.abort(new Error("interrupted")));
// A reader that stops early (`edis vps list | head -1`) is not an error of the command.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
  untilStopped: () => {
    const stop = new AbortController();
    const onStop = (): void => stop.abort(new Error("stopped"));
    process.once("SIGTERM", onStop);
    interrupt.signal.addEventListener("abort", onStop, { once: true });
    return stop.signal;
  },
});
process.exitCode = code;
