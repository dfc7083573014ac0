/**
 * A Vitest reporter for `npm run test:reliability`: sums the figures the reliability tests
 * record in their task metadata (test-support/reliability-figures.ts) and prints them on
 * one line. Scenario, input and run counts come from passed tests only; secrets found are
 * counted from every test, so a failing audit shows its finds.
 */
import type { Reporter, TestModule } from "vitest/node";
import type { ReliabilityFigures } from "../test-support/reliability-figures.js";

export default class ReliabilityReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const total: ReliabilityFigures = {
      faultScenarios: 0,
      badInputs: 0,
      propertyRuns: 0,
      secretsFound: 0,
      secretViews: 0,
      hostileHosts: 0,
      hostileAnswers: 0,
      encodingsTried: 0,
      hostileOutputs: 0,
    };
    for (const module of testModules) {
      for (const testCase of module.children.allTests()) {
        const figures = testCase.meta().reliability;
        if (!figures) continue;
        const passed = testCase.result().state === "passed";
        for (const key of Object.keys(total) as (keyof ReliabilityFigures)[]) {
          if (key === "secretsFound" || passed) total[key] += figures[key] ?? 0;
        }
      }
    }
    console.log(
      `reliability: ${total.faultScenarios} fault scenarios survived, ${total.badInputs} bad inputs rejected, ` +
        `${total.propertyRuns} property runs, ${total.hostileAnswers} hostile answers survived, ${total.hostileHosts} hostile hosts refused, ` +
        `${total.hostileOutputs} hostile strings × output modes kept off the terminal, ` +
        `${total.secretsFound} secrets found (in ${total.secretViews} views, ${total.encodingsTried} encoded echoes)`,
    );
  }
}
