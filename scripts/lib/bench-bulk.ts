/**
 * One long PTR list, in a process of its own so that its peak RSS is its own:
 * `bench-bulk.ts <server url> get|set <addresses>`. Prints one JSON line: wall and CPU time of
 * the call, the process's peak RSS, its RSS just before the call (client loaded, input built),
 * the heap the input and the results hold (measured after a GC, if --expose-gc), and the peak
 * of the heap's growth during the call, sampled every 2 ms (garbage not yet collected included).
 */
import { performance } from "node:perf_hooks";
import { createEdisClient } from "../../src/index.js";
import { KVM, PTR_NAME } from "./bench-fixture.js";

const [url, op, count] = process.argv.slice(2) as [string, "get" | "set", string];
const n = Number(count);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mib = (bytes: number): number => bytes / 2 ** 20;

const edis = createEdisClient({ email: "bench@example.com", password: "p", hosts: { session: url, rdns: url, api: url } });
await edis.auth.createSession({ kvmId: KVM });
gc();
const heapBase = process.memoryUsage().heapUsed;
const ips = Array.from({ length: n }, (_, i) =>
  i % 2 ? `2001:db8::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}` : `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
);
const records = op === "set" ? Object.fromEntries(ips.map((ip) => [ip, PTR_NAME])) : undefined;
gc();
const rssBefore = process.memoryUsage().rss;
const cpu = process.cpuUsage();
const t0 = performance.now();
let peakHeap = 0;
const sampler = setInterval(() => void (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 2);
const result = op === "get" ? await edis.ptr.get({ kvmId: KVM, ips }) : await edis.ptr.set({ kvmId: KVM, records: records! });
const ms = performance.now() - t0;
clearInterval(sampler);
const used = process.cpuUsage(cpu);
if (op === "get" && (result as unknown[]).length !== n) throw new Error(`ptr.get returned ${(result as unknown[]).length} records of ${n}`);
gc();
const heldMiB = mib(process.memoryUsage().heapUsed - heapBase);
console.log(
  JSON.stringify({
    ms,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    rssBeforeMiB: mib(rssBefore),
    heldMiB,
    peakHeapGrowthMiB: mib(peakHeap - heapBase),
  }),
);
