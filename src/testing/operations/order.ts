/**
 * The ORDER API: what can be ordered (payment methods, billing cycles, locations, plans), what
 * the account holds (credit, services, the service id ↔ kvm id mapping), and ordering,
 * upgrading and cancelling.
 * - addOrder creates one VPS per item, on at once, with fresh addresses; with `applycredit` and
 *   enough credit the invoice is paid from the balance. A plan in a location that is out of
 *   stock gives the documented `status: failed` with an order id and nothing else.
 * - upgradeKVM moves the VPS to another plan of its location; its invoice is left unpaid (the
 *   operation has no `applycredit`), so the balance does not change.
 * - cancelProduct names the VPS by exactly one of kvmid and serviceid (the simulator refuses
 *   both or neither, as the spec's x-edis-exactly-one says); `Immediate` terminates it at once
 *   (its sessions stop working), `End of Billing Period` only marks it.
 */
import { type Handler, ok, refuse } from "../context.js";
import type { EdisSimulatorState, SimProduct, SimVps } from "../state.js";
import { defaultVps } from "../state.js";

const cents = (amount: string) => Math.round(Number(amount) * 100);
const money = (c: number) => (c / 100).toFixed(2);

const getPaymentMethods: Handler = ({ state }) => ok({ status: "success", paymentmethods: [...state.paymentMethods] });
const getAccountBalance: Handler = ({ state }) => ok({ status: "success", balance: { amount: state.account.balance, currency: state.account.currency } });
const getBillingCycles: Handler = ({ state }) => ok({ status: "success", billingcycle: [...state.billingCycles] });

const getUserServices: Handler = ({ state }) =>
  ok({
    status: "success",
    services: state.vps.map((v) => ({
      service_id: v.service.id,
      kvm_id: v.kvmId,
      status: v.service.status,
      price: { billingcycle: v.service.billingCycle, amount: v.service.amount, currency: state.account.currency },
      creation_date: v.service.createdOn,
      key_date: v.service.nextDue,
      paymentmethod: v.service.paymentMethod,
      plan: v.service.plan,
      location: v.service.location,
    })),
  });

const getServiceId: Handler = ({ op, form, state }) => {
  const vps = state.vps.find((v) => v.kvmId === form.kvmid);
  if (!vps) return refuse(op, [404], "The specified KVM instance does not exist.");
  return ok({ status: "success", kvmid: vps.kvmId, serviceid: vps.service.id });
};

const getKvmId: Handler = ({ op, form, state }) => {
  const vps = state.vps.find((v) => String(v.service.id) === form.serviceid);
  if (!vps) return refuse(op, [404], "The specified service ID does not exist.");
  return ok({ status: "success", kvmid: vps.kvmId, serviceid: String(vps.service.id) });
};

const getLocations: Handler = ({ state }) =>
  ok({
    status: "success",
    locations: Object.fromEntries(
      state.locations.map((l) => [l.label, { id: l.id, headline: l.headline, name: l.name, country: l.country, out_of_stock: l.outOfStock }]),
    ),
  });

function productView(p: SimProduct, currency: string) {
  return {
    id: p.id,
    description: {
      disk: { size: p.diskGb, unit: "GByte" },
      ram: { size: p.ramMb, unit: "MByte" },
      cpu: { size: p.cores, unit: "core/socket" },
      traffic: { size: p.trafficTb, unit: "TByte" },
      price: Object.fromEntries(Object.entries(p.prices).map(([cycle, amount]) => [cycle, { amount, currency }])),
    },
    addons: { "operating system": Object.fromEntries(Object.entries(p.operatingSystems).map(([id, description]) => [id, { id: Number(id), description }])) },
  };
}

const getProducts: Handler = ({ op, form, state }) => {
  const location = state.locations.find((l) => String(l.id) === form.location_id);
  if (!location) return refuse(op, [404], "The specified location ID does not exist.");
  const products = state.products.filter((p) => p.locationId === location.id);
  return ok({ status: "success", products: Object.fromEntries(products.map((p) => [p.name, productView(p, state.account.currency)])) });
};

/** A new VPS of `product`, with the next ids and addresses. */
function provision(state: EdisSimulatorState, product: SimProduct, hostname: string, cycle: string, paymentMethod: string, now: number): SimVps {
  const serviceId = state.next.serviceId++;
  const n = state.vps.length + 1;
  const base = defaultVps(n - 1, `kvm_${serviceId}_${700000 + n}`, now);
  const location = state.locations.find((l) => l.id === product.locationId)?.name ?? "";
  const today = new Date(now).toISOString().slice(0, 10);
  return {
    ...base,
    description: hostname.split(".")[0] ?? hostname,
    hostname,
    ipv4: [`198.51.100.${n % 254 || 254}`],
    ipv4Gateway: "198.51.100.254",
    ptr: {},
    power: "on",
    ramMb: product.ramMb,
    diskMb: product.diskGb * 1024,
    cores: product.cores,
    traffic: { ...base.traffic, includedBytes: product.trafficTb * 1024 ** 4 },
    service: {
      id: serviceId,
      productId: product.id,
      plan: product.name,
      location,
      billingCycle: cycle[0]!.toUpperCase() + cycle.slice(1),
      amount: product.prices[cycle]!,
      createdOn: today,
      nextDue: today,
      paymentMethod,
      status: "active",
    },
  };
}

