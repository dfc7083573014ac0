/**
 * `edis order <method>`: the ORDER API's commands, built from the table like every namespace's.
 * Reads need no VPS; add, upgrade and cancel need --yes without a terminal, list what they send
 * in the confirmation, and with --dry-run print the request (password redacted) and send nothing.
 */
import { describe, expect, it } from "vitest";
import { json } from "../../test-support/fake-edis.js";
import { ACCOUNT_PASSWORD, EMAIL, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { operationTable } from "../../generated/operations.js";
import { describeFields } from "../../src/cli/request-preview.js";

const cli = useCliFixture();
const ORDER = JSON.stringify({ billingcycle: "monthly", paymentmethod: "paypal", item: [{ pid: 106, os: 88, hostname: "vps1.example.com" }] });

describe("edis order", () => {
  it("a read sends the credentials to EDIS_ORDER_URL and prints the result, EDIS_KVM_ID aside", async () => {
    cli.fake.replies = [json(200, { status: "success", paymentmethods: ["paypal", "creditcard"] })];
    const result = await runEdisHere(["order", "payment-methods", "--json"], cli.env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual(["paypal", "creditcard"]);
    expect(cli.fake.received.map((r) => r.path)).toEqual([pathOf("getPaymentMethods")]);
    expect(cli.fake.received[0]!.body).toBe(new URLSearchParams({ email: EMAIL, pw: ACCOUNT_PASSWORD }).toString());
  });

  it("add --dry-run prints the request with the password redacted and sends nothing", async () => {
    const result = await runEdisHere(["order", "add", "--order", ORDER, "--dry-run"], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `POST ${cli.fake.url}/kvm/v2/add/order`,
        "Content-Type: application/x-www-form-urlencoded",
        "",
        new URLSearchParams({ email: EMAIL, pw: "[REDACTED]", order: ORDER }).toString(),
        "",
      ].join("\n"),
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain(ACCOUNT_PASSWORD);
    expect(cli.fake.received).toHaveLength(0);
  });

  it("--dry-run still validates: a bad order is refused (exit 2), nothing sent", async () => {
    const result = await runEdisHere(["order", "add", "--order", '{"billingcycle":"monthly"}', "--dry-run"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/addOrder: order/u);
    expect(cli.fake.received).toHaveLength(0);
  });

  it("add --yes sends the order once; a 503 is not retried", async () => {
    cli.fake.replies = [json(503, { status: "error", message: "busy" })];
    const result = await runEdisHere(["order", "add", "--order", ORDER, "--yes"], cli.env);
    expect(result.code).toBe(1);
    expect(cli.fake.to(pathOf("addOrder"))).toHaveLength(1);
    expect(cli.fake.received[0]!.form.get("order")).toBe(ORDER);
  });

  it("cancel takes --service-id, or the VPS of --kvm (not EDIS_KVM_ID), and exactly one of them", async () => {
    cli.fake.replies = [json(200, { status: "success", serviceid: 987654, clientid: null })];
    const byService = await runEdisHere(["order", "cancel", "--service-id", "987654", "--type", "Immediate", "--yes"], cli.env);
    expect(byService.code).toBe(0);
    expect(Object.fromEntries(cli.fake.received[0]!.form)).toEqual({ email: EMAIL, pw: ACCOUNT_PASSWORD, serviceid: "987654", type: "Immediate" });

    const both = await runEdisHere(["--kvm", "kvm_123456_789012", "order", "cancel", "--service-id", "987654", "--type", "Immediate", "--yes"], cli.env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("kvmId and serviceId cannot both be given");
    const neither = await runEdisHere(["order", "cancel", "--type", "Immediate", "--yes"], cli.env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("kvmId is required (or serviceId)");
    expect(cli.fake.received).toHaveLength(1);
  });

  it("without --yes and without a terminal, upgrade says it changes the account and sends nothing", async () => {
    const result = await runEdisHere(
      ["--kvm", "kvm_123456_789012", "order", "upgrade", "--new-product-id", "1643", "--new-billing-cycle", "monthly", "--new-payment-method", "paypal"],
      cli.env,
    );
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "edis: order upgrade changes the account (costs or ends a paid service): add --yes to confirm (there is no terminal to ask on)\n",
    });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("the confirmation of add lists the plan, add-ons, host name, billing cycle and payment method it sends", () => {
    const order = JSON.parse(ORDER) as Record<string, unknown>;
    expect(describeFields(operationTable.addOrder, { email: EMAIL, pw: ACCOUNT_PASSWORD, order })).toEqual([
      "  order.billingcycle: monthly",
      "  order.paymentmethod: paypal",
      "  order.item[0]: pid=106, os=88, hostname=vps1.example.com",
    ]);
  });
});
