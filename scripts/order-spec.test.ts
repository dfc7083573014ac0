/**
 * What spec/edis-order-api.yaml promises before the client uses it: the eleven operations
 * under the method names of issue 15, the three that cost or end a paid service destructive
 * and never retried, the credentials filled by the client with the password a secret, one
 * server (the order host) and one request encoding (form) for every operation.
 */
import { describe, expect, test } from "vitest";
import { type Node, flattenSchema, listOperations, loadSpec, requestMedia, serversOf, specPathFor } from "./lib/spec.js";

const spec = loadSpec(specPathFor("order"));
const ops = listOperations(spec);

describe("the ORDER API document", () => {
  test("eleven operations, one client method each, in the order namespace", () => {
    expect(ops.map((o) => `${o.operation["x-edis-method"]} ${o.operationId} ${o.path}`)).toEqual([
      "order.paymentMethods getPaymentMethods /kvm/v2/get/paymentmethods",
      "order.balance getAccountBalance /kvm/v2/get/account-balance",
      "order.services getUserServices /kvm/v2/get/services",
      "order.billingCycles getBillingCycles /kvm/v2/get/billingcycles",
      "order.serviceId getServiceId /kvm/v2/get/serviceid",
      "order.kvmId getKvmId /kvm/v2/get/kvmid",
      "order.locations getLocations /kvm/v2/get/locations",
      "order.products getProducts /kvm/v2/get/products",
      "order.add addOrder /kvm/v2/add/order",
      "order.upgrade upgradeKVM /kvm/v2/add/upgrade",
      "order.cancel cancelProduct /kvm/v2/cancel/product",
    ]);
  });

  test("ordering, upgrading and cancelling are destructive and never retried; the rest are retry-safe reads", () => {
    const marks = Object.fromEntries(ops.map((o) => [o.operationId, [o.operation["x-edis-destructive"], o.operation["x-edis-retry-safe"]]]));
    for (const id of ["addOrder", "upgradeKVM", "cancelProduct"]) expect(marks[id]).toEqual([true, false]);
    for (const [id, mark] of Object.entries(marks)) if (!["addOrder", "upgradeKVM", "cancelProduct"].includes(id)) expect(mark, id).toEqual([false, true]);
  });

  test.each(ops.map((o) => [o.operationId, o] as const))(
    "%s: POST to the order host, form-encoded, email and pw from the credentials, pw a secret",
    (_id, op) => {
      expect(op.method).toBe("post");
      expect(serversOf(spec, op).map((s) => [s.url, s["x-edis-host"]])).toEqual([["https://order.edisglobal.com", "order"]]);
      const { contentType, media } = requestMedia(spec, op);
      expect(contentType).toBe("application/x-www-form-urlencoded");
      const body = flattenSchema(spec, media.schema);
      expect(body.required).toEqual(expect.arrayContaining(["email", "pw"]));
      const props = body.properties as Record<string, Node>;
      const email = flattenSchema(spec, props.email);
      const pw = flattenSchema(spec, props.pw);
      expect([email["x-edis-from"], email["x-edis-secret"]]).toEqual(["credentials.email", undefined]);
      expect([pw["x-edis-from"], pw["x-edis-secret"], pw.format]).toEqual(["credentials.password", true, "password"]);
      expect(Object.keys(op.operation.responses as Node)).toEqual(expect.arrayContaining(["200", "400", "401", "500"]));
    },
  );

  test("addOrder sends its order as one JSON field; cancelProduct takes only the two documented kinds", () => {
    const add = ops.find((o) => o.operationId === "addOrder")!;
    expect(requestMedia(spec, add).media.encoding).toEqual({ order: { contentType: "application/json" } });
    const cancel = flattenSchema(spec, requestMedia(spec, ops.find((o) => o.operationId === "cancelProduct")!).media.schema);
    expect((cancel.properties as Record<string, Node>).type!.enum).toEqual(["Immediate", "End of Billing Period"]);
  });
});
