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
import { describeFields } from "../../src/cli/output/request-preview.js";

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

  it("add --dry-run prints the request's fields decoded, the order one line per value, the password redacted, and sends nothing", async () => {
    const result = await runEdisHere(["order", "add", "--order", ORDER, "--dry-run"], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `POST ${cli.fake.url}/kvm/v2/add/order`,
        "Content-Type: application/x-www-form-urlencoded",
        "",
        `email:                   ${EMAIL}`,
        "pw:                      [REDACTED]",
        "order.billingcycle:      monthly",
        "order.paymentmethod:     paypal",
        "order.item[0].pid:       106",
        "order.item[0].os:        88",
        "order.item[0].hostname:  vps1.example.com",
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

describe("edis order lists read as tables a buyer can review", () => {
  const PRODUCTS = {
    "KVM SMART": {
      id: 106,
      description: {
        disk: { size: 15, unit: "GByte" },
        ram: { size: 1024, unit: "MByte" },
        cpu: { size: 1, unit: "core/socket" },
        traffic: { size: 1, unit: "TByte" },
        price: { monthly: { amount: "7.99", currency: "EUR" }, annually: { amount: "87.89", currency: "EUR" } },
      },
      addons: {
        "operating system": { "88": { id: 88, description: "Ubuntu LTS 20.04 64Bit" } },
        "additional ip": { "7": { id: 7, description: "1 IPv4", price: { monthly: { amount: "2.50", currency: "USD" } } } },
      },
    },
    "KVM STARTER": { id: 99, description: { ram: { size: 2048, unit: "MByte" }, price: { monthly: { amount: "12.99", currency: "EUR" } } } },
  };
  const LOCATIONS = {
    "KVM Austria, Vienna": { id: 192, headline: "KVM VPS/VDS in Vienna, Austria", name: "Austria, Vienna", country: "at", out_of_stock: false },
    "KVM United Kingdom": { id: 127, headline: null, name: "United Kingdom", country: "uk", out_of_stock: true },
  };
  const SERVICES = [
    {
      service_id: 300001,
      kvm_id: "kvm_100001_200001",
      status: "active",
      price: { billingcycle: "Monthly", amount: "7.99", currency: "EUR" },
      key_date: "2026-02-01",
      plan: "KVM SMART",
      location: "Austria, Vienna",
    },
  ];

  it("products: one row per plan, sizes with units, each cycle's price with its currency; the add-ons below, by plan", async () => {
    cli.fake.replies = [json(200, { status: "success", data: false, products: PRODUCTS })];
    const result = await runEdisHere(["order", "products", "--location-id", "192"], cli.env);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "id   name         cpu            ram         disk      traffic  monthly    annually   add-ons",
        "106  KVM SMART    1 core/socket  1024 MByte  15 GByte  1 TByte  7.99 EUR   87.89 EUR  operating system (1), additional ip (1)",
        "99   KVM STARTER                 2048 MByte                     12.99 EUR",
        "",
        "Add-ons (by plan id; addOrder takes the id as os or additional_*):",
        "plan  kind              id  description             monthly",
        "106   operating system  88  Ubuntu LTS 20.04 64Bit  included",
        "106   additional ip     7   1 IPv4                  2.50 USD",
        "",
      ].join("\n"),
    });
  });

  it("locations: one row per location with its id, name, country and stock", async () => {
    cli.fake.replies = [json(200, { status: "success", locations: LOCATIONS })];
    const result = await runEdisHere(["order", "locations"], cli.env);
    expect(result.stdout).toBe(
      [
        "id   name             country  stock         headline",
        "192  Austria, Vienna  at       in stock      KVM VPS/VDS in Vienna, Austria",
        "127  United Kingdom   uk       out of stock",
        "",
      ].join("\n"),
    );
  });

  it("services: the price with its currency, its billing cycle beside it; --fields picks among these columns", async () => {
    cli.fake.replies = [json(200, { status: "success", services: SERVICES })];
    const table = await runEdisHere(["order", "services"], cli.env);
    expect(table.stdout).toBe(
      [
        "service_id  kvm_id             status  price     billingcycle  key_date    plan       location",
        "300001      kvm_100001_200001  active  7.99 EUR  Monthly       2026-02-01  KVM SMART  Austria, Vienna",
        "",
      ].join("\n"),
    );
    cli.fake.replies = [json(200, { status: "success", products: PRODUCTS })];
    const picked = await runEdisHere(["order", "products", "--location-id", "192", "--fields", "name,monthly", "--no-header"], cli.env);
    expect(picked.stdout).toBe("KVM SMART    7.99 EUR\nKVM STARTER  12.99 EUR\n");
  });

  it("on a terminal too: the same rows, under a bold header and a rule", async () => {
    cli.fake.replies = [json(200, { status: "success", locations: LOCATIONS })];
    const result = await runEdisHere(["order", "locations"], { ...cli.env, FORCE_COLOR: "1" }, { terminal: { columns: 120 } });
    expect(result.stdout.split("\n").slice(0, 3)).toEqual([
      "\u001b[1mid   name             country  stock         headline\u001b[22m",
      "───  ───────────────  ───────  ────────────  ──────────────────────────────",
      "192  Austria, Vienna  at       in stock      KVM VPS/VDS in Vienna, Austria",
    ]);
  });

  it("JSON, YAML and CSV keep the answer's data as it came", async () => {
    cli.fake.replies = [json(200, { status: "success", products: PRODUCTS }), json(200, { status: "success", services: SERVICES })];
    const products = await runEdisHere(["order", "products", "--location-id", "192", "--json"], cli.env);
    expect(JSON.parse(products.stdout)).toEqual(PRODUCTS);
    const csv = await runEdisHere(["order", "services", "-o", "csv"], cli.env);
    expect(csv.stdout.split("\r\n")[0]).toBe("service_id,kvm_id,status,price,key_date,plan,location");
    expect(csv.stdout).toContain('"{""billingcycle"":""Monthly"",""amount"":""7.99"",""currency"":""EUR""}"');
  });

  it("an answer not of the documented shape is shown the generic way, nothing lost", async () => {
    cli.fake.replies = [json(200, { status: "success", locations: { odd: "text" } })];
    const result = await runEdisHere(["order", "locations"], cli.env);
    expect(result).toMatchObject({ code: 0, stdout: "odd:  text\n" });
  });
});
