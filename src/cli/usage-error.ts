/**
 * Failures of the command line itself, as opposed to the API's: a bad flag value, a missing
 * input, an unconfirmed destructive command. They exit with code 2 and send nothing.
 */

/** The command was used wrongly; the message says how to use it rightly. */
export class UsageError extends Error {}
UsageError.prototype.name = "UsageError";

/** The user pressed Ctrl-C (at a prompt or during a call). */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
  }
}
Interrupted.prototype.name = "Interrupted";

/** Exit codes, as `edis --help` documents them. */
export const EXIT = {
  ok: 0,
  /** The API answered with an error, or it could not be reached. */
  failed: 1,
  /** Usage or validation error, or a destructive command that was not confirmed. */
  usage: 2,
  /** Ctrl-C. */
  interrupted: 130,
} as const;

/** A failure whose report the command has printed already; only its exit code is left to give. */
export class ReportedFailure extends Error {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super("reported");
    this.exitCode = exitCode;
  }
}
ReportedFailure.prototype.name = "ReportedFailure";
