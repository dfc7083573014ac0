/**
 * `npm run bench`: what the client costs, measured from outside (BENCHMARKS.md has a run):
 * the same get/ptr call made seven ways (scripts/lib/bench-candidates.ts) against a server in a
 * child process, in interleaved rounds, wall time and client CPU per call, at concurrency 1 and
 * 64; IP validation per address; 10,000- and 100,000-address ptr.get and ptr.set, each in a
 * process of its own (time, requests, peak RSS); the 100,000-address ptr.get against the same
 * 1,000 requests by bare node:http, interleaved; start-up as whole processes, paired.
 * `--smoke` (npm test) runs each part a few times and asserts what each returns, never a speed.
 * `--only calls,pair,ip,bulk,startup` runs only the parts named (for one figure, after a change);
 * `--candidates c,u,u0` only those candidates of the seven.
 */
import { isDeepStrictEqual } from "node:util";
import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { isIP } from "../src/safety/ip.js";
import { CANDIDATES, type Candidate, DESCRIPTIONS, makeCandidates } from "./lib/bench-candidates.js";
import { IN_FLIGHT, PART, addresses, makeBulkPair } from "./lib/bench-bulk-pair.js";
import { PTR_NAME, RECORDS, TSX_NODE, startBenchServer } from "./lib/bench-fixture.js";
import { type Sample, ratio, runRounds, show, spread } from "./lib/bench-rounds.js";
import { paired, runNode } from "./lib/bench-startup.js";

const smoke = process.argv.includes("--smoke");
const PARTS = ["calls", "pair", "ip", "bulk", "startup"] as const;
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt < 0 ? new Set<string>(PARTS) : new Set((process.argv[onlyAt + 1] ?? "").split(","));
for (const part of only) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`bench: --only takes ${PARTS.join(",")}, not ${part}`);
const runs = (part: (typeof PARTS)[number]): boolean => only.has(part);
// `--candidates c,u,u0`: only these of the seven, for a quicker before/after of one pair.
const candidatesAt = process.argv.indexOf("--candidates");
const chosen: readonly Candidate[] = candidatesAt < 0 ? CANDIDATES : ((process.argv[candidatesAt + 1] ?? "").split(",") as Candidate[]);
for (const name of chosen) if (!CANDIDATES.includes(name)) throw new Error(`bench: --candidates takes ${CANDIDATES.join(",")}, not ${name}`);
const root = fileURLToPath(new URL("..", import.meta.url));
const fmt = (n: number, digits = 1): string => n.toFixed(digits);
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench: ${what}`);
}

console.log(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`);
console.log(smoke ? "mode: smoke (each part a few times, results checked; the timings mean nothing)" : "mode: full");
// The package is built at most once per change (start-up below runs dist/).
execFileSync(process.execPath, [...TSX_NODE.slice(1), "scripts/build-if-stale.ts"], { cwd: root, stdio: "inherit" });

