/**
 * An order, upgrade or cancellation whose outcome is unknown: sent, and no answer that says
 * what became of it (an HTML page from a proxy, a connection reset after the request arrived,
 * no answer in time). edis exits 3, not 1, and says the order may exist and how to look; the
 * library throws EdisOutcomeUnknownError with the request's error as its cause. A refusal the
 * server stated, or a request that never left, stays exit 1.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { EdisAbortError, EdisApiError, EdisOutcomeUnknownError, EdisTimeoutError, isEdisOutcomeUnknownError } from "../../src/index.js";
import { json, text } from "../../test-support/fake-edis.js";
import { cliEnv, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const cli = useCliFixture();
const ORDER = JSON.stringify({ billingcycle: "monthly", paymentmethod: "paypal", item: [{ pid: 106, os: 88, hostname: "vps1.example.com" }] });
const ADD = ["order", "add", "--order", ORDER, "--yes"];
const MAY_EXIST = /addOrder: outcome unknown \(.+\); it was sent and may have been carried out: check the account's services \(edis order services/u;

describe("edis order add, outcome unknown: exit 3", () => {
  it("an HTML 502 from a proxy", async () => {
    cli.fake.replies = [text(502, "<html><body>Bad Gateway</body></html>")];
    const result = await runEdisHere(ADD, cli.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(MAY_EXIST);
    expect(cli.fake.to(pathOf("addOrder"))).toHaveLength(1);
  });

  it("a 200 that is not JSON", async () => {
    cli.fake.replies = [text(200, "<html>Thank you for your order</html>")];
    const result = await runEdisHere(ADD, cli.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(MAY_EXIST);
  });

  it("a connection reset after the request arrived, even with --retries 5: sent once", async () => {
    cli.fake.replies = [(_req, res) => res.socket?.destroy()];
    const result = await runEdisHere([...ADD, "--retries", "5"], cli.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(MAY_EXIST);
    expect(cli.fake.to(pathOf("addOrder"))).toHaveLength(1);
  });

  it("no answer within --timeout", async () => {
    cli.fake.replies = [() => undefined];
    const result = await runEdisHere([...ADD, "--timeout", "200ms"], cli.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/addOrder: outcome unknown \(no answer within 200 ms\)/u);
  }, 30_000);

  it("upgrade and cancel the same", async () => {
    cli.fake.replies = [text(504, "")];
    const upgrade = await runEdisHere(
      ["--kvm", "kvm_1_2", "order", "upgrade", "--new-product-id", "1643", "--new-billing-cycle", "monthly", "--new-payment-method", "paypal", "--yes"],
      cli.env,
    );
    expect(upgrade.code).toBe(3);
    expect(upgrade.stderr).toMatch(/upgradeKVM: outcome unknown/u);
    const cancel = await runEdisHere(["order", "cancel", "--service-id", "987654", "--type", "Immediate", "--yes"], cli.env);
    expect(cancel.code).toBe(3);
    expect(cancel.stderr).toMatch(/cancelProduct: outcome unknown/u);
  });
});

describe("edis order add, a definite failure: exit 1 as before", () => {
  it("a refusal the server stated in JSON", async () => {
    cli.fake.replies = [json(200, { status: "error", errormsg: "Invalid product id" })];
    const result = await runEdisHere(ADD, cli.env);
    expect(result).toEqual({ code: 1, stdout: "", stderr: "edis: addOrder failed: 200 Invalid product id\n" });
  });

  it("a connection refused: nothing left", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runEdisHere(ADD, cliEnv(undefined, cli.cacheDir, { EDIS_ORDER_URL: `http://127.0.0.1:${port}` }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/addOrder failed: network error \(ECONNREFUSED\)/u);
  });

  it("a read of the ORDER API that times out is an ordinary timeout (exit 1)", async () => {
    cli.fake.replies = [() => undefined];
    const result = await runEdisHere(["order", "payment-methods", "--timeout", "200ms", "--retries", "0"], cli.env);
    expect(result.code).toBe(1);
  }, 30_000);
});

describe("the library's error", () => {
  it("EdisOutcomeUnknownError, with the request's error as cause and the same words", async () => {
    cli.fake.replies = [text(502, "<html>Bad Gateway</html>")];
    const error = await cli.fake
      .client()
      .order.add({ order: JSON.parse(ORDER) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisOutcomeUnknownError);
    expect(isEdisOutcomeUnknownError(error)).toBe(true);
    expect(error).toMatchObject({ operationId: "addOrder", mayHaveSucceeded: true, name: "EdisOutcomeUnknownError" });
    expect((error as Error).cause).toBeInstanceOf(EdisApiError);
    expect((error as Error).message).toMatch(MAY_EXIST);
  });

  it("a timeout: its cause is the EdisTimeoutError", async () => {
    cli.fake.replies = [() => undefined];
    const error = await cli.fake
      .client({ timeoutMs: 100 })
      .order.cancel({ serviceId: "987654", type: "Immediate" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisOutcomeUnknownError);
    expect((error as Error).cause).toBeInstanceOf(EdisTimeoutError);
  }, 30_000);
});

describe("the caller's signal", () => {
  it("aborting an order in flight leaves its outcome unknown; aborting before it is sent is an abort", async () => {
    cli.fake.replies = [() => undefined];
    const edis = cli.fake.client();
    const controller = new AbortController();
    const inFlight = edis.order.add({ order: JSON.parse(ORDER) }, { signal: controller.signal }).catch((e: unknown) => e);
    while (cli.fake.to(pathOf("addOrder")).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error("stop"));
    const error = await inFlight;
    expect(error).toBeInstanceOf(EdisOutcomeUnknownError);
    expect((error as Error).cause).toBeInstanceOf(EdisAbortError);
    const before = await edis.order.add({ order: JSON.parse(ORDER) }, { signal: controller.signal }).catch((e: unknown) => e);
    expect(before).toBeInstanceOf(EdisAbortError);
    expect(cli.fake.to(pathOf("addOrder"))).toHaveLength(1);
  });
});
