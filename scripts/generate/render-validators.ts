/**
 * The simulator's checks against the spec, compiled here, at build time: every operation's
 * request schema (the form as an object, JSON-text fields decoded) and every documented
 * answer's schema, emitted as ajv's standalone code. The simulator (src/testing/) runs on
 * workerd, which forbids generating code at run time (`new Function`), so no schema is
 * compiled where it runs; the emitted modules import neither ajv nor ajv-formats, only the
 * spec's formats (src/testing/formats.ts, with which they are compiled) and ajv's two run-time helpers, rewritten here to
 * src/testing/ajv-runtime.ts.
 *
 * - generated/request-validators.ts: `requestValidators[operationId]`, with ajv's `coerceTypes`
 *   (form fields are text: `id=3` is the integer 3), and `callbackValidators[operationId]`.
 * - generated/response-validators.ts: `responseValidators[operationId][status]`, and `chart`,
 *   the schema of the decoded `chart_*` strings (`x-edis-json`).
 * - generated/answers.ts: the spec's example of every documented answer, by operationId and
 *   status: the shape of each error body the simulator gives.
 */
import { Ajv, _ } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { pointer, toJsonSchema } from "../../src/contract/spec-schemas.js";
import { simFormats } from "../../src/testing/formats.js";
import { HTTP_METHODS, type Node, listOperations, loadSpec, requestMedia } from "../lib/spec.js";
import { banner } from "./banner.js";
import { fail } from "./fail.js";
import type { SpecDocument } from "./read-specs.js";

type Standalone = (ajv: Ajv, refs: Record<string, string>) => string;
const standaloneCode = ((standaloneModule as unknown as { default?: Standalone }).default ?? standaloneModule) as unknown as Standalone;

/** ajv's run-time helpers the emitted code may use, and their stand-ins of src/testing/ajv-runtime.ts. */
const RUNTIME_HELPERS: Readonly<Record<string, string>> = {
  'require("ajv/dist/runtime/ucs2length").default': "ajvRuntime.ucs2length",
  'require("ajv/dist/runtime/equal").default': "ajvRuntime.equal",
};

function specAjv(coerce: boolean): Ajv {
  // inlineRefs off: a shared schema (KvmId, StatusError…) becomes one function that every operation calls, not a copy in each.
  const ajv = new Ajv({ strict: false, allErrors: true, inlineRefs: false, coerceTypes: coerce, code: { source: true, esm: true, formats: _`simFormats` } });
  // The very definitions the generated code calls (as simFormats.<name>.validate); password and binary constrain nothing.
  for (const [name, format] of Object.entries(simFormats)) ajv.addFormat(name, format as never);
  ajv.addFormat("password", true);
  ajv.addFormat("binary", true);
  return ajv;
}

/** ajv's module for `refs` (export name → schema ref), made to run with no ajv: helpers rewritten, one function a line. */
function moduleCode(ajv: Ajv, refs: Record<string, string>, file: string): string {
  let code = standaloneCode(ajv, refs);
  for (const [from, to] of Object.entries(RUNTIME_HELPERS)) code = code.split(from).join(to);
  const left = /require\("[^"]+"\)/u.exec(code);
  if (left) fail(file, `ajv's standalone code still needs ${left[0]}; add it to RUNTIME_HELPERS`);
  return code.replace(/^"use strict";/u, "").replace(/;(function |export const )/gu, ";\n$1");
}

/** The request body schema and the documented answers of every operation (and callback) of one document. */
function operationsOf(api: string, spec: Node) {
  const ops = listOperations(spec).map((op) => {
    const { contentType } = requestMedia(spec, op);
    const at = pointer("paths", op.path, op.method);
    const responses = Object.entries((op.operation.responses ?? {}) as Node).map(([status, raw]) => {
      const media = ((raw as Node).content as Node | undefined)?.["application/json"] as Node | undefined;
      if (!media?.schema) fail(op.operationId, `answer ${status} has no application/json schema`);
      const examples = media.examples as Record<string, Node> | undefined;
      const example = media.example ?? (examples ? Object.values(examples)[0]?.value : undefined);
      if (example === undefined) fail(op.operationId, `answer ${status} has no example`);
      return { status, ref: `${api}#/${at}/responses/${pointer(status)}/content/application~1json/schema`, example };
    });
    return { operationId: op.operationId, request: `${api}#/${at}/requestBody/content/${pointer(contentType)}/schema`, responses };
  });
  const callbacks: { operationId: string; request: string }[] = [];
  for (const op of listOperations(spec)) {
    for (const [name, callback] of Object.entries((op.operation.callbacks ?? {}) as Node)) {
      for (const [expression, item] of Object.entries(callback as Node)) {
        for (const method of HTTP_METHODS) {
          const operation = (item as Node)[method] as Node | undefined;
          if (!operation) continue;
          const content = Object.keys(((operation.requestBody as Node | undefined)?.content ?? {}) as Node)[0];
          if (!content) fail(String(operation.operationId), "a callback without a request body");
          const at = pointer("paths", op.path, op.method, "callbacks", name, expression, method, "requestBody", "content", content, "schema");
          callbacks.push({ operationId: String(operation.operationId), request: `${api}#/${at}` });
        }
      }
    }
  }
  return { ops, callbacks };
}

