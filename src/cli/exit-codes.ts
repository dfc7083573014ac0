/**
 * The exit codes of `edis`, as `edis --help` documents them, and which failure ends with which:
 * a table from a test of the error to its code, read top to bottom; anything else is 1.
 */
import { CommanderError } from "commander";
import { EdisAbortError, isEdisOutcomeUnknownError, isEdisValidationError } from "../index.js";
import { Interrupted, UsageError } from "./errors.js";

export const EXIT = {
  ok: 0,
  /** The API answered with an error, or it could not be reached. */
  failed: 1,
  /** Usage or validation error, or a destructive command that was not confirmed. */
  usage: 2,
  /**
   * An order, upgrade or cancellation (ORDER API) was sent and no answer says what became of
   * it (timeout, connection cut, unreadable answer): it may exist. Not 1, which a script may
   * take as "refused, safe to retry".
   */
  outcomeUnknown: 3,
  /** Ctrl-C. */
  interrupted: 130,
} as const;

/** The failures that do not end with {@link EXIT.failed}. */
const EXIT_BY_ERROR: readonly { readonly is: (error: unknown) => boolean; readonly code: number }[] = [
  { is: isEdisOutcomeUnknownError, code: EXIT.outcomeUnknown },
  { is: (error) => error instanceof UsageError, code: EXIT.usage },
  { is: (error) => error instanceof CommanderError, code: EXIT.usage },
  { is: isEdisValidationError, code: EXIT.usage },
  { is: (error) => error instanceof Interrupted, code: EXIT.interrupted },
  { is: (error) => error instanceof EdisAbortError, code: EXIT.interrupted },
];

/** Exit code of a failure: 3 for a money operation of unknown outcome, 2 for usage and validation errors, 130 for Ctrl-C, else 1. */
export function exitCodeOf(error: unknown): number {
  return EXIT_BY_ERROR.find((row) => row.is(error))?.code ?? EXIT.failed;
}
