/**
 * The contract cases of the ORDER API (spec/edis-order-api.yaml), one per operation: how a
 * user calls it and its fields as they must arrive (the credentials in every body, addOrder's
 * `order` decoded from its JSON text field). Part of `cases` in contract-cases.ts.
 */
import type { EdisClient } from "../src/index.js";
import { EMAIL, KVM_ID, TRICKY_PASSWORD as PASSWORD } from "./fixtures.js";

const credentials = { email: EMAIL, pw: PASSWORD };

/** The part of contract-cases.ts's ContractCase these cases fill (declared here: that module imports this one). */
interface ContractCase {
  run(edis: EdisClient): Promise<unknown>;
  sent: Record<string, unknown>;
}

/** A case whose body is the credentials and `fields`. */
const withCredentials = (run: (edis: EdisClient) => Promise<unknown>, fields: Record<string, unknown> = {}): ContractCase => ({
  run,
  sent: { ...credentials, ...fields },
});

/** The order the cases place: two VPSs, one with add-ons and a key. */
export const ORDER = {
  billingcycle: "monthly",
  paymentmethod: "paypal",
  applycredit: true,
  item: [
    { pid: 1642, os: 5321, hostname: "vps1.example.com" },
    { pid: 1642, os: 5321, hostname: "vps2.example.com", additional_ram: 77, ssh_pubkey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI+k/= me@example" },
  ],
};

export const orderCases: Record<string, ContractCase> = {
  getPaymentMethods: withCredentials((edis) => edis.order.paymentMethods()),
  getAccountBalance: withCredentials((edis) => edis.order.balance()),
  getUserServices: withCredentials((edis) => edis.order.services()),
  getBillingCycles: withCredentials((edis) => edis.order.billingCycles()),
  getServiceId: withCredentials((edis) => edis.order.serviceId({ kvmId: KVM_ID }), { kvmid: KVM_ID }),
  getKvmId: withCredentials((edis) => edis.order.kvmId({ serviceId: "987654" }), { serviceid: "987654" }),
  getLocations: withCredentials((edis) => edis.order.locations()),
  getProducts: withCredentials((edis) => edis.order.products({ locationId: "192" }), { location_id: "192" }),
  addOrder: withCredentials((edis) => edis.order.add({ order: ORDER }), { order: ORDER }),
  upgradeKVM: withCredentials((edis) => edis.order.upgrade({ kvmId: KVM_ID, newProductId: 1643, newBillingCycle: "monthly", newPaymentMethod: "paypal" }), {
    kvmid: KVM_ID,
    newpid: "1643",
    newbillingcycle: "monthly",
    newpaymentmethod: "paypal",
  }),
  cancelProduct: withCredentials((edis) => edis.order.cancel({ serviceId: "987654", type: "End of Billing Period" }), {
    serviceid: "987654",
    type: "End of Billing Period",
  }),
};