/** `schema` without the words of the spec (descriptions, summaries, titles), which ajv would copy into the code. */
function withoutProse(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutProse);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "description" || key === "summary" || key === "title") continue;
    out[key] = key === "properties" ? Object.fromEntries(Object.entries(value as Node).map(([name, sub]) => [name, withoutProse(sub)])) : withoutProse(value);
  }
  return out;
}

const identifier = (text: string) => text.replace(/[^A-Za-z0-9_]/gu, "_");

const HEADER = [
  "// @ts-nocheck: ajv's standalone code, untyped; src/testing/spec-checks.ts gives it its types.",
  "/* eslint-disable */",
  'import { ajvRuntime } from "../src/testing/ajv-runtime.js";',
  'import { simFormats } from "../src/testing/formats.js";',
].join("\n");

/** generated/request-validators.ts, generated/response-validators.ts and generated/answers.ts. */
export function renderValidators(documents: readonly SpecDocument[]): Record<string, string> {
  const requests = specAjv(true);
  const responses = specAjv(false);
  const requestRefs: Record<string, string> = {};
  const responseRefs: Record<string, string> = {};
  const requestIndex: string[] = [];
  const callbackIndex: string[] = [];
  const responseIndex: string[] = [];
  const answers: Record<string, Record<string, unknown>> = {};
  let chart: string | undefined;
  for (const doc of documents) {
    const spec = loadSpec(doc.path);
    const converted = { ...(withoutProse(toJsonSchema(spec)) as Node), $id: doc.api };
    requests.addSchema(converted);
    responses.addSchema(converted);
    const { ops, callbacks } = operationsOf(doc.api, spec);
    for (const op of ops) {
      requestRefs[`request_${identifier(op.operationId)}`] = op.request;
      requestIndex.push(`  ${op.operationId}: request_${identifier(op.operationId)},`);
      const statuses: string[] = [];
      answers[op.operationId] = {};
      for (const answer of op.responses) {
        const name = `response_${identifier(op.operationId)}_${identifier(answer.status)}`;
        responseRefs[name] = answer.ref;
        statuses.push(`"${answer.status}": ${name}`);
        answers[op.operationId]![answer.status] = answer.example;
      }
      responseIndex.push(`  ${op.operationId}: { ${statuses.join(", ")} },`);
    }
    for (const cb of callbacks) {
      requestRefs[`callback_${identifier(cb.operationId)}`] = cb.request;
      callbackIndex.push(`  ${cb.operationId}: callback_${identifier(cb.operationId)},`);
    }
    if (chart === undefined && ((spec.components as Node | undefined)?.schemas as Node | undefined)?.Chart) chart = `${doc.api}#/components/schemas/Chart`;
  }
  if (chart === undefined) fail("components.schemas", "no Chart schema (the decoded chart_* strings)");
  responseRefs.chart = chart;
  const requestFile = [
    banner("generated/request-validators.ts"),
    HEADER,
    moduleCode(requests, requestRefs, "generated/request-validators.ts"),
    "",
    "/** The check of each operation's request body (the form as an object, JSON-text fields decoded), by operationId. */",
    `export const requestValidators = {\n${requestIndex.join("\n")}\n};`,
    "",
    "/** The check of each callback's request body, by operationId. */",
    `export const callbackValidators = {\n${callbackIndex.join("\n")}\n};`,
    "",
  ].join("\n");
  const responseFile = [
    banner("generated/response-validators.ts"),
    HEADER,
    moduleCode(responses, responseRefs, "generated/response-validators.ts"),
    "",
    "/** The check of each documented answer's body, by operationId and status. */",
    `export const responseValidators = {\n${responseIndex.join("\n")}\n};`,
    "",
  ].join("\n");
  const answersFile = [
    banner("generated/answers.ts"),
    "/** The spec's example of every documented answer, by operationId and status. */",
    `export const documentedAnswers: Readonly<Record<string, Readonly<Record<string, unknown>>>> = ${JSON.stringify(answers, null, 2)};`,
    "",
  ].join("\n");
  return {
    "request-validators.ts": requestFile,
    "response-validators.ts": responseFile,
    "answers.ts": answersFile,
  };
}
