/**
 * The benchmark's EDIS stand-in, run as a child process of scripts/bench.ts so that serving
 * does not share the client's event loop or CPU accounting. It listens on 127.0.0.1, port 0,
 * prints `{"port": n}` on stdout, and answers auth, get/ptr (a record per address asked for)
 * and set/ptr. GET /stats gives the requests counted since the last GET /stats; GET /last gives
 * the last request as it arrived (request line, header lines in their order and case, body), so
 * that `--smoke` can hold two candidates to the same request bytes.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { API_HOST, KVM, PTR_NAME, SIGNATURE, VALID_UNTIL } from "./bench-fixture.js";

const authBody = JSON.stringify({ status: "success", data: { [KVM]: { kvm_id: KVM, api_host: API_HOST, valid_until: VALID_UNTIL, signature: SIGNATURE } } });
const setBody = JSON.stringify({ status: "success", message: "PTR records set successfully." });

function answer(path: string, form: URLSearchParams): { status: number; body: string } {
  if (path === "/kvm/v2/get/auth") return { status: 200, body: authBody };
  if (form.get("signature") !== SIGNATURE || form.get("kvm_id") !== KVM) return { status: 401, body: '{"status":"error","error":"bad session"}' };
  const ip = JSON.parse(form.get("ip") ?? "null") as unknown;
  if (path === "/get/ptr" && Array.isArray(ip)) {
    return { status: 200, body: JSON.stringify({ status: "success", records: ip.map((a: string) => ({ ip: a, ptr_record: PTR_NAME })) }) };
  }
  if (path === "/set/ptr" && typeof ip === "object" && ip !== null) return { status: 200, body: setBody };
  return { status: 400, body: '{"status":"error","error":"bad request"}' };
}

function main(): void {
  let requests = 0;
  let last: { line: string; headers: string[]; body: string } | undefined;
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/stats") {
      res.end(JSON.stringify({ requests }));
      requests = 0;
      return;
    }
    if (req.method === "GET" && req.url === "/last") {
      res.end(JSON.stringify(last ?? null));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests++;
      const text = Buffer.concat(chunks).toString("utf8");
      const headers: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      last = { line: `${req.method} ${req.url} HTTP/${req.httpVersion}`, headers, body: text };
      const { status, body } = answer(req.url ?? "", new URLSearchParams(text));
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  // The parent closing stdin (or dying) ends the server.
  process.stdin.resume();
  process.stdin.on("end", () => process.exit(0));
}

main();
