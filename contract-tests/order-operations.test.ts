/**
 * Every operation of the ORDER API (spec/edis-order-api.yaml), through the real client, against
 * the suite's Prism of that document (support/prism-setup.ts), beside its management Prism: the
 * request on the wire (every field, `order` decoded and validated against the spec), no Prism
 * violation, the answer validated, and every documented error status an EdisApiError with the
 * server's message, sent once unless the operation is retry-safe and the status a 5xx.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { createSpecValidator } from "../scripts/lib/spec-validator.js";
import { listOperations, loadSpec, specPathFor } from "../scripts/lib/spec.js";
import { checkNoViolations, checkRequest, checkResponse, decodeRequest } from "../scripts/lib/wire-check.js";
import { type WireRecorder, startRecorder } from "../scripts/lib/wire-recorder.js";
import { EdisApiError, createEdisClient } from "../src/index.js";
import { orderCases } from "../test-support/order-contract-cases.js";
import { EMAIL, TRICKY_PASSWORD } from "../test-support/fixtures.js";
import { caseProblems } from "./support/case-coverage.js";
import { expectedServerMessage } from "./support/harness.js";

const validator = createSpecValidator();
const listed = listOperations(loadSpec(specPathFor("order")));
let recorder: WireRecorder;

beforeAll(async () => {
  recorder = await startRecorder(inject("prisms").order);
});
afterAll(async () => {
  await recorder?.close();
});
beforeEach(() => recorder.reset());

/** A client whose order host is the recorder in front of the order Prism. */
const client = () => createEdisClient({ email: EMAIL, password: TRICKY_PASSWORD, hosts: { order: recorder.url }, retries: 1, retryDelayMs: 1 });

test("every operation of the ORDER document has a contract case, and every case an operation", () => {
  const problems = caseProblems(listed, Object.keys(orderCases));
  if (problems.length > 0) expect.fail(problems.join("\n"));
});

describe.each(listed.map((op) => op.operationId).filter((id) => id in orderCases))("%s", (operationId) => {
  const c = orderCases[operationId]!;
  const op = operationTable[operationId as keyof typeof operationTable];
  const path = validator.path(operationId);
  const ofOperation = () => recorder.exchanges.filter((e) => e.path === path);

  test("sends exactly the request the spec describes and returns the documented answer", async () => {
    const result = await c.run(client());
    const sent = ofOperation();
    expect(sent).toHaveLength(1);
    expect(recorder.exchanges).toHaveLength(1);
    const decoded = await decodeRequest(validator, operationId, sent[0]!);
    expect(decoded.fields).toEqual(c.sent);
    checkNoViolations(sent[0]!);
    const body = checkResponse(validator, operationId, sent[0]!) as Record<string, unknown>;
    expect(result).toEqual("result" in op ? body[op.result] : body);
  });

  test.each(validator.statuses(operationId).filter((s) => s >= 400))("a documented %i becomes an EdisApiError with the server's message", async (status) => {
    recorder.prefer(path, status);
    const error = await c.run(client()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EdisApiError);
    const body = validator.example(operationId, status);
    expect((error as EdisApiError).status).toBe(status);
    expect((error as EdisApiError).message).toBe(`${operationId} failed: ${status} ${expectedServerMessage(body)}`);
    const sent = ofOperation();
    for (const exchange of sent) {
      await checkRequest(validator, operationId, exchange);
      checkNoViolations(exchange);
      expect(checkResponse(validator, operationId, exchange)).toEqual(body);
    }
    // add, upgrade and cancel: one request whatever the status; a read is retried once after a 5xx.
    expect(sent).toHaveLength(status >= 500 && op.retrySafe ? 2 : 1);
  });
});
