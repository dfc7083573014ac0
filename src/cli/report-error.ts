/**
 * What the user sees when a command fails: one line `edis: <message>` on stderr, and with
 * `--verbose` the error's class, operation, status and causes. Every text shown comes from the
 * library's messages (secrets already redacted there) or from the CLI itself; no stack trace
 * for a failure that can be expected, and no value of an environment variable. Control
 * characters are escaped as in tables (render.ts): a server's words cannot forge or erase lines.
 */
import { type EdisApiError, type EdisError, EdisTimeoutError, EdisValidationError, isEdisApiError, isEdisError } from "../index.js";
import { UsageError } from "./errors.js";
import { EXIT, exitCodeOf } from "./exit-codes.js";
import { clean } from "./output/render.js";

/** The exit code and the stderr lines for a failure. */
export interface FailureReport {
  readonly code: number;
  readonly lines: readonly string[];
}

/** The lines that describe `error`: the first is `edis: <message>`, details follow with `verbose`; each safe to print. */
export function reportFailure(error: unknown, verbose: boolean): FailureReport {
  const { code, lines } = linesOf(error, verbose);
  return { code, lines: lines.map(clean) };
}

function linesOf(error: unknown, verbose: boolean): FailureReport {
  const code = exitCodeOf(error);
  if (code === EXIT.interrupted) return { code, lines: ["edis: interrupted"] };
  // A usage error may name several problems (the bad lines of a file), one per line.
  if (error instanceof UsageError) return { code, lines: error.message.split("\n").map((line) => `edis: ${line}`) };
  if (isEdisError(error)) return { code, lines: [`edis: ${error.message}`, ...(verbose ? details(error) : [])] };
  // Not an expected failure: a bug of the CLI or of Node. The stack helps only with --verbose.
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`edis: unexpected error: ${message}`];
  if (verbose && error instanceof Error && error.stack)
    lines.push(
      ...error.stack
        .split("\n")
        .slice(1)
        .map((l) => `  ${l.trim()}`),
    );
  return { code, lines };
}

function details(error: EdisError): string[] {
  const lines = [`  error: ${error.name}`];
  if (error.operationId !== undefined) lines.push(`  operation: ${error.operationId}`);
  if (isEdisApiError(error)) {
    const api = error as EdisApiError;
    lines.push(`  status: ${api.status}`);
    if (api.serverCode !== undefined) lines.push(`  server code: ${api.serverCode}`);
    if (api.request) {
      lines.push(`  request: ${api.request.method} ${api.request.url}`);
      // The library redacted every secret field of this body already.
      lines.push(`  request body: ${api.request.body}`);
    }
  }
  if (error instanceof EdisTimeoutError) lines.push(`  timeout: ${error.timeoutMs} ms`);
  if (error instanceof EdisValidationError) lines.push(`  field: ${error.field}`);
  for (let cause = error.cause, depth = 0; cause !== undefined && depth < 5; depth++) {
    if (cause instanceof Error) {
      lines.push(`  cause: ${cause.name}: ${cause.message}`);
      cause = cause.cause;
    } else {
      lines.push(`  cause: ${String(cause)}`);
      break;
    }
  }
  return lines;
}
