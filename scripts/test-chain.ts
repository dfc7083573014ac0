/**
 * `npm test`: the project's checks, two at a time where they do not depend on each other.
 *
 * Most steps are one process on one core (tsc, typedoc, biome's spec lint, depcruise, the
 * generator), or wait on child processes (Prism, npm pack); run one after the other they left
 * the second core idle for most of the chain. Each step here says which steps it needs
 * first, and how many cores it keeps busy (`cores`: a vitest run has two workers); a step
 * starts, in the order listed, as soon as its steps are done and the cores it needs are free.
 *
 * Each step's output is held and printed whole when it ends, so two steps never interleave.
 * The first step that fails stops the chain: nothing more is started, the steps still running
 * are stopped, and the exit code is 1. At the end a table gives each step's wall time and the
 * chain's; `npm run test:timed` is this with `--serial` (one step at a time, the split of where
 * the time goes).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

interface Step {
  /** The npm script. */
  readonly run: string;
  /** The steps that must have passed first. */
  readonly after?: readonly string[];
  /** Cores the step keeps busy (vitest: its two workers). */
  readonly cores?: number;
}

const STATIC = ["lint", "lint:deps", "generate:check", "spec:drift", "typecheck"];
/** The chain. `npm test` runs every step; the order is the order of preference. */
const CHAIN: readonly Step[] = [
  { run: "lint" },
  { run: "typecheck" },
  { run: "lint:deps" },
  { run: "generate:check" },
  { run: "spec:drift" },
  // typedoc reads src/, not dist/.
  { run: "docs", after: ["generate:check"] },
  { run: "test:unit", after: STATIC, cores: 2 },
  // The package lane: one build (build-if-stale) for all four; no vitest test reads dist/.
  { run: "test:package", after: STATIC },
  { run: "size", after: ["test:package"] },
  { run: "api:check -- --no-build", after: ["size"] },
  { run: "bench:smoke", after: ["size"] },
  { run: "test:reliability", after: ["test:unit"], cores: 2 },
  { run: "test:contract", after: ["test:unit"], cores: 2 },
];

const root = fileURLToPath(new URL("..", import.meta.url));
const serial = process.argv.includes("--serial");
/**
 * One more than the cores: a step of one core often waits on a child process or on the disk,
 * and the package lane's steps (npm pack, size-limit) then fill the gap beside a vitest run.
 */
const capacity = serial ? 1 : Math.max(2, availableParallelism()) + 1;

const done = new Set<string>();
const running = new Map<string, { child: ChildProcess; cores: number }>();
const times: [string, number][] = [];
let failed = false;
const started = performance.now();

function start(step: Step): Promise<void> {
  const cores = serial ? 1 : Math.min(step.cores ?? 1, capacity);
  const t0 = performance.now();
  console.log(`▶ npm run ${step.run}`);
  // Its own process group, so that stopping it stops what it started (vitest's workers, Prism).
  const child = spawn(`npm run ${step.run}`, { cwd: root, shell: true, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  running.set(step.run, { child, cores });
  const output: Buffer[] = [];
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      running.delete(step.run);
      const seconds = (performance.now() - t0) / 1000;
      times.push([step.run, seconds]);
      const stopped = failed && signal !== null;
      process.stdout.write(Buffer.concat(output));
      if (code === 0) {
        done.add(step.run);
        console.log(`✔ npm run ${step.run} (${seconds.toFixed(1)} s)\n`);
      } else if (stopped) {
        console.log(`■ npm run ${step.run} stopped: another step failed\n`);
      } else {
        console.error(`✘ npm run ${step.run} failed (${code ?? signal}) after ${seconds.toFixed(1)} s\n`);
        if (!failed) {
          failed = true;
          for (const other of running.values()) stop(other.child);
        }
      }
      resolve();
    });
  });
}

function stop(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    // It has ended already.
  }
}

async function main(): Promise<void> {
  const waiting = [...CHAIN];
  const inFlight = new Set<Promise<void>>();
  while (!failed && (waiting.length > 0 || inFlight.size > 0)) {
    const busy = [...running.values()].reduce((n, r) => n + r.cores, 0);
    const next = waiting.find((s) => (s.after ?? []).every((a) => done.has(a)) && (busy === 0 || busy + Math.min(s.cores ?? 1, capacity) <= capacity));
    if (next) {
      waiting.splice(waiting.indexOf(next), 1);
      const p = start(next).finally(() => inFlight.delete(p));
      inFlight.add(p);
      continue;
    }
    if (inFlight.size === 0) throw new Error(`test-chain: no step can start: ${waiting.map((s) => s.run).join(", ")}`);
    await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    failed = true;
    for (const r of running.values()) stop(r.child);
    process.exit(130);
  });
}

await main();
const wall = (performance.now() - started) / 1000;
console.log(`\nstep                                  seconds`);
for (const [step, s] of times) console.log(`${step.padEnd(36)}  ${s.toFixed(1).padStart(7)}`);
console.log(
  `${"sum of the steps".padEnd(36)}  ${times
    .reduce((sum, [, s]) => sum + s, 0)
    .toFixed(1)
    .padStart(7)}`,
);
console.log(`${`wall (${serial ? "one at a time" : `${capacity} cores`})`.padEnd(36)}  ${wall.toFixed(1).padStart(7)}`);
if (failed) process.exitCode = 1;
