/**
 * The secrets audit: every operation, through success and every failure path, with known
 * secret values (account password, session signature, reinstall, upload, VNC and callback
 * passwords, cloud-init data). Servers echo what they received in every way a careless one
 * does; no secret may show in the error, its message, `String()`, `util.inspect()`, JSON
 * form or causes, in a result, or in anything written to stdout, stderr or the console.
 *
 * The CLI's audit plugs into the same tools: test-support/secret-audit.ts (`auditRun`).
 *
 * Over an injected fetch (the `reliability-fetch` project) every path runs for the operations
 * that carry a secret of their own and one operation of each wire shape (test-support/
 * wire-shapes.ts): what the transport handles (the body it sends, the answer it reads, the
 * reset or the timeout it reports) does not depend on which operation it carries; the
 * scrubbing of every operation's fields runs above it, in the same code over either transport.
 */
import { expect, test } from "vitest";
import { type ContractCase, cases } from "../test-support/contract-cases.js";
import { orderCases } from "../test-support/order-contract-cases.js";
import { createSpecValidator } from "../scripts/lib/spec-validator.js";
import { type OperationSpec, operationTable } from "../generated/operations.js";
import {
  type EdisClient,
  EdisApiError,
  EdisNetworkError,
  EdisOutcomeUnknownError,
  EdisRedirectError,
  EdisTimeoutError,
  EdisValidationError,
} from "../src/index.js";
import { type Fault, echo, json, noAnswer, redirect, resetBeforeHeaders } from "../test-support/fault-answers.js";
import { AUTH_PATH, type FaultServer, KVM, withFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { countFigure } from "../test-support/reliability-figures.js";
import { SECRETS, SECRET_TOKENS, auditRun } from "../test-support/secret-audit.js";
import { TEST_TRANSPORT } from "../test-support/transport.js";
import { onePerWireShape, wireShapeOf } from "../test-support/wire-shapes.js";

useLeakGuard();

const validator = createSpecValidator();
const operations: readonly OperationSpec[] = Object.values(operationTable);
const kvmId = KVM;
const DISK = new Uint8Array([0x51, 0x46, 0x49, 0xfb, 0, 0, 0, 3]);

/** Calls that carry the caller's secrets; every other operation runs as its contract case does. */
const secretCalls: Record<string, ContractCase["run"]> = {
  reinstallVPS: (edis) =>
    edis.install.reinstall({ kvmId, image: "cloudinit_debian-bookworm", password: SECRETS.reinstallPassword, cloudinitUserData: SECRETS.cloudInit }),
  uploadQCOW2: (edis) =>
    edis.install.uploadQcow2({ kvmId, yesPurgeAllMyData: 1, file: DISK, password: SECRETS.uploadPassword, cloudinitUserData: SECRETS.cloudInit }),
  enableVnc: (edis) => edis.vnc.enable({ kvmId, password: SECRETS.vncPassword }),
  setKvmHooks: (edis) =>
    edis.hooks.set({
      kvmId,
      callbackMethod: "post",
      callbackUser: "hook-user",
      callbackPassword: SECRETS.callbackPassword,
      triggerValue: "80",
      callbackUrl: "https://example.com/hook",
    }),
};

/**
 * Calls whose secret breaks a rule: the validation error must not show it. Pattern rules
 * are the ones whose messages show the rejected value, so most of these break a pattern.
 */
const badSecretCalls: Record<string, ContractCase["run"]> = {
  reinstallVPS: (edis) => edis.install.reinstall({ kvmId, image: "cloudinit_debian-bookworm", password: `${SECRETS.reinstallPassword}\n` }),
  uploadQCOW2: (edis) =>
    edis.install.uploadQcow2({ kvmId, yesPurgeAllMyData: 1, file: DISK, password: SECRETS.uploadPassword, cloudinitUserData: `${SECRETS.cloudInit}\x01` }),
  enableVnc: (edis) => edis.vnc.enable({ kvmId, password: `${SECRETS.vncPassword.slice(0, 7)}!` }),
  setKvmHooks: (edis) =>
    edis.hooks.set({
      kvmId,
      callbackMethod: "post",
      callbackPassword: `${SECRETS.callbackPassword}${"x".repeat(300)}`,
      triggerValue: "80",
      callbackUrl: "https://example.com/hook",
    }),
};

interface Path {
  readonly name: string;
  /** Scripts the server for an operation at `path`. */
  setup(server: FaultServer, path: string): void;
  /** Runs the call (the operation's own, unless the path needs another). */
  run?(operationId: string): ContractCase["run"] | undefined;
  /** The error class the path must end in (undefined: success). */
  readonly error?: abstract new (
    ...args: never[]
  ) => Error;
  /** The server received secrets to echo on this path. */
  readonly echoes?: boolean;
  readonly timeoutMs?: number;
}

const script = (faults: Fault[]) => (server: FaultServer, path: string) => server.script(path, ...faults);

const paths: Path[] = [
  { name: "success", setup: (server, path) => server.script(path, json(200, validator.example(pathOperation(path), 200))) },
  { name: "500 echoing the request as JSON", setup: script([echo(500, "json")]), error: EdisApiError, echoes: true },
  { name: '200 with status "error" echoing the request', setup: script([echo(200, "status-error")]), error: EdisApiError, echoes: true },
  { name: "400 with naively pasted JSON that breaks at a secret", setup: script([echo(400, "naive-json")]), error: EdisApiError, echoes: true },
  { name: "502 echoing the values as plain text", setup: script([echo(502, "text")]), error: EdisApiError, echoes: true },
  { name: "401 twice, echoing both sessions", setup: script([echo(401, "json")]), error: EdisApiError, echoes: true },
  {
    name: "auth refused, echoing the account password",
    setup: (server) => server.script(AUTH_PATH, echo(401, "json")),
    error: EdisApiError,
    echoes: true,
  },
  {
    name: "auth answering naive JSON that breaks at the password",
    setup: (server) => server.script(AUTH_PATH, echo(400, "naive-json")),
    error: EdisApiError,
    echoes: true,
  },
  {
    name: "redirect whose Location carries the request",
    // The values go back form-encoded: a header cannot carry a multipart body's raw bytes.
    setup: script([redirect(307, (arrival) => `https://elsewhere.example/take?${new URLSearchParams(arrival.form).toString()}`)]),
    error: EdisRedirectError,
    echoes: true,
  },
  { name: "connection reset", setup: script([resetBeforeHeaders()]), error: EdisNetworkError },
  { name: "timeout", setup: script([noAnswer()]), error: EdisTimeoutError, timeoutMs: 50 },
  {
    name: "input refused",
    setup: () => undefined,
    run: (operationId) => badSecretCalls[operationId] ?? ((edis: EdisClient) => edis.call(operationId as "getPowerState", { kvmId: "kvm_x" })),
    error: EdisValidationError,
  },
];

const byPath = new Map(operations.map((op) => [op.path, op.operationId]));
function pathOperation(path: string): string {
  return byPath.get(path)!;
}

/** Over the default transport every operation; over an injected fetch the secret carriers and one of each wire shape. */
const audited =
  TEST_TRANSPORT === "fetch"
    ? [
        ...operations.filter((op) => op.operationId in secretCalls),
        ...onePerWireShape(operations.map((op) => ({ op, shape: wireShapeOf(op), errorStatuses: [] }))).map((o) => o.op),
      ].filter((op, i, all) => all.indexOf(op) === i)
    : operations;
const matrix = audited.flatMap((op) => paths.map((path) => ({ operationId: op.operationId, opPath: op.path, path })));

test("the audit covers every operation of the spec (over an injected fetch, every wire shape) and every secret kind", () => {
  const shapes = (ops: readonly OperationSpec[]) => new Set(ops.map(wireShapeOf));
  if (TEST_TRANSPORT === "fetch") expect(shapes(audited)).toEqual(shapes(operations));
  else expect(new Set(matrix.map((m) => m.operationId)).size).toBe(operations.length);
  const secretFields = operations.flatMap((op) => op.fields.filter((f) => f.secret && f.from === undefined).map(() => op.operationId));
  for (const operationId of secretFields) expect(Object.keys(secretCalls)).toContain(operationId);
});

test.for(matrix)("$operationId, $path.name: no secret in any error view or output", async ({ operationId, opPath, path }, context) => {
  await withFaultServer(async (server) => {
    path.setup(server, opPath);
    const edis = server.client({ password: SECRETS.accountPassword, retries: 0, timeoutMs: path.timeoutMs ?? 30_000 });
    const run = path.run?.(operationId) ?? secretCalls[operationId] ?? (cases[operationId] ?? orderCases[operationId])!.run;
    const audited = await auditRun(() => run(edis), { resultToo: true });
    countFigure(context, "secretViews", audited.views.length);
    countFigure(context, "secretsFound", audited.findings.length);
    expect(audited.findings).toEqual([]);
    // The path was really taken, and where the server echoes, it had secrets to echo.
    // An order, upgrade or cancellation sent without an answer that says what became of it is
    // an EdisOutcomeUnknownError whose cause is the path's error.
    const op = operationTable[operationId as keyof typeof operationTable];
    const money = op.host === "order" && op.destructive;
    const taken = money && audited.error instanceof EdisOutcomeUnknownError ? audited.error.cause : audited.error;
    if (path.error) expect(taken).toBeInstanceOf(path.error);
    else expect(audited.error).toBeUndefined();
    if (path.echoes) {
      expect(server.arrivals.some((a) => SECRET_TOKENS.some((token) => a.body.includes(token)))).toBe(true);
    }
    await server.settled();
  });
});
