/**
 * Where commander prints the help and its own errors, and how: on the CLI's streams, as wide as
 * the terminal they are and with colours as their environment allows (the CLI's io, never
 * process.stdout or process.env, so that runCli behaves the same inside a test), and its
 * "error: …" as the CLI's one line `edis: …` with a pointer to the help.
 */
import type { OutputConfiguration } from "commander";
import type { CliIo } from "../context.js";

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; hasColors?: (env?: object) => boolean };

/** commander's reading of NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE, in `env`. */
function colorSetting(env: NodeJS.ProcessEnv): boolean | undefined {
  if (env.NO_COLOR || env.FORCE_COLOR === "0" || env.FORCE_COLOR === "false") return false;
  if (env.FORCE_COLOR || env.CLICOLOR_FORCE !== undefined) return true;
  return undefined;
}

/** The terminal's width; off a terminal none, and commander takes 80. */
function width(stream: Stream): number {
  return (stream.isTTY ? stream.columns : undefined) as number;
}

function hasColors(stream: Stream, env: NodeJS.ProcessEnv): boolean {
  return colorSetting(env) ?? (stream.isTTY === true && stream.hasColors?.(env) === true);
}

/** commander's output settings for the CLI's `io`. */
export function commanderOutput(io: CliIo): OutputConfiguration {
  const stdout = io.stdout as Stream;
  const stderr = io.stderr as Stream;
  return {
    writeOut: (text) => void stdout.write(text),
    writeErr: (text) => void stderr.write(text),
    // commander says "error: …"; the CLI's one line is "edis: …", with a pointer to the help.
    outputError: (text, write) => write(`${text.replace(/^error: /u, "edis: ").trimEnd()}\n(see edis --help)\n`),
    getOutHelpWidth: () => width(stdout),
    getErrHelpWidth: () => width(stderr),
    getOutHasColors: () => hasColors(stdout, io.env),
    getErrHasColors: () => hasColors(stderr, io.env),
  };
}
