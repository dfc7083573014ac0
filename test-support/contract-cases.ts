/**
 * One contract case per operation of spec/: how a user calls it, and the caller's fields as
 * they must arrive on the wire (decoded). `operations.test.ts` runs every case the same way
 * and fails when an operation of the spec has no case here.
 */
import type { EdisClient } from "../src/index.js";
import { EMAIL, KVM_ID, TRICKY_PASSWORD as PASSWORD } from "./fixtures.js";

/** Operations whose body is the session alone: the user passes `{ kvmId }`. */
const sessionOnly = (run: (edis: EdisClient) => Promise<unknown>, result?: ContractCase["result"]): ContractCase => ({
  run,
  sent: { kvm_id: KVM_ID },
  ...(result ? { result } : {}),
});

const kvmId = KVM_ID;
const DISK = new Uint8Array([0x51, 0x46, 0x49, 0xfb, 0, 0, 0, 3, 0xff, 0x00, 0x0d, 0x0a, 0x25, 0x2b, 0x26, 0x3d]);
const CLOUD_INIT = '#cloud-config\nssh_pwauth: true\npassword: "r00t+&=%"\n';

/** The user's view of a chart field: decoded JSON. */
const charts =
  (...fields: string[]) =>
  (body: Record<string, unknown>) => ({
    ...body,
    ...Object.fromEntries(fields.map((f) => [f, JSON.parse(body[f] as string)])),
  });

/** The user's view of a data URI: its media type and bytes. */
function dataUri(text: string): { mimeType: string; bytes: Uint8Array } {
  const [head, payload] = text.split(",", 2) as [string, string];
  const declared = head.slice("data:".length, head.indexOf(";"));
  return { mimeType: declared === "image/jpg" ? "image/jpeg" : declared, bytes: new Uint8Array(Buffer.from(payload, "base64")) };
}

export interface ContractCase {
  /** Calls the operation the way a user does. */
  run(edis: EdisClient): Promise<unknown>;
  /** Every field of the request as it must arrive, JSON fields decoded, session fields aside. */
  sent: Record<string, unknown>;
  /** The bytes of each binary part, for multipart operations. */
  files?: Record<string, Uint8Array>;
  /** What the user gets for the documented 200 body; default: the body, or its `x-edis-result` part. */
  result?(body: Record<string, unknown>): unknown;
}

