/**
 * `npm run bench:profile -- [candidate] [concurrency] [calls]`: where one benchmark candidate's
 * CPU time goes. Runs the candidate (default c, edis.ptr.get over the node:http transport)
 * against the bench server in its child process under V8's sampling profiler, then prints the
 * self time per source file and the top functions, as shares of the client process's samples.
 * `npm run bench:profile -- pair-c [runs]` (or pair-u) profiles the bench's long-list pair
 * instead: `runs` ptr.get calls of 100,000 addresses one after another. BENCHMARKS.md quotes
 * its output; it times nothing itself.
 */
import { Session } from "node:inspector/promises";
import { addresses, makeBulkPair } from "./lib/bench-bulk-pair.js";
import { CANDIDATES, type Candidate, makeCandidates } from "./lib/bench-candidates.js";
import { startBenchServer } from "./lib/bench-fixture.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [name = "c", concurrencyArg = "64", callsArg = "20000"] = process.argv.slice(2);
const pairOf = /^pair-(c|u)$/u.exec(name)?.[1] as "c" | "u" | undefined;
if (!pairOf && !(CANDIDATES as readonly string[]).includes(name)) {
  throw new Error(`bench:profile: the candidates are ${CANDIDATES.join(", ")}, pair-c and pair-u`);
}
// A pair run is one ptr.get of 100,000 addresses, one at a time; its second argument is the number of runs.
const concurrency = pairOf ? 1 : Number(concurrencyArg);
const total = pairOf ? Number(process.argv[3] ?? "20") : Number(callsArg);

/** Where a frame's code lives: a package, a file of the build, Node's internals, or V8 itself. */
function place(url: string, functionName: string): string {
  if (!url) return `(${functionName || "anonymous"})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  return url.replace(/^.*?\/(dist|src|scripts)\//u, "$1/");
}

const server = await startBenchServer();
try {
  const call = pairOf ? (await makeBulkPair(server.url, addresses(100_000)))[pairOf] : (await makeCandidates(server.url))[name as Candidate];
  const run = async (calls: number) => {
    let started = 0;
    const worker = async () => {
      while (started < calls) {
        started++;
        await call();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(pairOf ? 3 : 2000);
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  await run(total);
  const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
  session.disconnect();

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const files = new Map<string, number>();
  const functions = new Map<string, number>();
  let sum = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === "(idle)") return;
    const where = place(frame.url, frame.functionName);
    files.set(where, (files.get(where) ?? 0) + dt);
    const fn = `${frame.functionName || "(anonymous)"} ${where}:${frame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + dt);
    sum += dt;
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / sum).toFixed(1).padStart(5)} %  ${k}`);
  console.log(
    `candidate ${name}, concurrency ${concurrency}, ${total} calls: ${(sum / total).toFixed(1)} µs of sampled CPU per ${pairOf ? "run" : "call"} (idle excluded)`,
  );
  console.log("\nself time by place:");
  for (const line of top(files, 20)) console.log(line);
  console.log("\ntop functions:");
  for (const line of top(functions, 30)) console.log(line);
} finally {
  server.stop();
}
