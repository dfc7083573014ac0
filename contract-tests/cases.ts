/**
 * One contract case per operation of spec/: how a user calls it, and the caller's fields as
 * they must arrive on the wire (decoded). `operations.test.ts` runs every case the same way
 * and fails when an operation of the spec has no case here.
 */
import type { EdisClient } from "../src/index.js";
import { EMAIL, KVM_ID, PASSWORD } from "./support/harness.js";

export interface ContractCase {
  /** Calls the operation the way a user does. */
  run(edis: EdisClient): Promise<unknown>;
  /** Every field of the request as it must arrive, JSON fields decoded, session fields aside. */
  sent: Record<string, unknown>;
  /** What the user gets for the documented 200 body; default: the body, or its `x-edis-result` part. */
  result?(body: Record<string, unknown>): unknown;
}

export const cases: Record<string, ContractCase> = {
  createAuthSession: {
    run: (edis) => edis.auth.createSession({ kvmId: KVM_ID }),
    sent: { email: EMAIL, pw: PASSWORD, kvm_id: KVM_ID },
    result: (body) =>
      Object.values(body.data as Record<string, Record<string, unknown>>).map((s) =>
        expectSession(s),
      ),
  },
  getPTR: {
    run: (edis) => edis.ptr.get({ kvmId: KVM_ID, ips: ["192.0.2.1", "2001:db8::1"] }),
    sent: { kvm_id: KVM_ID, ip: ["192.0.2.1", "2001:db8::1"] },
  },
  setPTR: {
    run: (edis) => edis.ptr.set({ kvmId: KVM_ID, records: { "192.0.2.1": "mail.example.com", "2001:db8::1": "v6.example.com" } }),
    sent: { kvm_id: KVM_ID, ip: { "192.0.2.1": "mail.example.com", "2001:db8::1": "v6.example.com" } },
  },
  deletePTR: {
    run: (edis) => edis.ptr.delete({ kvmId: KVM_ID, ips: ["192.0.2.1"] }),
    sent: { kvm_id: KVM_ID, ip: ["192.0.2.1"] },
  },
};

/** The public view of a session entry of the auth answer (the signature is not enumerable). */
function expectSession(s: Record<string, unknown>): Record<string, unknown> {
  return {
    kvmId: s.kvm_id,
    apiHost: s.api_host,
    apiRdns: s.api_rdns,
    validUntil: s.valid_until,
    description: s.description,
    suspended: s.suspended,
    lps: s.lps,
    lpsIsPremium: s.lps_ispremium,
    primaryIp: s.primary_ip,
  };
}
