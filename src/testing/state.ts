/**
 * What the simulator remembers: the account, its VPSs (addresses, PTR records, power,
 * settings, VNC, traffic, webhooks) and what the ORDER API sells. Plain data, so that a test
 * reads it, changes it and seeds it (`sim.state`, the `seed` option, a seed file for the
 * server) in the same shape.
 */

/** A power state of a VPS. */
export type SimPowerState = "on" | "off";

/** A webhook of a VPS (hooks/set). */
export interface SimHook {
  id: number;
  /** The usage in percent that fires it. */
  triggerValue: number;
  callbackUrl: string;
  callbackMethod: "post" | "get";
  callbackUser?: string;
  callbackPassword?: string;
  /** When it last fired, in Unix seconds. */
  lastLaunched?: number;
}

/** A VPS of the simulated account. */
export interface SimVps {
  /** `kvm_<digits>_<digits>`. */
  kvmId: string;
  /** The management host its sessions name (`<digits>.edisglobal.com`). */
  apiHost: string;
  /** The rDNS host its sessions name. */
  apiRdns: string;
  description: string;
  hostname: string;
  /** Its IPv4 addresses. */
  ipv4: string[];
  ipv4Netmask: string;
  ipv4Gateway: string;
  /** Its IPv6 /64 (`2001:db8:1::/64`): every address in it can have a PTR record. */
  ipv6Prefix: string;
  ipv6Gateway: string;
  /** MiB. */
  ramMb: number;
  /** MiB. */
  diskMb: number;
  cores: number;
  suspended: boolean;
  power: SimPowerState;
  /** A power transition under way: the state it reaches, and when (simulated ms). */
  powerPending?: { state: SimPowerState; at: number };
  /** PTR records: address → name. */
  ptr: Record<string, string>;
  /** The VM settings as get/config returns them (every value a string). */
  settings: Record<string, string>;
  vnc: { enabled: boolean; password?: string; keyboard: string; vncPort: number; novncPort: number; host: string };
  /** The ISO mounted, if any. */
  iso?: string;
  /** The image installed last. */
  image: string;
  traffic: {
    /** Traffic included in the period, in bytes. */
    includedBytes: number;
    rxBytes: number;
    txBytes: number;
    rxPackets: number;
    txPackets: number;
    /** Bytes per day of the period (`YYYY-MM-DD` → bytes). */
    daily: Record<string, number>;
    /** Days left in the period. */
    daysRemaining: number;
  };
  /** CPU usage in percent, one value per hour of the last day, oldest first. */
  cpu: number[];
  hooks: SimHook[];
  /** The ORDER API's view: service id, plan, billing. */
  service: {
    id: number;
    productId: number;
    plan: string;
    location: string;
    billingCycle: string;
    amount: string;
    createdOn: string;
    nextDue: string;
    paymentMethod: string;
    /** `terminated` once cancelled with `Immediate`: its sessions stop working. */
    status: "active" | "suspended" | "terminated";
    /** Cancelled with `End of Billing Period`. */
    cancelAtPeriodEnd?: boolean;
  };
}

/** A plan of the ORDER API (getProducts). */
export interface SimProduct {
  id: number;
  name: string;
  locationId: number;
  diskGb: number;
  ramMb: number;
  cores: number;
  trafficTb: number;
  /** Price per billing cycle (`monthly` → `"7.99"`). */
  prices: Record<string, string>;
  /** Operating system add-ons: id → description. */
  operatingSystems: Record<string, string>;
}

/** A location of the ORDER API (getLocations). */
export interface SimLocation {
  id: number;
  label: string;
  name: string;
  country: string;
  headline: string;
  outOfStock: boolean;
}

/** Everything the simulator remembers. */
export interface EdisSimulatorState {
  account: {
    email: string;
    password: string;
    /** Credit, in the currency's units as decimal text (`"50.00"`). */
    balance: string;
    currency: string;
  };
  vps: SimVps[];
  /** ISO images a VPS can mount (get/isos). */
  isos: string[];
  /** Images a reinstall can use (get/images). */
  images: string[];
  /** The account's traffic pool. */
  pool: { availableGb: number; log: { ts: string; gbytes: number; kvm: string }[] };
  paymentMethods: string[];
  billingCycles: string[];
  locations: SimLocation[];
  products: SimProduct[];
  /** Orders placed (addOrder, upgradeKVM). */
  orders: { id: number; invoiceId: number; kind: "order" | "upgrade"; serviceIds: number[]; amount: string; paid: boolean }[];
  /** Ids handed out next. */
  next: { hookId: number; orderId: number; invoiceId: number; serviceId: number };
}

