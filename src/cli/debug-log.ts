/**
 * `--debug` and `EDIS_DEBUG`: the client's debug log (every exchange, its secrets redacted;
 * src/exchange-log.ts) written to the command's stderr, so that stdout keeps only the result.
 */
import type { EdisClientOptions } from "../index.js";

/** EDIS_DEBUG asks for the debug log unless it is unset, empty, `0`, `false`, `no` or `off`. */
export function debugFromEnv(value: string | undefined): boolean {
  return value !== undefined && !["", "0", "false", "no", "off"].includes(value.trim().toLowerCase());
}

/**
 * The client's log options: with `debug`, level debug into `stderr`, a line each; otherwise
 * warnings only (which the CLI takes through `onWarning`), whatever EDIS_LOG says.
 */
export function logOptions(debug: boolean, stderr: NodeJS.WritableStream): Pick<EdisClientOptions, "logLevel" | "logger"> {
  if (!debug) return { logLevel: "warn" };
  const write = (message: string): void => void stderr.write(`${message}\n`);
  return { logLevel: "debug", logger: { error: write, warn: write, info: write, debug: write } };
}
