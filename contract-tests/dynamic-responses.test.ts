/**
 * The client never throws on an answer the spec allows. Prism's dynamic mode (`-d`) makes up
 * schema-valid bodies; with several fixed seeds, every read operation is called through the
 * client, the made-up body is validated against the spec, and the client must return the
 * typed result for it. One dynamic Prism of the suite (support/prism-setup.ts) serves every
 * seed: a recorder per seed asks for it (`Prefer: seed=…`). Sessions come from the static
 * Prism of the suite, so that the made-up VPS ids do not matter.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { createEdisClient } from "../src/index.js";
import { transportOptions } from "../test-support/transport.js";
import { cases } from "../test-support/contract-cases.js";
import { createSpecValidator } from "../scripts/lib/spec-validator.js";
import { checkResponse } from "../scripts/lib/wire-check.js";
import { type WireRecorder, startRecorder } from "../scripts/lib/wire-recorder.js";

const SEEDS = [1, 7, 42];
const validator = createSpecValidator();
// An operation without a contract case is reported once, by name, by operations.test.ts.
const reads = Object.values(operationTable).filter((op) => op.retrySafe && op.auth === "session" && op.operationId in cases);

let recorders: WireRecorder[] = [];
beforeAll(async () => {
  recorders = await Promise.all(SEEDS.map((seed) => startRecorder(inject("prisms").dynamic, { prefer: `seed=${seed}` })));
});
afterAll(async () => {
  await Promise.all(recorders.map((r) => r.close()));
});

/** A client whose session comes from the static Prism and whose calls go to `recorder`. */
const clientOf = (recorder: WireRecorder) =>
  createEdisClient({
    email: "owner@example.com",
    password: "secret",
    hosts: { session: inject("prisms").management, rdns: recorder.url, api: recorder.url },
    retries: 0,
    ...transportOptions(),
  });

test("there are read operations to check", () => {
  expect(reads.length).toBeGreaterThanOrEqual(15);
});

test("each seed makes up a body of its own", async () => {
  const bodies = [];
  for (const recorder of recorders) {
    recorder.reset();
    await cases.getKvmDetails!.run(clientOf(recorder));
    bodies.push(recorder.exchanges.find((e) => e.path === validator.path("getKvmDetails"))?.responseBody);
  }
  expect(new Set(bodies).size).toBe(SEEDS.length);
});

describe.each(SEEDS.map((seed, i) => [seed, i] as const))("seed %i", (_seed, index) => {
  test.each(reads.map((op) => op.operationId))("%s returns a typed result for a made-up body", async (operationId) => {
    const recorder = recorders[index]!;
    recorder.reset();
    const edis = clientOf(recorder);
    const result = await cases[operationId]!.run(edis);
    const exchange = recorder.exchanges.find((e) => e.path === validator.path(operationId));
    expect(exchange?.status).toBe(200);
    const body = checkResponse(validator, operationId, exchange!) as Record<string, unknown>;
    const op = operationTable[operationId as keyof typeof operationTable];
    const c = cases[operationId]!;
    expect(result).toEqual(c.result ? c.result(body) : "result" in op ? body[op.result] : body);
  });
});
