/**
 * `npm run test:timed`: runs the steps of `npm test` one by one, as package.json lists them,
 * and prints how long each took (wall time) and the total; stops at the first that fails.
 * BENCHMARKS.md keeps a run of it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { scripts: Record<string, string> };
const steps = pkg.scripts.test!.split("&&").map((s) => s.trim());
const times: [string, number][] = [];
for (const step of steps) {
  const t0 = performance.now();
  const run = spawnSync(step, { cwd: root, shell: true, stdio: "inherit" });
  times.push([step, (performance.now() - t0) / 1000]);
  if (run.status !== 0) {
    console.error(`test:timed: ${step} failed (${run.status})`);
    process.exitCode = 1;
    break;
  }
}
console.log("\nstep                                                  seconds");
for (const [step, s] of times) console.log(`${step.padEnd(52)}  ${s.toFixed(1).padStart(7)}`);
console.log(
  `${"total".padEnd(52)}  ${times
    .reduce((sum, [, s]) => sum + s, 0)
    .toFixed(1)
    .padStart(7)}`,
);
