/**
 * Failures of the command line itself, as opposed to the API's: a bad flag value, a missing
 * input, an unconfirmed destructive command, Ctrl-C, and a failure already reported. Which exit
 * code each one gives is exit-codes.ts's business.
 */

/** The command was used wrongly; the message says how to use it rightly. Nothing was sent. */
export class UsageError extends Error {}
UsageError.prototype.name = "UsageError";

/** The user pressed Ctrl-C (at a prompt or during a call). */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
  }
}
Interrupted.prototype.name = "Interrupted";

/** A failure whose report the command has printed already; only its exit code is left to give. */
export class ReportedFailure extends Error {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super("reported");
    this.exitCode = exitCode;
  }
}
ReportedFailure.prototype.name = "ReportedFailure";