const server = await startBenchServer();
try {
  if (runs("calls")) {
    // ---- one call, seven ways --------------------------------------------------------------------
    const all = await makeCandidates(server.url);
    const calls = Object.fromEntries(chosen.map((name) => [name, all[name]])) as Record<Candidate, () => Promise<unknown>>;
    for (const name of chosen) check(isDeepStrictEqual(await calls[name](), RECORDS), `candidate ${name} did not return the records`);
    // The baseline is fair only if it sends the request c sends: the same request line, header
    // lines (names as cased, values, order) and body, as the server received them.
    if (chosen.includes("c") && chosen.includes("u")) {
      await all.c();
      const fromC = await server.lastRequest();
      await all.u();
      const fromU = await server.lastRequest();
      check(fromC !== null && isDeepStrictEqual(fromC, fromU), `u did not send the request c sent:\n${JSON.stringify(fromC)}\n${JSON.stringify(fromU)}`);
    }
    for (const concurrency of [1, 64]) {
      const samples = await runRounds(calls, {
        rounds: smoke ? 1 : 15,
        callsPerRun: smoke ? concurrency * 2 : concurrency === 1 ? 1500 : 6400,
        warmupCalls: smoke ? concurrency : 2000,
        concurrency,
      });
      if (smoke) {
        const results = await Promise.all(Array.from({ length: concurrency }, () => all.c()));
        check(
          results.every((r) => isDeepStrictEqual(r, RECORDS)),
          `edis.ptr.get at concurrency ${concurrency} did not return the records`,
        );
        continue;
      }
      console.log(`\nconcurrency ${concurrency}: per call, median (min–max) of ${samples.u.length} rounds`);
      console.log("cand  what                                        wall µs                CPU µs");
      for (const name of chosen) {
        const s = samples[name];
        console.log(
          `${name.padEnd(4)}  ${DESCRIPTIONS[name].padEnd(42)}  ${show(spread(s.map((x) => x.wallUs))).padEnd(21)}  ${show(spread(s.map((x) => x.cpuUs)))}`,
        );
      }
      const ratios: [Candidate, Candidate][] = [
        ["c", "u"],
        ["c", "u0"],
        ["c", "a"],
        ["c", "b"],
        ["c", "b0"],
        ["cf", "a"],
        ["a", "u"],
      ];
      for (const [x, y] of ratios.filter(([x, y]) => chosen.includes(x) && chosen.includes(y))) {
        console.log(`${x}/${y}: wall ${show(ratio(samples[x], samples[y], "wallUs"), 2)}, CPU ${show(ratio(samples[x], samples[y], "cpuUs"), 2)}`);
      }
    }
  }

  if (runs("pair")) {
    // ---- a long list: the client against the same requests by bare node:http ------------------------
    const n = smoke ? 1000 : 100_000;
    const ips = addresses(n);
    const pair = await makeBulkPair(server.url, ips);
    const expected = ips.map((ip) => ({ ip, ptr_record: PTR_NAME }));
    const heads: Record<string, unknown> = {};
    for (const [name, run] of Object.entries(pair)) {
      await server.requests();
      check(isDeepStrictEqual(await run(), expected), `${name} of ${n} addresses did not return the records in order`);
      const sent = await server.requests();
      check(sent === n / PART, `${name} of ${n} addresses took ${sent} requests, not ${n / PART}`);
      // Which part was answered last varies, and with it the length: the rest of the head is the same.
      const last = await server.lastRequest();
      heads[name] = last && { line: last.line, headers: last.headers.filter((h) => !/^content-length:/iu.test(h)) };
    }
    check(heads.c !== null && isDeepStrictEqual(heads.c, heads.u), `the pair's u did not send c's request head: ${JSON.stringify(heads)}`);
    if (!smoke) {
      // 21 rounds after 3 warm-up runs of every candidate alike: 9 rounds after one gave
      // round-by-round ratios from 0.9 to 1.8 on the shared machine (BENCHMARKS.md, issue 25).
      const rounds = 21;
      const samples = await runRounds(pair, { rounds, callsPerRun: 1, warmupCalls: 3, concurrency: 1 });
      const ms = (s: Sample[], of: keyof Sample) => spread(s.map((x) => x[of] / 1000));
      console.log(`\nptr.get of ${n} addresses (${n / PART} requests of ${PART}, ${IN_FLIGHT} in flight), median (min–max) of ${rounds} interleaved rounds:`);
      const whats = { c: "edis.ptr.get", u: "bare node:http, same requests", u0: "the same, two headers (old)" } as const;
      for (const name of ["c", "u", "u0"] as const) {
        console.log(`${name.padEnd(3)} ${whats[name].padEnd(30)}  wall ${show(ms(samples[name], "wallUs"))} ms, CPU ${show(ms(samples[name], "cpuUs"))} ms`);
      }
      for (const base of ["u", "u0"] as const) {
        console.log(`c/${base}: wall ${show(ratio(samples.c, samples[base], "wallUs"), 2)}, CPU ${show(ratio(samples.c, samples[base], "cpuUs"), 2)}`);
      }
    }
  }

  if (runs("ip")) {
    // ---- IP validation ----------------------------------------------------------------------------
    const sample = ["192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "fe80::1:2:3:4", "10.255.0.9", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"];
    const bad = ["192.0.2.01", "256.1.1.1", "1.2.3", "2001:db8:::1", "1::2::3", "::ffff:1.2.3", "g::1", ""];
    check(sample.every(isIP) && !bad.some(isIP), "isIP is wrong on the sample");
    const addresses = Array.from({ length: 100_000 }, (_, i) => sample[i % sample.length]!);
    const perAddress: number[] = [];
    for (let round = 0; round < (smoke ? 1 : 15); round++) {
      const t0 = performance.now();
      for (const a of addresses) if (!isIP(a)) throw new Error(a);
      perAddress.push(((performance.now() - t0) * 1000) / addresses.length);
    }
    console.log(`\nIP validation (src/safety/ip.ts isIP, the six addresses above in turn): ${show(spread(perAddress), 3)} µs per address`);
  }

  if (runs("bulk")) {
    // ---- long PTR lists, each in a process of its own ------------------------------------------------
    console.log("\nlong lists: one call, in a fresh process (median of 3 runs for time; peak RSS the largest)");
    // V8's young generation alone can grow RSS by tens of MiB under a burst of short-lived
    // objects, whatever the client keeps; the second setting caps it to show what the client holds.
    const settings = smoke ? [[]] : [[], ["--max-semi-space-size=1"]];
    for (const flags of settings) {
      if (!smoke) console.log(`node ${flags.join(" ") || "(default heap settings)"}:`);
      for (const op of ["get", "set"] as const) {
        for (const n of smoke ? [1000] : [10_000, 100_000]) {
          const runs = [];
          for (let i = 0; i < (smoke ? 1 : 3); i++) {
            await server.requests();
            const out = execFileSync(TSX_NODE[0], [...flags, ...TSX_NODE.slice(1), "--expose-gc", "scripts/lib/bench-bulk.ts", server.url, op, String(n)], {
              cwd: root,
              encoding: "utf8",
            });
            runs.push({
              ...(JSON.parse(out) as { ms: number; cpuMs: number; peakRssMiB: number; rssBeforeMiB: number; heldMiB: number; peakHeapGrowthMiB: number }),
              requests: await server.requests(),
            });
          }
          const chunks = Math.ceil(n / 100);
          check(
            runs.every((r) => r.requests === chunks + 1),
            `ptr.${op} of ${n} took ${runs.map((r) => r.requests).join("/")} requests, not ${chunks} and one auth`,
          );
          const worst = runs.reduce((a, b) => (b.peakRssMiB - b.rssBeforeMiB > a.peakRssMiB - a.rssBeforeMiB ? b : a));
          const growth = worst.peakRssMiB - worst.rssBeforeMiB;
          console.log(
            `ptr.${op} ${String(n).padStart(6)}: ${fmt(spread(runs.map((r) => r.ms)).median)} ms wall, ${fmt(spread(runs.map((r) => r.cpuMs)).median)} ms CPU, ` +
              `${runs[0]!.requests} requests, peak RSS ${fmt(worst.peakRssMiB)} MiB (${fmt(worst.rssBeforeMiB)} MiB before the call: growth ${fmt(growth)} MiB), ` +
              `input + results ${fmt(worst.heldMiB)} MiB of heap (growth/held ${fmt(growth / worst.heldMiB, 2)}), peak heap growth ${fmt(worst.peakHeapGrowthMiB)} MiB`,
          );
        }
      }
    }
  }
} finally {
  server.stop();
}

