/**
 * The parity suite: the contract cases that hold the client against Prism
 * (test-support/contract-cases.ts, order-contract-cases.ts) run against the simulator of
 * `edis-global/testing`, in-process through `sim.fetch`, each on a fresh simulator seeded with
 * the cases' account. For every operation of both documents: the same request on the wire (every field, JSON
 * fields decoded, the session fields of the simulator's session), an answer the spec's schema
 * allows, the client's result decoded from that answer as the contract suite decodes Prism's,
 * and no violation recorded by the simulator. For every documented error status (injected with
 * `sim.faults`): the same EdisApiError, with the server's documented words, after the same
 * number of requests as against Prism. Prism stays the oracle; this suite holds the simulator to
 * it.
 */
import { describe, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { createSpecValidator } from "../scripts/lib/spec-validator.js";
import { listOperations, loadSpec, specPathFor } from "../scripts/lib/spec.js";
import { checkRequest, checkResponse, decodeRequest } from "../scripts/lib/wire-check.js";
import type { Exchange } from "../scripts/lib/wire-recorder.js";
import { EdisApiError, createEdisClient } from "../src/index.js";
import { type EdisSimulator, type EdisSimulatorSeed, createEdisSimulator } from "../src/testing/index.js";
import { handlers } from "../src/testing/operations/index.js";
import { type ContractCase, cases } from "../test-support/contract-cases.js";
import { expectedServerMessage, sessionFieldsOf } from "../test-support/contract-expectations.js";
import { EMAIL, KVM_ID, TRICKY_PASSWORD } from "../test-support/fixtures.js";
import { orderCases } from "../test-support/order-contract-cases.js";

const validator = createSpecValidator();
const AUTH = "createAuthSession";

/** A plan of the ORDER cases (pid 1642 with operating system 5321; 1643 to upgrade to), in location 192. */
const plan = (id: number) => ({
  id,
  name: `KVM ${id}`,
  locationId: 192,
  diskGb: 20,
  ramMb: 2048,
  cores: 2,
  trafficTb: 1,
  prices: { monthly: "7.99" },
  operatingSystems: { "5321": "Debian 12" },
});

/** The account the cases address: their VPS, addresses, ISO, image, hook, service id and plans. */
const SEED: EdisSimulatorSeed = {
  account: { email: EMAIL, password: TRICKY_PASSWORD, balance: "100.00" },
  vps: [
    {
      kvmId: KVM_ID,
      ipv4: ["192.0.2.1", "192.0.2.2"],
      ipv6Prefix: "2001:db8::/64",
      hooks: [{ id: 1, triggerValue: 90, callbackUrl: "https://example.com/hook", callbackMethod: "post" }],
      service: {
        id: 987654,
        productId: 1642,
        plan: "KVM 1642",
        location: "Austria, Vienna",
        billingCycle: "Monthly",
        amount: "7.99",
        createdOn: "2026-01-01",
        nextDue: "2026-02-01",
        paymentMethod: "paypal",
        status: "active",
      },
    },
  ],
  isos: ["0_SystemRescue-10.02-amd64.iso"],
  images: ["cloudinit_debian-bookworm"],
  products: [plan(1642), plan(1643)],
};

interface Run {
  sim: EdisSimulator;
  exchanges: Exchange[];
  operationIdOf(exchange: Exchange): string | undefined;
}

/** A fresh simulator of the seed, and a client over its fetch that records each exchange in the wire-check's shape. */
function simulated(): Run & { client(): ReturnType<typeof createEdisClient> } {
  const sim = createEdisSimulator({ seed: SEED });
  const exchanges: Exchange[] = [];
  const byPath = new Map<string, string>(Object.values(operationTable).map((op) => [`${op.host} ${op.path}`, op.operationId]));
  const hostOf = new Map(Object.entries(sim.clientOptions.hosts).map(([host, url]) => [new URL(url).origin, host]));
  const hostsOfExchange = new WeakMap<Exchange, string>();
  const recording: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const bodyBytes = new Uint8Array(await request.clone().arrayBuffer());
    const response = await sim.fetch(request);
    const responseBody = await response.clone().text();
    const url = new URL(request.url);
    const exchange: Exchange = {
      method: request.method,
      path: url.pathname,
      headers: Object.fromEntries(request.headers),
      body: new TextDecoder().decode(bodyBytes),
      bodyBytes,
      status: response.status,
      responseHeaders: response.headers,
      responseBody,
    };
    hostsOfExchange.set(exchange, hostOf.get(url.origin) ?? "api");
    exchanges.push(exchange);
    return response;
  };
  return {
    sim,
    exchanges,
    operationIdOf: (exchange) => byPath.get(`${hostsOfExchange.get(exchange)} ${exchange.path}`),
    client: () => createEdisClient({ ...sim.clientOptions, fetch: recording, retries: 1, retryDelayMs: 1 }),
  };
}