/** A VPS of a seed: its kvm id, and any other field (nested ones field by field); the rest are the defaults. */
export type SimVpsSeed = Partial<Omit<SimVps, "traffic" | "vnc" | "service">> & {
  kvmId: string;
  traffic?: Partial<SimVps["traffic"]>;
  vnc?: Partial<SimVps["vnc"]>;
  service?: Partial<SimVps["service"]>;
};

/** A seed: the state, every part optional; a VPS seeded with some fields gets the rest from the defaults. */
export interface EdisSimulatorSeed {
  account?: Partial<EdisSimulatorState["account"]>;
  vps?: SimVpsSeed[];
  isos?: string[];
  images?: string[];
  pool?: Partial<EdisSimulatorState["pool"]>;
  paymentMethods?: string[];
  billingCycles?: string[];
  locations?: SimLocation[];
  products?: SimProduct[];
}

const GB = 1024 ** 3;

/** A VPS with the defaults, for `kvmId` as the `index`-th of the account. */
export function defaultVps(index: number, kvmId: string, now: number): SimVps {
  const n = index + 1;
  const digits = /^kvm_(\d+)_/u.exec(kvmId)?.[1] ?? String(100000 + n);
  const name = index === 0 ? "web-1" : `vps-${n}`;
  return {
    kvmId,
    apiHost: `${digits}.edisglobal.com`,
    apiRdns: "dns-api.edisglobal.com",
    description: name,
    hostname: `${name}.example.com`,
    ipv4: index === 0 ? ["192.0.2.1", "192.0.2.2"] : [`192.0.2.${10 * n}`],
    ipv4Netmask: "255.255.255.0",
    ipv4Gateway: "192.0.2.254",
    ipv6Prefix: `2001:db8:${n.toString(16)}::/64`,
    ipv6Gateway: `2001:db8:${n.toString(16)}::ffff`,
    ramMb: 2048,
    diskMb: 20480,
    cores: 2,
    suspended: false,
    power: index === 0 ? "on" : "off",
    ptr: index === 0 ? { "192.0.2.2": "web-1.example.com" } : {},
    settings: {
      boot_timeout: "5000",
      uefi: "disabled",
      tpm: "disabled",
      vnc_keymap: "en-us",
      cpu_set_cores: "core",
      cpu_model: "passthrough",
      disk_driver: "virtio",
      nw_driver: "virtio",
      video_driver: "cirrus",
      auto_hydration: "off",
    },
    vnc: { enabled: false, keyboard: "en-us", vncPort: 5900 + n, novncPort: 6080 + n, host: `${digits}.edisglobal.com` },
    image: "debian-12",
    traffic: {
      includedBytes: 1024 * GB,
      rxBytes: 0,
      txBytes: 0,
      rxPackets: 0,
      txPackets: 0,
      daily: {},
      daysRemaining: 30 - (new Date(now).getUTCDate() % 30),
    },
    cpu: Array.from({ length: 24 }, (_, h) => (index === 0 ? 5 + ((h * 7) % 11) : 0)),
    hooks: [],
    service: {
      id: 300000 + n,
      productId: 106,
      plan: "KVM SMART",
      location: "Austria, Vienna",
      billingCycle: "Monthly",
      amount: "7.99",
      createdOn: "2026-01-01",
      nextDue: "2026-02-01",
      paymentMethod: "creditcard",
      status: "active",
    },
  };
}

/** The default account's VPS ids. */
export const DEFAULT_KVM_IDS = ["kvm_100001_200001", "kvm_100002_200002"] as const;

