/**
 * scripts/order-lifecycle.ts against a mock of both documents (a loopback server answering every
 * operation with its spec example; auth hands out a session for the kvm id asked for, whose
 * primary address gets the PTR record): the steps
 * run in order, each request carries what the previous answers said, and nothing else is sent.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { createEdisClient } from "../src/index.js";
import { createSpecValidator } from "./lib/spec-validator.js";
import { runOrderLifecycle } from "./order-lifecycle.js";

const validator = createSpecValidator();
const byPath = new Map<string, string>(Object.values(operationTable).map((op) => [op.path, op.operationId]));
const received: { operationId: string; form: URLSearchParams }[] = [];
let server: Server;
let url = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const operationId = byPath.get(req.url ?? "") ?? "unknown";
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      received.push({ operationId, form });
      let body = operationId === "unknown" ? undefined : validator.example(operationId, 200);
      if (operationId === "createAuthSession") {
        const [session] = Object.values((body as { data: Record<string, Record<string, unknown>> }).data);
        const kvm = form.get("kvm_id")!;
        body = { status: "success", data: { [kvm]: { ...session, kvm_id: kvm, primary_ip: "192.0.2.10" } } };
      }
      res.writeHead(body === undefined ? 404 : 200, { "content-type": "application/json" }).end(JSON.stringify(body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("locations → products → add → kvm id → session, power, PTR → upgrade → cancel", async () => {
  const edis = createEdisClient({ email: "you@example.com", password: "pw-Secret1", hosts: { session: url, rdns: url, api: url, order: url }, retries: 0 });
  const lines: string[] = [];
  const ids = await runOrderLifecycle(edis, (line) => lines.push(line));

  expect(received.map((r) => r.operationId)).toEqual([
    "getLocations",
    "getProducts",
    "addOrder",
    "getKvmId",
    "createAuthSession",
    "getPowerState",
    "setPTR",
    "upgradeKVM",
    "cancelProduct",
  ]);
  const sent = (id: string) => received.find((r) => r.operationId === id)!.form;
  // Each step sends what the answer before it said: the location's id, the plan's, the new service's, its kvm id.
  expect(sent("getProducts").get("location_id")).toBe("192");
  expect(JSON.parse(sent("addOrder").get("order")!)).toEqual({
    billingcycle: "monthly",
    paymentmethod: "paypal",
    applycredit: true,
    item: [{ pid: 106, os: 88, hostname: "vps1.example.com" }],
  });
  expect(sent("getKvmId").get("serviceid")).toBe("123456");
  expect(sent("createAuthSession").get("kvm_id")).toBe("kvm_123456_789012");
  expect(JSON.parse(sent("setPTR").get("ip")!)).toEqual({ "192.0.2.10": "vps1.example.com" });
  expect(sent("upgradeKVM").get("kvmid")).toBe("kvm_123456_789012");
  expect(sent("cancelProduct").get("serviceid")).toBe("123456");
  expect(sent("cancelProduct").has("kvmid")).toBe(false);
  expect(ids).toEqual({ serviceId: "123456", kvmId: "kvm_123456_789012" });
  expect(lines[1]).toBe("plan: KVM SMART (id 106), 7.99 EUR monthly");
  expect(lines.join("\n")).not.toContain("pw-Secret1");
});