if (runs("startup")) {
  // ---- start-up: whole processes, paired --------------------------------------------------------------
  const pairs = smoke ? 1 : 40;
  const importOf = (specifier: string) => () =>
    runNode(["--input-type=module", "-e", `await import(${JSON.stringify(specifier)}); console.log("ok")`], root, "ok");
  const imports = paired(importOf("edis-global"), importOf("openapi-fetch"), pairs);
  const help = paired(
    () => runNode(["dist/edis-cli.js", "--help"], root, "Usage: edis"),
    () => runNode(["scripts/lib/commander-hello.mjs", "--help"], root, "Usage: hello"),
    pairs,
  );
  console.log(`\nstart-up, ${pairs} pairs of whole processes, median (min–max):`);
  for (const [what, p, a, b] of [
    ["import", imports, 'import("edis-global")', 'import("openapi-fetch")'],
    ["--help", help, "edis --help", "commander hello-world --help"],
  ] as const) {
    console.log(`${a}: wall ${show(p.a.wall)} ms, CPU ${show(p.a.cpu)} ms; ${b}: wall ${show(p.b.wall)} ms, CPU ${show(p.b.cpu)} ms`);
    console.log(`${what} ratio, pair by pair: wall ${show(p.wallRatio, 2)}, CPU ${show(p.cpuRatio, 2)}`);
  }
}
