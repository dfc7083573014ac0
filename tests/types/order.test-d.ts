/**
 * Type-level tests of `edis.order.*` (the ORDER API), compiled by `npm run typecheck` and `npm
 * run test:package` (tests/types/client.test-d.ts says how): the
 * reads take no params, results are the spec's 200 bodies (or their `x-edis-result`), and
 * cancel takes exactly one of kvmId and serviceId. Nothing here runs.
 */
import { describe, expectTypeOf, test } from "vitest";
import type { EdisClient, EdisHosts, OperationResults } from "../../src/index.js";

declare const edis: EdisClient;
const order = { billingcycle: "monthly", paymentmethod: "paypal", item: [{ pid: 1642, os: 5321, hostname: "vps1.example.com" }] };

describe("edis.order", () => {
  test("reads take no params and resolve to their x-edis-result", () => {
    expectTypeOf(edis.order.paymentMethods()).resolves.toEqualTypeOf<OperationResults["getPaymentMethods"]>();
    expectTypeOf(edis.order.paymentMethods()).resolves.toEqualTypeOf<string[]>();
    expectTypeOf(edis.order.balance()).resolves.toHaveProperty("currency");
    expectTypeOf(edis.order.kvmId({ serviceId: "987654" })).resolves.toEqualTypeOf<OperationResults["getKvmId"]>();
  });

  test("add resolves to the whole answer, whose status says whether the order was provisioned", () => {
    expectTypeOf(edis.order.add({ order })).resolves.toEqualTypeOf<OperationResults["addOrder"]>();
    expectTypeOf<OperationResults["addOrder"]["status"]>().toEqualTypeOf<"success" | "failed">();
  });

  test("an order without items, or with an unknown key, does not compile", () => {
    // @ts-expect-error item is required
    void edis.order.add({ order: { billingcycle: "monthly", paymentmethod: "paypal" } });
    // @ts-expect-error additional_driveboost is not a field of an item
    void edis.order.add({ order: { ...order, item: [{ ...order.item[0]!, additional_driveboost: 3 }] } });
  });

  test("cancel takes exactly one of kvmId and serviceId", () => {
    void edis.order.cancel({ kvmId: "kvm_123456_789012", type: "Immediate" });
    void edis.order.cancel({ serviceId: "987654", type: "End of Billing Period" });
    // @ts-expect-error neither
    void edis.order.cancel({ type: "Immediate" });
    // @ts-expect-error both
    void edis.order.cancel({ kvmId: "kvm_123456_789012", serviceId: "987654", type: "Immediate" });
    // @ts-expect-error not a cancellation type
    void edis.order.cancel({ serviceId: "987654", type: "Later" });
  });

  test("hosts has an order key", () => {
    expectTypeOf<EdisHosts>().toHaveProperty("order").toEqualTypeOf<string | undefined>();
  });
});