/**
 * The state a simulator starts with: `seed` over the default account.
 *
 * The default account (`sim@example.com`, password `simulator-password`, 50.00 EUR credit) has
 * two VPSs:
 * - `kvm_100001_200001` ("web-1", api_host `100001.edisglobal.com`): on; IPv4 192.0.2.1 and
 *   192.0.2.2 (192.0.2.2 has the PTR record web-1.example.com), IPv6 2001:db8:1::/64;
 * - `kvm_100002_200002` ("vps-2", api_host `100002.edisglobal.com`): off; IPv4 192.0.2.20,
 *   IPv6 2001:db8:2::/64; no PTR record.
 * Each has 1 TiB of traffic included and none used, and no webhook; the traffic pool holds
 * 5000 GB. The ORDER API sells KVM SMART (id 106, 7.99 EUR a month) and KVM STARTER (id 99)
 * in Austria, Vienna (location 192), and KVM SMART (id 140) in United Kingdom (location 127,
 * out of stock: an order of it answers `status: failed`); payment methods paypal, creditcard
 * and cryptomus; operating system add-on 208 (Debian 12) on every plan. Each VPS is service
 * 300001, 300002 (plan KVM SMART, monthly). A session lasts an hour of simulated time unless
 * the `sessionLifetime` option says otherwise.
 */
export function initialState(seed: EdisSimulatorSeed = {}, now: number = Date.now()): EdisSimulatorState {
  const seeded: NonNullable<EdisSimulatorSeed["vps"]> = seed.vps ?? DEFAULT_KVM_IDS.map((kvmId) => ({ kvmId }));
  const vps = seeded.map((partial, i) => {
    const base = defaultVps(i, partial.kvmId, now);
    return {
      ...base,
      ...structuredClone(partial),
      traffic: { ...base.traffic, ...structuredClone(partial.traffic ?? {}) },
      vnc: { ...base.vnc, ...structuredClone(partial.vnc ?? {}) },
      settings: { ...base.settings, ...structuredClone(partial.settings ?? {}) },
      service: { ...base.service, ...structuredClone(partial.service ?? {}) },
    } as SimVps;
  });
  const state: EdisSimulatorState = {
    account: { email: "sim@example.com", password: "simulator-password", balance: "50.00", currency: "EUR", ...seed.account },
    vps,
    isos: seed.isos ?? ["debian-12.7.0-amd64-netinst.iso", "ubuntu-24.04.1-live-server-amd64.iso", "virtio-win-0.1.262.iso"],
    images: seed.images ?? ["debian-12", "ubuntu-24.04", "cloudinit_debian-12", "cloudinit_ubuntu-24.04", "almalinux-9"],
    pool: { availableGb: 5000, log: [], ...structuredClone(seed.pool ?? {}) },
    paymentMethods: seed.paymentMethods ?? ["paypal", "creditcard", "cryptomus"],
    billingCycles: seed.billingCycles ?? ["monthly", "quarterly", "semiannually", "annually"],
    locations: structuredClone(
      seed.locations ?? [
        { id: 192, label: "KVM Austria, Vienna", name: "Austria, Vienna", country: "at", headline: "KVM VPS/VDS in Vienna, Austria", outOfStock: false },
        { id: 127, label: "KVM United Kingdom", name: "United Kingdom", country: "uk", headline: "KVM VPS in the City of London", outOfStock: true },
      ],
    ),
    products: structuredClone(
      seed.products ?? [
        {
          id: 106,
          name: "KVM SMART",
          locationId: 192,
          diskGb: 15,
          ramMb: 1024,
          cores: 1,
          trafficTb: 1,
          prices: { monthly: "7.99", quarterly: "23.97", semiannually: "47.94", annually: "87.89" },
          operatingSystems: { "208": "Debian 12 (Bookworm) 64Bit", "88": "Ubuntu LTS 20.04 64Bit" },
        },
        {
          id: 99,
          name: "KVM STARTER",
          locationId: 192,
          diskGb: 20,
          ramMb: 2048,
          cores: 1,
          trafficTb: 2,
          prices: { monthly: "12.99", quarterly: "38.97", semiannually: "77.94", annually: "142.89" },
          operatingSystems: { "208": "Debian 12 (Bookworm) 64Bit" },
        },
        {
          id: 140,
          name: "KVM SMART",
          locationId: 127,
          diskGb: 15,
          ramMb: 1024,
          cores: 1,
          trafficTb: 1,
          prices: { monthly: "8.99" },
          operatingSystems: { "208": "Debian 12 (Bookworm) 64Bit" },
        },
      ],
    ),
    orders: [],
    next: { hookId: 1, orderId: 500001, invoiceId: 700001, serviceId: 300100 },
  };
  return state;
}
