/**
 * Type-level tests of the public API, compiled by `npm run typecheck` (TypeScript 7, against
 * src/) and by `npm run test:package` (the pinned 5.9, against the installed package): an expectation
 * that does not hold, or an `@ts-expect-error` with nothing to expect, fails the build. Nothing
 * here runs; the client is never called.
 */
import { describe, expectTypeOf, test } from "vitest";
import {
  type EdisApiError,
  type EdisClient,
  type EdisError,
  type OperationId,
  type OperationResults,
  type PtrSyncResult,
  type Session,
  type VpsSummary,
  createEdisClient,
  isEdisApiError,
} from "../../src/index.js";

declare const edis: EdisClient;
const kvmId = "kvm_123456_789012";

describe("namespace methods", () => {
  test("results come from the spec's 200 bodies", () => {
    expectTypeOf(edis.ptr.get({ kvmId, ips: ["192.0.2.1"] })).resolves.toEqualTypeOf<OperationResults["getPTR"]>();
    expectTypeOf(edis.ptr.get).returns.resolves.items.toHaveProperty("ptr_record");
    expectTypeOf(edis.power.state({ kvmId })).resolves.toEqualTypeOf<OperationResults["getPowerState"]>();
    expectTypeOf(edis.auth.createSession()).resolves.toEqualTypeOf<Session[]>();
    expectTypeOf(edis.vps.list()).resolves.toEqualTypeOf<VpsSummary[]>();
  });

  test("a missing kvmId does not compile", () => {
    // @ts-expect-error kvmId is required
    void edis.ptr.get({ ips: ["192.0.2.1"] });
    // @ts-expect-error kvmId is required
    void edis.power.state({});
  });

  test("a field the client fills in (signature, the session's) cannot be passed by hand", () => {
    // @ts-expect-error signature comes from the session
    void edis.power.state({ kvmId, signature: "x" });
    // @ts-expect-error valid_until comes from the session
    void edis.ptr.get({ kvmId, ips: [], validUntil: "1" });
  });

  test("enum fields take the spec's values only", () => {
    void edis.hooks.set({ kvmId, callbackMethod: "post", triggerValue: "80", callbackUrl: "https://example.com/hook" });
    // @ts-expect-error "put" is not a callback method of the spec
    void edis.hooks.set({ kvmId, callbackMethod: "put", triggerValue: "80", callbackUrl: "https://example.com/hook" });
  });

  test("a parameter of the wrong type does not compile", () => {
    // @ts-expect-error ips is a list of addresses
    void edis.ptr.get({ kvmId, ips: "192.0.2.1" });
  });
});

describe("call", () => {
  test("takes an operationId of the spec and returns that operation's result", () => {
    expectTypeOf(edis.call("getPTR", { kvmId, ips: ["192.0.2.1"] })).resolves.toEqualTypeOf<OperationResults["getPTR"]>();
    expectTypeOf<"getPTR">().toMatchTypeOf<OperationId>();
  });

  test("an unknown operationId does not compile", () => {
    // @ts-expect-error not an operation of the spec
    void edis.call("getPTRs", { kvmId });
  });

  test("the params are those of the operation named", () => {
    // @ts-expect-error getPowerState takes no ips
    void edis.call("getPowerState", { kvmId, ips: [] });
  });
});

describe("the client and its errors", () => {
  test("createEdisClient needs an email and a password", () => {
    expectTypeOf(createEdisClient).parameter(0).toHaveProperty("email");
    // @ts-expect-error password is required
    void createEdisClient({ email: "owner@example.com" });
    void createEdisClient({ email: "owner@example.com", password: async () => "pw" });
  });

  test("guards narrow", () => {
    const error: unknown = undefined;
    if (isEdisApiError(error)) expectTypeOf(error).toEqualTypeOf<EdisApiError>();
    expectTypeOf<EdisApiError["status"]>().toEqualTypeOf<number>();
  });
});

describe("ptr.sync", () => {
  test("takes { ip, hostname } records, a hostname of null or none meaning no record, and returns the plan and outcomes", () => {
    const run = edis.ptr.sync({
      kvmId,
      records: [{ ip: "192.0.2.1", hostname: "mail.example.com" }, { ip: "192.0.2.2", hostname: null }, { ip: "192.0.2.3" }],
    });
    expectTypeOf(run).resolves.toEqualTypeOf<PtrSyncResult>();
    expectTypeOf<PtrSyncResult["plan"]["entries"][number]["action"]>().toEqualTypeOf<"create" | "change" | "delete" | "unchanged">();
    const outcome = {} as PtrSyncResult["outcomes"][number];
    if (outcome.status === "failed") expectTypeOf(outcome.error).toEqualTypeOf<EdisError>();
    // @ts-expect-error an outcome that applied carries no error
    if (outcome.status === "applied") void outcome.error;
  });

  test("a map of records (ptr.set's shape) does not compile", () => {
    // @ts-expect-error records are a list of { ip, hostname }
    void edis.ptr.sync({ kvmId, records: { "192.0.2.1": "mail.example.com" } });
  });
});