/** The session entry the simulator handed out for the cases' VPS. */
function sessionOf(run: Run): Record<string, unknown> {
  const auth = run.exchanges.find((e) => run.operationIdOf(e) === AUTH);
  return auth ? ((JSON.parse(auth.responseBody) as { data: Record<string, Record<string, unknown>> }).data[KVM_ID] ?? {}) : {};
}

const managementIds = listOperations(loadSpec(specPathFor("management"))).map((op) => op.operationId);
const orderIds = listOperations(loadSpec(specPathFor("order"))).map((op) => op.operationId);
const allCases: Record<string, Pick<ContractCase, "run" | "sent"> & Partial<Pick<ContractCase, "files" | "result">>> = { ...cases, ...orderCases };

test("every operation of spec/ has a case the parity suite runs", () => {
  expect(managementIds.length + orderIds.length).toBeGreaterThan(40);
  expect([...managementIds, ...orderIds].filter((id) => !(id in allCases))).toEqual([]);
});

const ALL = [...managementIds, ...orderIds];

test('the simulator answers every operation with state of its own (none with its 500 "Not simulated.")', () => {
  expect(ALL.filter((id) => !(id in handlers))).toEqual([]);
});

describe.each(ALL)("%s", (operationId) => {
  const c = allCases[operationId]!;
  const op = operationTable[operationId as keyof typeof operationTable];
  const isOrder = orderIds.includes(operationId);

  test("the same request as against Prism, an answer the spec allows, the result decoded from it, no violation", async () => {
    const run = simulated();
    const result = await c.run(run.client());
    const sent = run.exchanges.filter((e) => run.operationIdOf(e) === operationId);
    expect(sent).toHaveLength(1);
    const decoded = await decodeRequest(validator, operationId, sent[0]!);
    const session = isOrder ? {} : sessionFieldsOf(validator.spec, operationId, sessionOf(run));
    expect(decoded.fields).toEqual({ ...session, ...c.sent });
    expect(decoded.files).toEqual(c.files ?? {});
    expect(sent[0]!.status).toBe(200);
    const body = checkResponse(validator, operationId, sent[0]!) as Record<string, unknown>;
    expect(result).toEqual(c.result ? c.result(body) : "result" in op ? body[op.result] : body);
    expect(run.sim.violations).toEqual([]);
  });
});

describe.each(ALL)("%s", (operationId) => {
  const c = allCases[operationId]!;
  const op = operationTable[operationId as keyof typeof operationTable];
  const errors = validator.statuses(operationId).filter((s) => s >= 400);
  test.each(errors)("a documented %i becomes the same EdisApiError as against Prism", async (status) => {
    const run = simulated();
    run.sim.faults.add({ operationId, status });
    const error = await c.run(run.client()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EdisApiError);
    const sent = run.exchanges.filter((e) => run.operationIdOf(e) === operationId);
    // The words are the simulator's (Prism's are the spec's example): the same schema, the same way to the message.
    const bodies = sent.map((exchange) => checkResponse(validator, operationId, exchange));
    expect((error as EdisApiError).status).toBe(status);
    expect((error as EdisApiError).message).toBe(`${operationId} failed: ${status} ${expectedServerMessage(bodies.at(-1))}`);
    for (const exchange of sent) await checkRequest(validator, operationId, exchange);
    const isSessionOp = op.auth === "session";
    expect(sent).toHaveLength(status === 401 && isSessionOp ? 2 : status >= 500 && op.retrySafe ? 2 : 1);
    if (isSessionOp) expect(run.exchanges.filter((e) => run.operationIdOf(e) === AUTH)).toHaveLength(status === 401 ? 2 : 1);
    expect(run.sim.violations).toEqual([]);
  });
});