interface OrderItem {
  pid: number;
  os: number;
  hostname: string;
}

const addOrder: Handler = ({ op, form, state, now }) => {
  const order = form.order as { billingcycle: string; paymentmethod: string; applycredit?: boolean; item: OrderItem[] };
  if (!state.paymentMethods.includes(order.paymentmethod)) return refuse(op, [400], `Unknown payment method ${order.paymentmethod}.`);
  const products: SimProduct[] = [];
  for (const item of order.item) {
    const product = state.products.find((p) => p.id === item.pid);
    if (!product) return refuse(op, [400], `Unknown product id ${item.pid}.`);
    if (product.prices[order.billingcycle] === undefined) return refuse(op, [400], `Product ${item.pid} has no billing cycle ${order.billingcycle}.`);
    if (product.operatingSystems[String(item.os)] === undefined) return refuse(op, [400], `Product ${item.pid} has no operating system ${item.os}.`);
    products.push(product);
  }
  const orderId = state.next.orderId++;
  if (products.some((p) => state.locations.find((l) => l.id === p.locationId)?.outOfStock)) {
    state.orders.push({ id: orderId, invoiceId: 0, kind: "order", serviceIds: [], amount: "0.00", paid: false });
    return ok({ status: "failed", orderid: orderId });
  }
  const total = products.reduce((sum, p) => sum + cents(p.prices[order.billingcycle]!), 0);
  const paid = order.applycredit === true && cents(state.account.balance) >= total;
  if (paid) state.account.balance = money(cents(state.account.balance) - total);
  const created = order.item.map((item, i) => provision(state, products[i]!, item.hostname, order.billingcycle, order.paymentmethod, now));
  state.vps.push(...created);
  const invoiceId = state.next.invoiceId++;
  const serviceIds = created.map((v) => v.service.id);
  state.orders.push({ id: orderId, invoiceId, kind: "order", serviceIds, amount: money(total), paid });
  return ok({ status: "success", orderid: orderId, serviceids: serviceIds.join(","), invoiceid: invoiceId, invoicepaid: paid });
};

/** The VPS a kvm id or a service id (digits) names. */
const vpsNamed = (state: EdisSimulatorState, id: string) => state.vps.find((v) => v.kvmId === id || String(v.service.id) === id);

const upgradeKVM: Handler = ({ op, form, state }) => {
  const vps = vpsNamed(state, form.kvmid as string);
  if (!vps || vps.service.status === "terminated") return refuse(op, [404, 400], `No active service ${form.kvmid}.`);
  const current = state.products.find((p) => p.id === vps.service.productId);
  const next = state.products.find((p) => p.id === form.newpid);
  if (!next || (current && next.locationId !== current.locationId)) return refuse(op, [400], `Product ${form.newpid} is not a plan of this VPS's location.`);
  const cycle = (form.newbillingcycle as string).replace("semi-annually", "semiannually");
  const amount = next.prices[cycle];
  if (amount === undefined) return refuse(op, [400], `Product ${next.id} has no billing cycle ${form.newbillingcycle}.`);
  if (!state.paymentMethods.includes(form.newpaymentmethod as string)) return refuse(op, [400], `Unknown payment method ${form.newpaymentmethod}.`);
  const orderId = state.next.orderId++;
  const invoiceId = state.next.invoiceId++;
  const old = { name: vps.service.plan, id: vps.service.productId };
  Object.assign(vps, { ramMb: next.ramMb, diskMb: next.diskGb * 1024, cores: next.cores });
  Object.assign(vps.service, {
    productId: next.id,
    plan: next.name,
    amount,
    billingCycle: cycle[0]!.toUpperCase() + cycle.slice(1),
    paymentMethod: form.newpaymentmethod,
  });
  state.orders.push({ id: orderId, invoiceId, kind: "upgrade", serviceIds: [vps.service.id], amount, paid: false });
  return ok({
    status: "success",
    orderid: String(orderId),
    serviceid: String(vps.service.id),
    invoiceid: String(invoiceId),
    oldproductname: old.name,
    newproductname: next.name,
    oldproductid: String(old.id),
    newproductid: String(next.id),
  });
};

const cancelProduct: Handler = ({ op, form, state }) => {
  const vps = vpsNamed(state, (form.kvmid ?? form.serviceid) as string);
  if (!vps || vps.service.status === "terminated") return refuse(op, [404], "The specified service does not exist.");
  if (form.type === "Immediate") vps.service.status = "terminated";
  else vps.service.cancelAtPeriodEnd = true;
  return ok({ status: "success", serviceid: vps.service.id, clientid: null });
};

export const orderHandlers: Readonly<Record<string, Handler>> = {
  getPaymentMethods,
  getAccountBalance,
  getUserServices,
  getBillingCycles,
  getServiceId,
  getKvmId,
  getLocations,
  getProducts,
  addOrder,
  upgradeKVM,
  cancelProduct,
};
