/**
 * Prism for users: the Prism view the package ships beside the spec
 * (spec/edis-<api>-api.prism.yaml, generated from spec/ and held to it by `npm run
 * generate:check`) serves every operation with a JSON-text form field (PTR, `settings.set`,
 * `order.add`) with its documented answer, where Prism started from the spec itself answers
 * them with a 400 that blames another field. Each Prism is started as a user starts it: from the
 * file, as it is (support/prism-setup.ts starts them for the suite).
 */
import { readFileSync } from "node:fs";
import { describe, expect, inject, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { createSpecValidator } from "../scripts/lib/spec-validator.js";
import { listOperations, loadSpec, specPathFor } from "../scripts/lib/spec.js";
import { EdisApiError, createEdisClient } from "../src/index.js";
import { cases as managementCases } from "../test-support/contract-cases.js";
import { orderCases } from "../test-support/order-contract-cases.js";
import { EMAIL, TRICKY_PASSWORD } from "../test-support/fixtures.js";
import { transportOptions } from "../test-support/transport.js";
import { shippedViewOf } from "./support/prism-setup.js";

const ROOT = new URL("../", import.meta.url);
const SHIPPED_VIEWS = { management: "spec/edis-management-api.prism.yaml", order: "spec/edis-order-api.prism.yaml" } as const;
const prisms = inject("prisms");
const validator = createSpecValidator();
const cases: Record<string, { run: (typeof managementCases)[string]["run"]; result?: (typeof managementCases)[string]["result"] }> = {
  ...managementCases,
  ...orderCases,
};

/** The operations of `api` whose body carries a form field of JSON text. */
const withJsonFields = (api: string): string[] =>
  listOperations(loadSpec(specPathFor(api)))
    .map((op) => op.operationId)
    .filter((id) => validator.jsonFields(id).length > 0);
const JSON_TEXT_OPERATIONS = [...withJsonFields("management"), ...withJsonFields("order")];

/** A client of one Prism for every host, and the `sl-violations` headers of its answers. */
function clientOf(management: string, order: string) {
  const violations: string[] = [];
  const base = transportOptions().fetch ?? globalThis.fetch;
  const edis = createEdisClient({
    email: EMAIL,
    password: TRICKY_PASSWORD,
    hosts: { session: management, rdns: management, api: management, order },
    retries: 0,
    fetch: async (input, init) => {
      const response = await base(input, init);
      const header = response.headers.get("sl-violations");
      if (header !== null) violations.push(header);
      return response;
    },
  });
  return { edis, violations };
}

test("the Prism views ship in the package, one beside each document of spec/", () => {
  const files = (JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as { files: string[] }).files;
  for (const view of Object.values(SHIPPED_VIEWS)) expect(files).toContain(view);
  // The suite's Prisms are started from these very files.
  expect(Object.entries(SHIPPED_VIEWS).map(([api]) => shippedViewOf(api as "management" | "order"))).toEqual(
    Object.values(SHIPPED_VIEWS).map((view) => new URL(view, ROOT).pathname),
  );
  expect(JSON_TEXT_OPERATIONS).toEqual(expect.arrayContaining(["getPTR", "setPTR", "deletePTR", "setKvmConfiguration", "addOrder"]));
});

describe.each(JSON_TEXT_OPERATIONS)("%s", (operationId) => {
  const c = cases[operationId]!;
  const op = operationTable[operationId as keyof typeof operationTable];

  test("Prism started from the shipped view answers it with the documented 200, without a violation", async () => {
    const { edis, violations } = clientOf(prisms.shipped.management, prisms.shipped.order);
    const result = await c.run(edis);
    const body = validator.example(operationId, 200) as Record<string, unknown>;
    expect(result).toEqual(c.result ? c.result(body) : "result" in op ? body[op.result] : body);
    expect(violations).toEqual([]);
  });
});

test("Prism started from the spec itself refuses the PTR calls and settings.set with a 400 (why the view ships)", async () => {
  const { edis } = clientOf(prisms.managementSpec, prisms.managementSpec);
  for (const operationId of ["getPTR", "setPTR", "deletePTR", "setKvmConfiguration"]) {
    const error = await cases[operationId]!.run(edis).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, operationId).toBeInstanceOf(EdisApiError);
    expect((error as EdisApiError).status, operationId).toBe(400);
  }
});
