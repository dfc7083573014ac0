/**
 * Start-up, measured as whole processes, in pairs run one after the other (A B, B A, A B, …) so
 * that both sides of a pair see the same machine: wall time of the process from spawn to exit,
 * and the CPU time the process used (reported by itself on exit, through a preloaded module
 * that both sides load alike).
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { type Spread, spread } from "./bench-rounds.js";

const REPORT_CPU = `data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("cpu-us "+(u.user+u.system)+"\\n")})`;

export interface Run {
  wallMs: number;
  cpuMs: number;
}

/** Runs `node <args>` once; fails if it exits non-zero or its stdout lacks `expect`. */
export function runNode(args: readonly string[], cwd: string, expect: string): Run {
  const t0 = performance.now();
  const out = spawnSync(process.execPath, [`--import=${REPORT_CPU}`, ...args], { cwd, encoding: "utf8" });
  const wallMs = performance.now() - t0;
  if (out.status !== 0 || !out.stdout.includes(expect))
    throw new Error(`node ${args.join(" ")} failed (${out.status}): ${out.stderr}${out.stdout.slice(0, 200)}`);
  const cpu = /cpu-us (\d+)/u.exec(out.stderr);
  return { wallMs, cpuMs: Number(cpu?.[1]) / 1000 };
}

export interface Paired {
  a: { wall: Spread; cpu: Spread };
  b: { wall: Spread; cpu: Spread };
  /** a/b, pair by pair. */
  wallRatio: Spread;
  cpuRatio: Spread;
}

export function paired(runA: () => Run, runB: () => Run, pairs: number): Paired {
  const as: Run[] = [];
  const bs: Run[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2) {
      bs.push(runB());
      as.push(runA());
    } else {
      as.push(runA());
      bs.push(runB());
    }
  }
  const of = (runs: Run[]) => ({ wall: spread(runs.map((r) => r.wallMs)), cpu: spread(runs.map((r) => r.cpuMs)) });
  return {
    a: of(as),
    b: of(bs),
    wallRatio: spread(as.map((r, i) => r.wallMs / bs[i]!.wallMs)),
    cpuRatio: spread(as.map((r, i) => r.cpuMs / bs[i]!.cpuMs)),
  };
}
