/**
 * Property tests derived from spec/, for every operation:
 * - any valid input (drawn from the request schema) is sent so that the body, decoded the way
 *   the contract suite decodes it, is exactly that input plus the session fields, and meets
 *   the request schema;
 * - any input with one rule broken (a proposal the spec's validator confirms, or one of the
 *   client's own rules) is refused with an EdisValidationError naming the parameter, and
 *   nothing is sent;
 * - any 200 answer the response schema allows gives the typed result, and never a throw.
 * The client talks to an in-memory fetch, so thousands of runs take seconds.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type ContractCase, cases } from "../test-support/contract-cases.js";
import { createSpecValidator } from "../scripts/lib/spec-validator.js";
import { decodeRequest } from "../scripts/lib/wire-check.js";
import { type OperationSpec, operationTable } from "../generated/operations.js";
import { type Node, type SpecOperation, flattenSchema, listOperations, requestMedia } from "../scripts/lib/spec.js";
import { type EdisClient, EdisValidationError, createEdisClient } from "../src/index.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import {
  AUTH,
  type RecordingFetch,
  STUB_API_HOST,
  STUB_EMAIL,
  STUB_PASSWORD,
  STUB_SIGNATURE,
  STUB_URL,
  STUB_VALID_UNTIL,
  type StubAnswer,
  recordingFetch,
} from "../test-support/recording-fetch.js";
import { countFigure } from "../test-support/reliability-figures.js";
import { arbitraryOf } from "../test-support/schema-arbitrary.js";
import { type Breakage, breakingOf } from "../test-support/schema-breakage.js";

useLeakGuard();

/** Runs per property and operation: 3 properties × 36 operations × RUNS in all. */
const RUNS = 35;
/** Fixed, so that a failure can be replayed; fast-check prints the path to the counterexample. */
const SEED = 20_260_601;

const validator = createSpecValidator();
const spec = validator.spec;
const table: Readonly<Record<string, OperationSpec>> = operationTable;
const operations = listOperations(spec);

function clientOf(stub: RecordingFetch): EdisClient {
  return createEdisClient({
    email: STUB_EMAIL,
    password: STUB_PASSWORD,
    fetch: stub.fetch,
    hosts: { session: STUB_URL, rdns: STUB_URL, api: STUB_URL },
    retries: 0,
  });
}

const call = (edis: EdisClient, operationId: string, params: unknown): Promise<unknown> =>
  (edis.call as (id: string, p: unknown) => Promise<unknown>)(operationId, params);

/** The request schema's properties the caller gives (not those the client fills), with their fields. */
function callerFields(op: SpecOperation): { wire: string; schema: unknown; field: OperationSpec["fields"][number]; required: boolean }[] {
  const schema = flattenSchema(spec, requestMedia(spec, op).media.schema);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries((schema.properties ?? {}) as Node).flatMap(([wire, sub]) => {
    const field = table[op.operationId]!.fields.find((f) => f.wire === wire);
    if (!field) throw new Error(`${op.operationId}: ${wire} is not in the generated table`);
    return field.from === undefined ? [{ wire, schema: sub, field, required: required.has(wire) && field.default === undefined }] : [];
  });
}

/** Any params the request schema allows, by the caller's names. */
function paramsOf(op: SpecOperation): fc.Arbitrary<Record<string, unknown>> {
  const fields = callerFields(op);
  return fc.record(Object.fromEntries(fields.map((f) => [f.field.param, arbitraryOf(spec, f.schema)])), {
    requiredKeys: fields.filter((f) => f.required).map((f) => f.field.param),
  });
}

/** One field's value as the decoded wire body holds it. */
function onTheWire(field: OperationSpec["fields"][number], value: unknown): unknown {
  if (field.json) return JSON.parse(JSON.stringify(value)) as unknown;
  if (value instanceof Uint8Array) return `<binary ${value.byteLength} bytes>`;
  return typeof value === "string" ? value : String(value);
}

const FILLED: Record<string, unknown> = {
  "session.signature": STUB_SIGNATURE,
  "session.valid_until": String(STUB_VALID_UNTIL),
  "session.api_host": STUB_API_HOST,
  "credentials.email": STUB_EMAIL,
  "credentials.password": STUB_PASSWORD,
};

/** The decoded body that `params` must produce: the caller's values, defaults and the session. */
function expectedBody(op: OperationSpec, params: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of op.fields) {
    if (field.from !== undefined) body[field.wire] = FILLED[field.from];
    else if (params[field.param] !== undefined) body[field.wire] = onTheWire(field, params[field.param]);
    else if (field.default !== undefined) body[field.wire] = onTheWire(field, field.default);
  }
  return body;
}

/** Checks a property and counts its runs; a failure reports fast-check's counterexample. */
async function checkProperty<T>(context: Parameters<typeof countFigure>[0], property: fc.IAsyncPropertyWithHooks<[T]>): Promise<void> {
  const details = await fc.check(property, { numRuns: RUNS, seed: SEED, endOnFailure: false });
  countFigure(context, "propertyRuns", details.numRuns);
  if (details.failed) throw new Error(fc.defaultReportMessage(details));
}

