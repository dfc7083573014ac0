/**
 * `edis.order.*`, the ORDER API through the one code path: the credentials in every body,
 * the order host (`hosts.order`), reads retried and orders, upgrades and cancellations sent
 * once, cancelProduct's one-of-two check before anything is sent, and addOrder's
 * "taken but not provisioned" answer returned as a result. Counts are taken on the server.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { EdisApiError, EdisValidationError, createEdisClient } from "../src/index.js";
import { type FakeEdis, PASSWORD, json, startFakeEdis } from "../test-support/fake-edis.js";
import { failureOf as failure } from "../test-support/fixtures.js";

let fake: FakeEdis;
beforeEach(async () => {
  fake = await startFakeEdis();
});
afterEach(async () => {
  await fake.close();
});

/** A client whose every host, the order host too, is the fake. */
const client = (retries = 2) => fake.client({ retries, hosts: { session: fake.url, rdns: fake.url, api: fake.url, order: fake.url } });
const order = { billingcycle: "monthly", paymentmethod: "paypal", applycredit: true, item: [{ pid: 1642, os: 5321, hostname: "vps1.example.com" }] };

describe("edis.order", () => {
  test("a read sends the credentials form-encoded to the order host and returns x-edis-result", async () => {
    fake.replies = [json(200, { status: "success", paymentmethods: ["paypal", "creditcard"] })];
    await expect(client().order.paymentMethods()).resolves.toEqual(["paypal", "creditcard"]);
    expect(fake.received).toHaveLength(1);
    const [req] = fake.received;
    expect(req!.path).toBe("/kvm/v2/get/paymentmethods");
    expect(req!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req!.body).toBe(new URLSearchParams({ email: "owner@example.com", pw: PASSWORD }).toString());
  });

  test("addOrder's order travels as one JSON text field", async () => {
    fake.replies = [json(200, { status: "success", orderid: 123456, serviceids: "123456", invoiceid: 654321, invoicepaid: true })];
    await client().order.add({ order });
    expect(fake.received[0]!.form.get("order")).toBe(JSON.stringify(order));
    expect([...fake.received[0]!.form.keys()]).toEqual(["email", "pw", "order"]);
  });

  test("addOrder answering status failed (taken, not provisioned) is a result that says so, with its orderid", async () => {
    fake.replies = [json(200, { status: "failed", orderid: 241158 })];
    await expect(client().order.add({ order })).resolves.toEqual({ status: "failed", orderid: 241158 });
    expect(fake.received).toHaveLength(1);
  });

  test.each([
    ["add", () => client().order.add({ order }), "/kvm/v2/add/order"],
    [
      "upgrade",
      () => client().order.upgrade({ kvmId: "kvm_123456_789012", newProductId: 1643, newBillingCycle: "monthly", newPaymentMethod: "paypal" }),
      "/kvm/v2/add/upgrade",
    ],
    ["cancel", () => client().order.cancel({ serviceId: "987654", type: "Immediate" }), "/kvm/v2/cancel/product"],
  ])("a 503 on %s: exactly one request, EdisApiError 503", async (_name, call, path) => {
    fake.replies = [json(503, { status: "error", message: "busy" })];
    const error = await failure(call());
    expect(error).toBeInstanceOf(EdisApiError);
    expect((error as EdisApiError).status).toBe(503);
    expect(fake.to(path)).toHaveLength(1);
    expect(fake.received).toHaveLength(1);
  });

  test("a 503 on a read is retried up to `retries`", async () => {
    fake.replies = [json(503, { error: "busy" })];
    expect(await failure(client(2).order.balance())).toBeInstanceOf(EdisApiError);
    expect(fake.to("/kvm/v2/get/account-balance")).toHaveLength(3);
  });

  test.each([
    ["neither kvmId nor serviceId", { type: "Immediate" }, "kvmId is required (or serviceId)"],
    ["both", { kvmId: "kvm_123456_789012", serviceId: "987654", type: "Immediate" }, "kvmId and serviceId cannot both be given (give exactly one)"],
  ])("cancel with %s: EdisValidationError, nothing sent", async (_name, params, reason) => {
    const error = await failure(client().order.cancel(params as never));
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).message).toContain(reason);
    expect(fake.received).toHaveLength(0);
  });

  test("cancel by kvmId sends kvmid and no serviceid", async () => {
    fake.replies = [json(200, { status: "success", message: "cancelled" })];
    await client()
      .order.cancel({ kvmId: "kvm_123456_789012", type: "End of Billing Period" })
      .catch(() => undefined);
    expect(fake.received[0]!.form.get("kvmid")).toBe("kvm_123456_789012");
    expect(fake.received[0]!.form.has("serviceid")).toBe(false);
  });

  test("an order with an unknown key in an item is refused before it is sent", async () => {
    const bad = { ...order, item: [{ ...order.item[0], additional_driveboost: 3 }] };
    expect(await failure(client().order.add({ order: bad as never }))).toBeInstanceOf(EdisValidationError);
    expect(fake.received).toHaveLength(0);
  });

  test("hosts.order is a host option like the others; an unknown key names them all", () => {
    expect(() => createEdisClient({ email: "a@example.com", password: "pw", hosts: { orders: "https://x.example" } as never })).toThrow(
      "hosts.orders is not a host (use session, rdns, api, order)",
    );
  });
});