export const cases: Record<string, ContractCase> = {
  createAuthSession: {
    run: (edis) => edis.auth.createSession({ kvmId: KVM_ID }),
    sent: { email: EMAIL, pw: PASSWORD, kvm_id: KVM_ID },
    result: (body) => Object.values(body.data as Record<string, Record<string, unknown>>).map((s) => expectSession(s)),
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

  getPowerState: sessionOnly((edis) => edis.power.state({ kvmId })),
  powerOnVPS: sessionOnly((edis) => edis.power.on({ kvmId })),
  powerOffVPS: sessionOnly((edis) => edis.power.off({ kvmId })),
  performHardReset: sessionOnly((edis) => edis.power.reset({ kvmId })),

  getISOList: sessionOnly((edis) => edis.install.isos({ kvmId })),
  getAutoinstallImages: sessionOnly((edis) => edis.install.images({ kvmId })),
  mountISO: {
    run: (edis) => edis.install.mountIso({ kvmId, iso: "0_SystemRescue-10.02-amd64.iso", forceReset: "yes" }),
    sent: { kvm_id: kvmId, iso: "0_SystemRescue-10.02-amd64.iso", force_reset: "yes" },
  },
  umountISO: sessionOnly((edis) => edis.install.unmountIso({ kvmId })),
  downloadCustomISO: {
    run: (edis) => edis.install.downloadIso({ kvmId, url: "https://example.com/isos/my%20custom.iso?x=1&y=2" }),
    sent: { kvm_id: kvmId, url: "https://example.com/isos/my%20custom.iso?x=1&y=2" },
  },
  reinstallVPS: {
    run: (edis) => edis.install.reinstall({ kvmId, image: "cloudinit_debian-bookworm", password: "N3w+r00t&=%ü", cloudinitUserData: CLOUD_INIT }),
    sent: { kvm_id: kvmId, image: "cloudinit_debian-bookworm", password: "N3w+r00t&=%ü", cloudinit_user_data: CLOUD_INIT },
  },
  uploadQCOW2: {
    run: (edis) => edis.install.uploadQcow2({ kvmId, yesPurgeAllMyData: 1, file: DISK, password: "N3w+r00t&=%ü", cloudinitUserData: CLOUD_INIT }),
    sent: { kvm_id: kvmId, yes_purge_all_my_data: "1", file: `<binary ${DISK.byteLength} bytes>`, pw: "N3w+r00t&=%ü", cloudinit_user_data: CLOUD_INIT },
    files: { file: DISK },
  },

  getKvmVpsSettings: sessionOnly((edis) => edis.settings.get({ kvmId })),
  setKvmConfiguration: {
    run: (edis) => edis.settings.set({ kvmId, config: { boot_timeout: "10000", uefi: "enabled", vnc_keymap: "de-ch", auto_hydration: "500" } }),
    sent: { kvm_id: kvmId, config: { boot_timeout: "10000", uefi: "enabled", vnc_keymap: "de-ch", auto_hydration: "500" } },
  },

  getKvmDetails: sessionOnly((edis) => edis.info.details({ kvmId })),
  getAllDetails: sessionOnly((edis) => edis.info.allDetails({ kvmId })),
  getTrafficUsage: sessionOnly((edis) => edis.info.traffic({ kvmId }), charts("chart_daily", "chart_monthly")),
  getCpuUsage: sessionOnly(
    (edis) => edis.info.cpuUsage({ kvmId }),
    (body) => JSON.parse(body.chart_cpu as string),
  ),
  getMountDetails: sessionOnly((edis) => edis.info.mount({ kvmId })),
  getVpsScreenshot: sessionOnly(
    (edis) => edis.info.screenshot({ kvmId }),
    (body) => dataUri(body.data as string),
  ),

  getVncStatus: sessionOnly((edis) => edis.vnc.status({ kvmId })),
  enableVnc: {
    run: (edis) => edis.vnc.enable({ kvmId, password: "Vnc4Test" }),
    sent: { kvm_id: kvmId, vnc_pw: "Vnc4Test" },
  },
  disableVnc: sessionOnly((edis) => edis.vnc.disable({ kvmId })),
  setVncKeyboardLanguage: {
    run: (edis) => edis.vnc.setKeyboard({ kvmId, keyboard: "de" }),
    sent: { kvm_id: kvmId, vnc_keyboard: "de" },
  },

  getGlobalTrafficPoolSize: sessionOnly((edis) => edis.trafficPool.size({ kvmId })),
  getHydrationLog: {
    run: (edis) => edis.trafficPool.refillLog({ kvmId, scope: "client" }),
    sent: { kvm_id: kvmId, query: "client" },
  },
  assignTrafficFromPool: {
    run: (edis) => edis.trafficPool.assign({ kvmId, traffic: 10 }),
    sent: { kvm_id: kvmId, traffic: "10" },
  },
  getAutoHydrationStatus: sessionOnly((edis) => edis.trafficPool.autoHydrationStatus({ kvmId })),
  enableAutoHydration: {
    run: (edis) => edis.trafficPool.enableAutoHydration({ kvmId }),
    sent: { kvm_id: kvmId, config: { auto_hydration: 100 } },
  },
  disableAutoHydration: {
    run: (edis) => edis.trafficPool.disableAutoHydration({ kvmId }),
    sent: { kvm_id: kvmId, config: { auto_hydration: 0 } },
  },

  getAllHooks: sessionOnly((edis) => edis.hooks.list({ kvmId })),
  setKvmHooks: {
    run: (edis) =>
      edis.hooks.set({
        kvmId,
        callbackMethod: "post",
        callbackUser: "hook-user",
        callbackPassword: "cb+pw&=%",
        triggerValue: "80",
        callbackUrl: "https://example.com/yourcallback?token=a&b=c",
      }),
    sent: {
      kvm_id: kvmId,
      callback_method: "post",
      callback_user: "hook-user",
      callback_pw: "cb+pw&=%",
      type: "traffic",
      trigger_value: "80",
      callback_url: "https://example.com/yourcallback?token=a&b=c",
    },
  },
  deleteHook: {
    run: (edis) => edis.hooks.delete({ kvmId, hookId: 1 }),
    sent: { kvm_id: kvmId, id: "1" },
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