/**
 * What the user gets for a 200 body: the contract case's view of it (decoded charts and data
 * URIs), or the body's x-edis-result part. The case's view assumes every decoded field is
 * there; where the schema lets one out, the others are decoded as the spec says (JSON text).
 */
function expectedResult(op: OperationSpec, c: ContractCase, body: Record<string, unknown>): unknown {
  const decoders = op.decode ?? [];
  if (c.result && decoders.every((d) => body[d.field] !== undefined)) return c.result(body);
  for (const d of decoders) {
    if (d.as === "json" && typeof body[d.field] === "string") body[d.field] = JSON.parse(body[d.field] as string);
  }
  return op.result !== undefined ? body[op.result] : body;
}

const okAnswer = (operationId: string): StubAnswer => ({ status: 200, body: validator.example(operationId, 200) });

describe.each(operations.map((op) => [op.operationId, op] as const))("%s", (operationId, op) => {
  const entry = table[operationId]!;
  const fields = callerFields(op);

  test("any valid input is sent as exactly that input, and meets the request schema", async (context) => {
    await checkProperty(
      context,
      fc.asyncProperty(paramsOf(op), async (params) => {
        const stub = recordingFetch((path) => (path === op.path && path !== AUTH ? okAnswer(operationId) : undefined));
        await call(clientOf(stub), operationId, params);
        const sent = stub.to(op.path);
        expect(sent).toHaveLength(1);
        const decoded = await decodeRequest(validator, operationId, sent[0]!);
        expect(decoded.fields).toEqual(expectedBody(entry, params));
        for (const field of fields.filter((f) => f.field.rule.format === "binary")) {
          const bytes = params[field.field.param] as Uint8Array | undefined;
          if (bytes) expect(decoded.files[field.wire]).toEqual(new Uint8Array(bytes));
        }
      }),
    );
  });

  test("any input with one rule broken is refused, naming the parameter, and nothing is sent", async (context) => {
    // Every operation has a caller field (kvm_id at least); an operation without one would have nothing to break.
    expect(fields.length).toBeGreaterThan(0);
    const broken = paramsOf(op).chain((params) =>
      fc.nat({ max: fields.length - 1 }).chain((index) => {
        const target = fields[index]!;
        const param = target.field.param;
        const valid = params[param];
        const missing: fc.Arbitrary<{ params: Record<string, unknown>; param: string; breakage: Breakage }> = fc.constant({
          params: Object.fromEntries(Object.entries(params).filter(([k]) => k !== param)),
          param,
          breakage: { value: undefined, rule: "missing", convention: false },
        });
        const bulk = entry.bulk?.field === target.wire;
        const changed =
          valid === undefined
            ? arbitraryOf(spec, target.schema).chain((v) => breakingOf(spec, target.schema, v, bulk))
            : breakingOf(spec, target.schema, valid, bulk);
        const broke = changed.map((breakage) => ({ params: { ...params, [param]: breakage.value }, param, breakage }));
        return target.required ? fc.oneof(broke, missing) : broke;
      }),
    );
    await checkProperty(
      context,
      fc.asyncProperty(broken, async ({ params, param, breakage }) => {
        // The spec's validator decides whether the text that would travel breaks the schema.
        const wire = expectedBody(entry, params);
        const schemaSays = validator.request(operationId, wire).length > 0;
        fc.pre(schemaSays || breakage.convention);
        const stub = recordingFetch(() => okAnswer(operationId));
        const error = await call(clientOf(stub), operationId, params).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${param}: ${breakage.rule}`).toBeInstanceOf(EdisValidationError);
        const field = (error as EdisValidationError).field;
        expect(field === param || field.startsWith(`${param}[`) || field.startsWith(`${param}.`), `${field} names ${param}`).toBe(true);
        expect(stub.requests).toHaveLength(0);
      }),
    );
  });

  test("any 200 answer the response schema allows gives the typed result, never a throw", async (context) => {
    const responseSchema = ((op.operation.responses as Node)["200"] as Node).content as Node;
    const schema = (responseSchema["application/json"] as Node).schema;
    const c = cases[operationId]!;
    await checkProperty(
      context,
      fc.asyncProperty(arbitraryOf(spec, schema, { extraKeys: true }), async (generated) => {
        // The arbitrary is checked against the spec's validator too: it must stay inside the schema.
        expect(validator.response(operationId, 200, generated)).toEqual([]);
        // What the wire carries: JSON has no -0, no undefined.
        const body = JSON.parse(JSON.stringify(generated)) as Record<string, unknown>;
        const stub = recordingFetch((path) => (path === op.path ? { status: 200, body } : undefined));
        const edis = clientOf(stub);
        const result = await (operationId === "createAuthSession" ? edis.auth.createSession() : c.run(edis));
        expect(result).toEqual(expectedResult(entry, c, structuredClone(body)));
      }),
    );
  });
});
