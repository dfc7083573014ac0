/**
 * The figures of the reliability suite (`npm run test:reliability`). Each test adds what it
 * actually ran to its own task's metadata; scripts/reliability-reporter.ts sums them over the
 * run and prints one line. Nothing here is a constant: a scenario that did not run, or did not
 * pass, is not counted.
 */
import type { TestContext } from "vitest";

/** What the reliability suite counts. */
export interface ReliabilityFigures {
  /** Fault scenarios (a fault against one operation) whose assertions all held. */
  faultScenarios: number;
  /** Bad inputs refused with an EdisValidationError and no request. */
  badInputs: number;
  /** Runs of the property tests (fast-check's own count). */
  propertyRuns: number;
  /** Secret values found in an error, its views or the output. Must stay 0. */
  secretsFound: number;
  /** Views of errors and output searched for secrets. */
  secretViews: number;
  /** Answers built to hurt a client (bombs, redirects, deep nesting, Retry-After storms) that it survived. */
  hostileAnswers: number;
  /** Hostile api_host values refused before a signature was sent (one per host and use). */
  hostileHosts: number;
  /** Secret encodings an echo was tried in (one per secret, encoding, body shape and place). */
  encodingsTried: number;
  /**
   * Hostile server strings (control, C1, bidi and format characters, YAML 1.1 indicators)
   * printed in one output mode (table, terminal table, JSON, YAML, CSV) with nothing raw
   * reaching the terminal and the machine formats reading back exactly: one per string and mode.
   */
  hostileOutputs: number;
}

declare module "vitest" {
  interface TaskMeta {
    reliability?: Partial<ReliabilityFigures>;
  }
}

/** Adds `amount` to one figure of the running test. */
export function countFigure(context: Pick<TestContext, "task">, figure: keyof ReliabilityFigures, amount = 1): void {
  context.task.meta.reliability ??= {};
  const meta = context.task.meta.reliability;
  meta[figure] = (meta[figure] ?? 0) + amount;
}
