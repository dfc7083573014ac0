/**
 * `--debug` and `EDIS_DEBUG`: the client's debug log (every exchange, its secrets redacted;
 * src/request/exchange-log.ts) written to the command's stderr, so that stdout keeps only the result.
 */
import type { EdisClientOptions } from "../index.js";

/** EDIS_DEBUG asks for the debug log unless it is unset, empty, `0`, `false`, `no` or `off`. */
export function debugFromEnv(value: string | undefined): boolean {
  return value !== undefined && !["", "0", "false", "no", "off"].includes(value.trim().toLowerCase());
}

/** The debug line of a request going out (src/request/exchange-log.ts): one per attempt, so retries count. */
const REQUEST_LINE = /^edis-global: #\d+ \S+ attempt \d+ of \d+: POST \S+ form /u;

/**
 * The client's log options: with `debug`, level debug into `stderr`, a line each; otherwise
 * warnings only (which the CLI takes through `onWarning`), whatever EDIS_LOG says. With
 * `onRequest` (the journal counting requests), level debug in any case, `onRequest` called for
 * each request sent, and the debug and info lines shown only with `debug`.
 */
export function logOptions(debug: boolean, stderr: NodeJS.WritableStream, onRequest?: () => void): Pick<EdisClientOptions, "logLevel" | "logger"> {
  if (!debug && !onRequest) return { logLevel: "warn" };
  const write = (message: string): void => void stderr.write(`${message}\n`);
  const shown = debug ? write : () => undefined;
  if (!onRequest) return { logLevel: "debug", logger: { error: write, warn: write, info: write, debug: write } };
  const debugLine = (message: string): void => {
    if (REQUEST_LINE.test(message)) onRequest();
    shown(message);
  };
  return { logLevel: "debug", logger: { error: write, warn: write, info: shown, debug: debugLine } };
}
