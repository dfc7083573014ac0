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
 * are stopped, and the exit code is 1. At the end a table gives each step's wall time and CPU
 * time (user + system, of the step and every process it waited for: the shell's `times` after
 * the step, where the shell has it), and the chain's; `npm run test:timed` is this with
 * `--serial` (one step at a time, the split of where the time goes). CPU is the figure to
 * compare across runs: a busy machine stretches the wall time, hardly the CPU.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { childrenCpu } from "./lib/shell-times.js";

interface Step {
  /** The npm script. */
  readonly run: string;
  /** The steps that must have passed first. */
  readonly after?: readonly string[];
  /** Cores the step keeps busy (vitest: its two workers). */
  readonly cores?: number;
}

// `npm run lint`'s three parts as steps of their own: one npm process fewer, and they pack beside the others.
const STATIC = ["lint:spec", "lint:code", "lint:workflows", "lint:deps", "generate:check", "spec:drift", "typecheck"];
/** The package lane's head: the one build of the chain, and the API reference from the build's own program. */
const BUILD = "build:if-stale -- --docs";
/** The chain. `npm test` runs every step; the order is the order of preference. */
const CHAIN: readonly Step[] = [
  // generate:check first: the package lane's build, the longest step of one core, waits only for it.
  { run: "generate:check" },
  { run: "typecheck" },
  { run: "lint:workflows" },
  { run: "lint:deps" },
  { run: "lint:spec" },
  { run: "lint:code" },
  { run: "spec:drift" },
  // It reads generated/ and src/, not the tests: it need not wait for the other static steps.
  { run: BUILD, after: ["generate:check"] },
  { run: "test:unit", after: STATIC, cores: 2 },
  // No vitest test reads dist/; these four read the build and build nothing (build-if-stale finds it fresh).
  { run: "test:package", after: [...STATIC, BUILD] },
  { run: "api:check -- --no-build", after: [BUILD] },
  { run: "size", after: [BUILD] },
  { run: "bench:smoke", after: [BUILD] },
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
/** Each step that ended: its wall time, and its CPU time when the shell reported it. */
const times: { step: string; wall: number; cpu: number | undefined }[] = [];
/** A POSIX shell's `times` reports its children's user and system time; cmd.exe has no such thing. */
const posix = process.platform !== "win32";
let failed = false;
const started = performance.now();

function start(step: Step): Promise<void> {
  const cores = serial ? 1 : Math.min(step.cores ?? 1, capacity);
  const t0 = performance.now();
  console.log(`▶ npm run ${step.run}`);
  // Its own process group, so that stopping it stops what it started (vitest's workers, Prism).
  // The shell's `times` after the step writes the CPU time of the processes it waited for (npm
  // and everything npm waited for) to a pipe of its own, so the step's output stays as it was.
  const command = posix ? `npm run ${step.run}; code=$?; times >&3; exit $code` : `npm run ${step.run}`;
  const child = spawn(command, { cwd: root, shell: true, detached: true, stdio: ["ignore", "pipe", "pipe", posix ? "pipe" : "ignore"] });
  running.set(step.run, { child, cores });
  const output: Buffer[] = [];
  let report = "";
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk));
  (child.stdio[3] as Readable | null)?.setEncoding("utf8").on("data", (text: string) => (report += text));
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      running.delete(step.run);
      const seconds = (performance.now() - t0) / 1000;
      times.push({ step: step.run, wall: seconds, cpu: childrenCpu(report) });
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
const cpuOf = (cpu: number | undefined): string => (cpu === undefined ? "–" : cpu.toFixed(1)).padStart(7);
console.log(`\nstep                                     wall      CPU`);
for (const { step, wall, cpu } of times) console.log(`${step.padEnd(36)}  ${wall.toFixed(1).padStart(7)}  ${cpuOf(cpu)}`);
const known = times.every((t) => t.cpu !== undefined);
console.log(
  `${"sum of the steps".padEnd(36)}  ${times
    .reduce((sum, t) => sum + t.wall, 0)
    .toFixed(1)
    .padStart(7)}  ${cpuOf(known ? times.reduce((sum, t) => sum + t.cpu!, 0) : undefined)}`,
);
console.log(`${`wall (${serial ? "one at a time" : `${capacity} cores`})`.padEnd(36)}  ${wall.toFixed(1).padStart(7)}`);
if (failed) process.exitCode = 1;
