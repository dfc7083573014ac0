/**
 * `npm run bench`: what the client costs over the request it makes, measured in one run
 * against an in-process loopback server, so that the ratios hold on a noisy machine:
 *   (a) raw fetch with a hand-built form body — the physical limit;
 *   (b) a bare openapi-fetch call of the same operation — the nearest peer;
 *   (c) edis.ptr.get.
 * At concurrency 1 and 64; then a 10,000-address bulk get, the cold-start time of importing
 * edis-global against openapi-fetch alone (fresh processes, median), and the packed size.
 * `--smoke` runs a few iterations of everything, so that the benchmark cannot rot (npm test).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import type { paths } from "../generated/openapi.js";
import { createEdisClient } from "../src/index.js";

const smoke = process.argv.includes("--smoke");
const root = fileURLToPath(new URL("..", import.meta.url));
const KVM = "kvm_123456_789012";
const SIGNATURE = "12345678901234567890123456789012345678901234567890";
const IPS = ["192.0.2.1", "2001:db8::1"];

// ---- the server: answers auth and get/ptr with fixed bodies ---------------------------------
const authBody = JSON.stringify({
  status: "success",
  data: { [KVM]: { kvm_id: KVM, api_host: "123456.edisglobal.com", valid_until: 4102444800, signature: SIGNATURE } },
});
let ptrRequests = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.url === "/kvm/v2/get/auth") {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(authBody) });
      res.end(authBody);
      return;
    }
    ptrRequests++;
    const ips = JSON.parse(new URLSearchParams(Buffer.concat(chunks).toString()).get("ip") ?? "[]") as string[];
    const body = JSON.stringify({ status: "success", records: ips.map((ip) => ({ ip, ptr_record: "host.example.com" })) });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// ---- the three ways of making the same call ---------------------------------------------------
const form = (ips: readonly string[]) =>
  `signature=${SIGNATURE}&kvm_id=${KVM}&valid_until=4102444800&api_host=123456.edisglobal.com&ip=${encodeURIComponent(JSON.stringify(ips))}`;

async function rawFetch(): Promise<unknown> {
  const res = await fetch(`${url}/get/ptr`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form(IPS),
  });
  return ((await res.json()) as { records: unknown }).records;
}

const bare = createClient<paths>({ baseUrl: url });
async function bareOpenapiFetch(): Promise<unknown> {
  const { data } = await bare.POST("/get/ptr", {
    body: { signature: SIGNATURE, kvm_id: KVM, valid_until: "4102444800", api_host: "123456.edisglobal.com", ip: IPS },
    bodySerializer: (b) => new URLSearchParams({ ...b, ip: JSON.stringify(b.ip) }).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  return data?.records;
}

const edis = createEdisClient({ email: "bench@example.com", password: "p", hosts: { session: url, rdns: url, api: url } });
await edis.auth.createSession({ kvmId: KVM });
const edisGet = () => edis.ptr.get({ kvmId: KVM, ips: IPS });

// ---- per-call time and throughput at concurrency 1 and 64 --------------------------------------
interface Row {
  concurrency: number;
  name: string;
  perCallUs: number;
  callsPerSec: number;
}
const rows: Row[] = [];
for (const concurrency of [1, 64]) {
  const bench = new Bench({ time: smoke ? 50 : 1500, warmupTime: smoke ? 20 : 500, iterations: smoke ? 5 : 50 });
  const batch = (call: () => Promise<unknown>) => async () => {
    await Promise.all(Array.from({ length: concurrency }, call));
  };
  bench.add("a raw fetch", batch(rawFetch)).add("b openapi-fetch", batch(bareOpenapiFetch)).add("c edis.ptr.get", batch(edisGet));
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as { latency?: { p50?: number; mean: number } } | undefined;
    const meanMs = result?.latency?.mean ?? Number.NaN;
    rows.push({ concurrency, name: task.name, perCallUs: (meanMs * 1000) / concurrency, callsPerSec: (concurrency * 1000) / meanMs });
  }
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
console.log(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(smoke ? "mode: smoke (a few iterations; the numbers mean nothing)" : "mode: full");
console.log("\nconcurrency  call               per call (µs)  calls/s");
for (const r of rows) console.log(`${String(r.concurrency).padStart(11)}  ${r.name.padEnd(17)}  ${fmt(r.perCallUs).padStart(13)}  ${fmt(r.callsPerSec, 0).padStart(7)}`);
for (const concurrency of [1, 64]) {
  const at = (name: string) => rows.find((r) => r.concurrency === concurrency && r.name.startsWith(name))!.perCallUs;
  console.log(`ratios at concurrency ${concurrency}: c/a = ${fmt(at("c") / at("a"), 3)}, c/b = ${fmt(at("c") / at("b"), 3)}`);
}

// ---- a 10,000-address bulk get -------------------------------------------------------------------
const addresses = Array.from({ length: smoke ? 1000 : 10_000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
ptrRequests = 0;
const started = performance.now();
const records = await edis.ptr.get({ kvmId: KVM, ips: addresses });
const bulkMs = performance.now() - started;
if (records.length !== addresses.length) throw new Error("bulk get lost records");
console.log(`\nbulk get of ${addresses.length} addresses: ${fmt(bulkMs)} ms, ${ptrRequests} requests`);
server.close();

// ---- cold start of the import, fresh processes ---------------------------------------------------
execFileSync("npm", ["run", "--silent", "build"], { cwd: root });
function importMs(specifier: string): number {
  // The first import of a process also starts the ES module loader; a data: module takes that
  // cost, so that only the package's own loading is timed.
  const code = `await import("data:text/javascript,"); const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  return Number(out.stdout.trim());
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const runs = smoke ? 3 : 15;
const edisImport: number[] = [];
const fetchImport: number[] = [];
for (let i = 0; i < runs; i++) {
  fetchImport.push(importMs("openapi-fetch"));
  edisImport.push(importMs("edis-global"));
}
console.log(
  `import, median of ${runs} fresh processes: edis-global ${fmt(median(edisImport))} ms, openapi-fetch ${fmt(median(fetchImport))} ms, ratio ${fmt(median(edisImport) / median(fetchImport), 2)}`,
);

// ---- packed size ----------------------------------------------------------------------------------
const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" })) as {
  size: number;
  unpackedSize: number;
  entryCount: number;
}[];
console.log(`packed: ${fmt(packed[0]!.size / 1024)} KiB (${fmt(packed[0]!.unpackedSize / 1024)} KiB unpacked, ${packed[0]!.entryCount} files)`);
