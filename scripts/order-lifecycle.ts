/**
 * The lifecycle of a VPS across both APIs, as a script: list the locations and the plans of one
 * (with their prices), order a VPS, find its kvm id from the new service id, manage it with the
 * Management API (a session, the power state, a PTR record), upgrade it, and cancel it.
 *
 * `npx tsx scripts/order-lifecycle.ts` runs it against the hosts of EDIS_ORDER_URL,
 * EDIS_SESSION_URL, EDIS_RDNS_URL and EDIS_API_URL (a mock: scripts/order-lifecycle.test.ts runs
 * it against one answering with the spec's examples). It refuses to run without EDIS_ORDER_URL:
 * against the real order host it would place and pay a real order.
 */
import { pathToFileURL } from "node:url";
import { type EdisClient, createEdisClient } from "../src/index.js";

/** Each step and what it found, for `log`; resolves to the ids the lifecycle went through. */
export async function runOrderLifecycle(edis: EdisClient, log: (line: string) => void): Promise<{ serviceId: string; kvmId: string }> {
  const locations = await edis.order.locations();
  const [label, location] = Object.entries(locations).find(([, l]) => !l.out_of_stock)!;
  log(`location: ${label} (id ${location.id})`);
  const products = await edis.order.products({ locationId: String(location.id) });
  const [planName, plan] = Object.entries(products)[0]!;
  const price = plan.description?.price?.monthly;
  log(`plan: ${planName} (id ${plan.id})${price ? `, ${price.amount} ${price.currency} monthly` : ""}`);
  const os = Object.values(plan.addons?.["operating system"] ?? {})[0];

  const placed = await edis.order.add({
    order: { billingcycle: "monthly", paymentmethod: "paypal", applycredit: true, item: [{ pid: plan.id, os: os?.id ?? 1, hostname: "vps1.example.com" }] },
  });
  // status "failed": the order was taken (it has an orderid) but not provisioned; nothing to manage.
  if (placed.status !== "success" || !placed.serviceids) throw new Error(`order ${placed.orderid} was taken but not provisioned (status ${placed.status})`);
  const serviceId = placed.serviceids.split(",")[0]!;
  log(`ordered: order ${placed.orderid}, service ${serviceId}, invoice ${placed.invoiceid ?? "none"}${placed.invoicepaid ? " (paid)" : ""}`);

  const kvmId = await edis.order.kvmId({ serviceId });
  log(`kvm id: ${kvmId}`);
  const [session] = await edis.auth.createSession({ kvmId });
  log(`session: ${session!.apiHost}`);
  log(`power: ${JSON.stringify(await edis.power.state({ kvmId }))}`);
  const ip = session!.primaryIp;
  if (ip) {
    await edis.ptr.set({ kvmId, records: { [ip]: "vps1.example.com" } });
    log(`ptr: ${ip} → vps1.example.com`);
  }

  const upgraded = await edis.order.upgrade({ kvmId, newProductId: plan.id + 1, newBillingCycle: "monthly", newPaymentMethod: "paypal" });
  log(`upgraded: ${upgraded.oldproductname ?? "?"} → ${upgraded.newproductname ?? "?"} (order ${upgraded.orderid})`);
  await edis.order.cancel({ serviceId, type: "End of Billing Period" });
  log(`cancelled: service ${serviceId} at the end of its billing period`);
  return { serviceId, kvmId };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const env = process.env;
  if (!env.EDIS_ORDER_URL) {
    console.error(
      "order-lifecycle: set EDIS_ORDER_URL (and EDIS_SESSION_URL, EDIS_RDNS_URL, EDIS_API_URL) to a mock; against EDIS it would place a real order",
    );
    process.exit(2);
  }
  const hosts = { order: env.EDIS_ORDER_URL, session: env.EDIS_SESSION_URL, rdns: env.EDIS_RDNS_URL, api: env.EDIS_API_URL };
  const edis = createEdisClient({
    email: env.EDIS_EMAIL ?? "you@example.com",
    password: env.EDIS_PASSWORD ?? "mock-password",
    hosts: Object.fromEntries(Object.entries(hosts).filter(([, url]) => url)),
  });
  await runOrderLifecycle(edis, (line) => console.log(line));
}
