/**
 * A reverse-DNS host with memory, for the tests of `ptr.sync` and `edis ptr sync|export`: a
 * reply for the fake EDIS (fake-edis.ts) that keeps PTR records, answers get/ptr from them,
 * changes them on set/ptr and del/ptr, and lists the VPS's IPv4 addresses in get/details.
 * A write carrying an address of `failing` is answered 400 and changes nothing.
 */
import { operationTable } from "../generated/operations.js";
import { type Received, type Reply, json } from "./fake-edis.js";

export interface PtrStore {
  /** The records held: address → name (an address without a record is absent). */
  readonly records: Map<string, string>;
  /** Addresses whose writes fail with a 400. */
  readonly failing: Set<string>;
  /** The VPS's IPv4 addresses, as get/details lists them (`address/netmask`). */
  ipv4: string[];
  readonly reply: Reply;
}

/** The write requests (set/ptr and del/ptr) among `received`. */
export function writesIn(received: readonly Received[]): Received[] {
  return received.filter((r) => r.path === operationTable.setPTR.path || r.path === operationTable.deletePTR.path);
}

export function ptrStore(initial: Record<string, string> = {}): PtrStore {
  const store: PtrStore = {
    records: new Map(Object.entries(initial)),
    failing: new Set(),
    ipv4: [],
    reply: (req, res) => {
      const ip = JSON.parse(req.form.get("ip") ?? "null") as unknown;
      const named = Array.isArray(ip) ? (ip as string[]) : Object.keys((ip ?? {}) as object);
      switch (req.path) {
        case operationTable.getPTR.path:
          return json(200, { status: "success", records: named.map((a) => ({ ip: a, ptr_record: store.records.get(a) ?? "" })) })(req, res);
        case operationTable.setPTR.path:
        case operationTable.deletePTR.path: {
          if (named.some((a) => store.failing.has(a))) return json(400, { status: "error", error: "IP address does not belong to this VPS." })(req, res);
          if (req.path === operationTable.setPTR.path) for (const [a, name] of Object.entries(ip as Record<string, string>)) store.records.set(a, name);
          else for (const a of named) store.records.delete(a);
          return json(200, { status: "success", message: "done" })(req, res);
        }
        case operationTable.getKvmDetails.path:
          return json(200, {
            status: "success",
            data: { hw: { ram: "1024", disk: "8192" }, ip: { ipv4: store.ipv4, ipv4_gw: "192.0.2.254" }, hostname: "vps.example.com" },
          })(req, res);
        default:
          return json(404, { status: "error", message: `no route ${req.path}` })(req, res);
      }
    },
  };
  return store;
}
