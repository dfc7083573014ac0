/**
 * Every operation of spec/, through the real client, against Prism started from spec/:
 * the request on the wire (method, path, content type, every field, JSON fields decoded and
 * validated against the spec), no Prism violation, the response validated against the spec,
 * and every documented error status mapped to EdisApiError with the server's message and the
 * right number of requests. Over an injected fetch (the `contract-fetch` project), one operation
 * per wire shape (test-support/wire-shapes.ts).
 */
import { describe, expect, test } from "vitest";
import { listOperations } from "../scripts/lib/spec.js";
import { operationTable } from "../generated/operations.js";
import { EdisApiError } from "../src/index.js";
import { cases } from "../test-support/contract-cases.js";
import { TEST_TRANSPORT } from "../test-support/transport.js";
import { caseProblems } from "./support/case-coverage.js";
import { expectedServerMessage, useHarness } from "./support/harness.js";
import { onePerWireShape, wireShapeOf } from "../test-support/wire-shapes.js";
import { checkNoViolations, checkRequest, checkResponse, decodeRequest } from "../scripts/lib/wire-check.js";

const h = useHarness();
const listed = listOperations(h.validator.spec);
const specOperations = listed.map((op) => op.operationId);
const AUTH_PATH = h.validator.path("createAuthSession");
const withCases = specOperations
  .filter((id) => id in cases)
  .map((id) => ({
    id,
    shape: wireShapeOf(operationTable[id as keyof typeof operationTable]),
    errorStatuses: h.validator.statuses(id).filter((s) => s >= 400),
  }));
const tested = TEST_TRANSPORT === "fetch" ? onePerWireShape(withCases) : withCases;

test("every operation in spec/ has a contract case, and every case an operation", () => {
  const problems = caseProblems(listed, Object.keys(cases));
  if (problems.length > 0) expect.fail(problems.join("\n"));
});

describe.each(tested.map((op) => op.id))("%s", (operationId) => {
  const c = cases[operationId]!;
  const op = operationTable[operationId as keyof typeof operationTable];
  const path = h.validator.path(operationId);
  const ofOperation = () => h.recorder.exchanges.filter((e) => e.path === path);

  test("sends exactly the request the spec describes and returns the documented answer", async () => {
    const result = await c.run(h.client());

    const sent = ofOperation();
    expect(sent).toHaveLength(1);
    const decoded = await decodeRequest(h.validator, operationId, sent[0]!);
    expect(decoded.fields).toEqual({ ...h.sessionFields(operationId), ...c.sent });
    expect(decoded.files).toEqual(c.files ?? {});
    for (const exchange of h.recorder.exchanges) checkNoViolations(exchange);

    const body = checkResponse(h.validator, operationId, sent[0]!) as Record<string, unknown>;
    const expected = c.result ? c.result(body) : "result" in op ? body[op.result] : body;
    expect(result).toEqual(expected);
  });

  const errors = h.validator.statuses(operationId).filter((s) => s >= 400);
  test.each(errors)("a documented %i becomes an EdisApiError with the server's message", async (status) => {
    h.recorder.prefer(path, status);
    const error = await c.run(h.client()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EdisApiError);
    const apiError = error as EdisApiError;
    const body = h.validator.example(operationId, status);
    expect(apiError.status).toBe(status);
    expect(apiError.operationId).toBe(operationId);
    expect(apiError.message).toBe(`${operationId} failed: ${status} ${expectedServerMessage(body)}`);

    const sent = ofOperation();
    for (const exchange of sent) {
      await checkRequest(h.validator, operationId, exchange);
      checkNoViolations(exchange);
      expect(checkResponse(h.validator, operationId, exchange)).toEqual(body);
    }
    // 401: renew the session once and try once more; 5xx: retry only what is safe to repeat
    // (the client here allows one retry); anything else: one request.
    const isSessionOp = op.auth === "session";
    const expectedSends = status === 401 && isSessionOp ? 2 : status >= 500 && op.retrySafe ? 2 : 1;
    expect(sent).toHaveLength(expectedSends);
    if (isSessionOp) {
      expect(h.recorder.exchanges.filter((e) => e.path === AUTH_PATH)).toHaveLength(status === 401 ? 2 : 1);
    }
  });
});
