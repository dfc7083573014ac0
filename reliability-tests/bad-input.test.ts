/**
 * Bad input, as a table: each row calls one operation with one bad value and must get an
 * EdisValidationError naming the parameter at fault, with nothing sent (counted on the
 * server and at the client's fetch). Values come the way untyped JavaScript would pass them,
 * so the table goes through `edis.call` with the types switched off.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type EdisClient, EdisValidationError } from "../src/index.js";
import { type FaultServer, KVM, startFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { countFigure } from "../test-support/reliability-figures.js";

useLeakGuard();

let server: FaultServer;
let edis: EdisClient;
let fetched = 0;
beforeAll(async () => {
  server = await startFaultServer();
  edis = server.client({
    fetch: (input, init) => {
      fetched++;
      return fetch(input, init);
    },
  });
});
afterAll(async () => {
  await server.close();
});

const call = (operationId: string, params: unknown): Promise<unknown> => (edis.call as (id: string, p: unknown) => Promise<unknown>)(operationId, params);

const kvmId = KVM;
const long = (n: number, c = "a"): string => c.repeat(n);
const label63 = long(63);
/** 255 characters of valid labels: over the 253 a host name may have. */
const host255 = `${[label63, label63, label63].join(".")}.${long(62)}`;
const ipv4s = (n: number): string[] => Array.from({ length: n }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);

const ptrGet = (ips: unknown) => ["getPTR", { kvmId, ips }] as const;
const ptrSet = (records: unknown) => ["setPTR", { kvmId, records }] as const;
const vnc = (password: unknown) => ["enableVnc", { kvmId, password }] as const;
const hook = (over: Record<string, unknown>) =>
  ["setKvmHooks", { kvmId, callbackMethod: "post", triggerValue: "80", callbackUrl: "https://example.com/hook", ...over }] as const;
const reinstall = (over: Record<string, unknown>) => ["reinstallVPS", { kvmId, image: "cloudinit_debian-bookworm", password: "r00t-pw", ...over }] as const;
const mount = (iso: unknown) => ["mountISO", { kvmId, iso }] as const;
const settings = (config: unknown) => ["setKvmConfiguration", { kvmId, config }] as const;

interface Row {
  readonly what: string;
  readonly call: readonly [string, unknown];
  /** The field the error must name. */
  readonly field: string;
}

const rows: Row[] = [
  // IPv4
  { what: "IPv4 with three octets", call: ptrGet(["192.0.2"]), field: "ips[0]" },
  { what: "IPv4 octet over 255", call: ptrGet(["192.0.2.256"]), field: "ips[0]" },
  { what: "IPv4 with five octets", call: ptrGet(["192.0.2.1.5"]), field: "ips[0]" },
  { what: "IPv4 with a leading zero", call: ptrGet(["192.0.2.01"]), field: "ips[0]" },
  { what: "IPv4 with a CIDR suffix", call: ptrGet(["192.0.2.0/24"]), field: "ips[0]" },
  { what: "IPv4 with surrounding space", call: ptrGet([" 192.0.2.1"]), field: "ips[0]" },
  { what: "IPv4 as a number", call: ptrGet([3221225985]), field: "ips[0]" },
  { what: "an empty address", call: ptrGet([""]), field: "ips[0]" },
  // IPv6
  { what: "IPv6 with two ::", call: ptrGet(["2001:db8::1::2"]), field: "ips[0]" },
  { what: "IPv6 with a non-hex group", call: ptrGet(["2001:db8::g"]), field: "ips[0]" },
  { what: "IPv6 with nine groups", call: ptrGet(["1:2:3:4:5:6:7:8:9"]), field: "ips[0]" },
  { what: "IPv6 group of five digits", call: ptrGet(["2001:db8::12345"]), field: "ips[0]" },
  { what: "IPv6 with a zone id", call: ptrGet(["fe80::1%eth0"]), field: "ips[0]" },
  { what: "IPv6 with a bad IPv4 tail", call: ptrGet(["::ffff:192.0.2.300"]), field: "ips[0]" },
  { what: "IPv6 in brackets", call: ptrGet(["[2001:db8::1]"]), field: "ips[0]" },
  { what: "a bad address after good ones", call: ptrGet(["192.0.2.1", "2001:db8::1", "2001:db8:::1"]), field: "ips[2]" },
  // Lists
  { what: "an empty address list", call: ptrGet([]), field: "ips" },
  { what: "an address list beyond the bulk limit", call: ptrGet(ipv4s(100_001)), field: "ips" },
  { what: "a repeated address", call: ptrGet(["192.0.2.1", "192.0.2.1"]), field: "ips[1]" },
  { what: "addresses as one comma string", call: ptrGet("192.0.2.1,192.0.2.2"), field: "ips" },
  { what: "an empty PTR map", call: ptrSet({}), field: "records" },
  { what: "a PTR map as an array", call: ptrSet([["192.0.2.1", "a.example.com"]]), field: "records" },
  { what: "a PTR map keyed by a host name", call: ptrSet({ "mail.example.com": "192.0.2.1" }), field: 'records["mail.example.com"]' },
  { what: "a PTR map beyond the bulk limit", call: ptrSet(Object.fromEntries(ipv4s(100_001).map((ip) => [ip, "a.example.com"]))), field: "records" },
  // Host names
  { what: "a host label starting with a hyphen", call: ptrSet({ "192.0.2.1": "-mail.example.com" }), field: 'records["192.0.2.1"]' },
  { what: "a host label ending with a hyphen", call: ptrSet({ "192.0.2.1": "mail-.example.com" }), field: 'records["192.0.2.1"]' },
  { what: "a host label of 64 characters", call: ptrSet({ "192.0.2.1": `${long(64)}.example.com` }), field: 'records["192.0.2.1"]' },
  { what: "a host name over 253 characters", call: ptrSet({ "192.0.2.1": host255 }), field: 'records["192.0.2.1"]' },
  { what: "an empty host label", call: ptrSet({ "192.0.2.1": "mail..example.com" }), field: 'records["192.0.2.1"]' },
  { what: "an underscore in a host name", call: ptrSet({ "192.0.2.1": "mail_1.example.com" }), field: 'records["192.0.2.1"]' },
  { what: "a space in a host name", call: ptrSet({ "192.0.2.1": "mail example.com" }), field: 'records["192.0.2.1"]' },
  { what: "an empty host name", call: ptrSet({ "192.0.2.1": "" }), field: 'records["192.0.2.1"]' },
  { what: "a host name as a number", call: ptrSet({ "192.0.2.1": 42 }), field: 'records["192.0.2.1"]' },
  // CR, LF and NUL, wherever they go
  { what: "CR/LF in a host name", call: ptrSet({ "192.0.2.1": "mail.example.com\r\nX-Injected: 1" }), field: 'records["192.0.2.1"]' },
  { what: "LF at the end of a kvmId", call: ["getPowerState", { kvmId: `${kvmId}\n` }], field: "kvmId" },
  { what: "NUL in a kvmId", call: ["getPowerState", { kvmId: `${kvmId}\0` }], field: "kvmId" },
  { what: "CR in an ISO name", call: mount("rescue.iso\r"), field: "iso" },
  { what: "LF in a callback URL", call: hook({ callbackUrl: "https://example.com/hook\nHost: evil.example" }), field: "callbackUrl" },
  { what: "LF in a callback user", call: hook({ callbackUser: "user\nroot" }), field: "callbackUser" },
  { what: "NUL in a callback password", call: hook({ callbackPassword: "pw\0rd" }), field: "callbackPassword" },
  { what: "LF in a reinstall password", call: reinstall({ password: "r00t\npw" }), field: "password" },
  { what: "NUL in cloud-init data", call: reinstall({ cloudinitUserData: "#cloud-config\n\0" }), field: "cloudinitUserData" },
  { what: "LF in a settings description", call: settings({ description: "web\nserver" }), field: "config.description" },
  // kvmId
  { what: "a kvmId without the kvm_ prefix", call: ["getPowerState", { kvmId: "123456_789012" }], field: "kvmId" },
  { what: "a kvmId with one group", call: ["getPowerState", { kvmId: "kvm_123456" }], field: "kvmId" },
  { what: "a kvmId with letters in a group", call: ["getPowerState", { kvmId: "kvm_12a456_789012" }], field: "kvmId" },
  { what: "a kvmId in upper case", call: ["getPowerState", { kvmId: "KVM_123456_789012" }], field: "kvmId" },
  { what: "a kvmId of 65 characters", call: ["getPowerState", { kvmId: `kvm_1_${"1".repeat(59)}` }], field: "kvmId" },
  { what: "a kvmId as a number", call: ["getPowerState", { kvmId: 123456789012 }], field: "kvmId" },
  { what: "a missing kvmId", call: ["getPowerState", {}], field: "kvmId" },
  { what: "a bad kvmId for a new session", call: ["createAuthSession", { kvmId: "kvm_1" }], field: "kvmId" },
  // VNC password: exactly 8 letters or digits
  { what: "a VNC password of 7 characters", call: vnc("Vnc4Tes"), field: "password" },
  { what: "a VNC password of 9 characters", call: vnc("Vnc4Tests"), field: "password" },
  { what: "a VNC password with a symbol", call: vnc("Vnc4Tes!"), field: "password" },
  { what: "a VNC password with a non-ASCII letter", call: vnc("Vnc4Tesü"), field: "password" },
  { what: "a VNC password as a number", call: vnc(12345678), field: "password" },
  // Keyboard layouts
  { what: "an unknown keyboard layout", call: ["setVncKeyboardLanguage", { kvmId, keyboard: "de-ch" }], field: "keyboard" },
  { what: "a keyboard layout in upper case", call: ["setVncKeyboardLanguage", { kvmId, keyboard: "DE" }], field: "keyboard" },
  { what: "a settings keymap of the wrong shape", call: settings({ vnc_keymap: "de_CH" }), field: "config.vnc_keymap" },
  // Traffic amounts
  { what: "a fractional traffic amount", call: ["assignTrafficFromPool", { kvmId, traffic: 1.5 }], field: "traffic" },
  { what: "a traffic amount as a string", call: ["assignTrafficFromPool", { kvmId, traffic: "10" }], field: "traffic" },
  { what: "a traffic amount of zero", call: ["assignTrafficFromPool", { kvmId, traffic: 0 }], field: "traffic" },
  { what: "a traffic amount over 100000", call: ["assignTrafficFromPool", { kvmId, traffic: 100_001 }], field: "traffic" },
  { what: "a NaN traffic amount", call: ["assignTrafficFromPool", { kvmId, traffic: Number.NaN }], field: "traffic" },
  { what: "an infinite traffic amount", call: ["assignTrafficFromPool", { kvmId, traffic: Number.POSITIVE_INFINITY }], field: "traffic" },
  { what: "a bigint traffic amount", call: ["assignTrafficFromPool", { kvmId, traffic: 10n }], field: "traffic" },
  // Callback URLs
  { what: "an ftp: callback URL", call: hook({ callbackUrl: "ftp://example.com/hook" }), field: "callbackUrl" },
  { what: "a javascript: callback URL", call: hook({ callbackUrl: "javascript:alert(1)" }), field: "callbackUrl" },
  { what: "a file: callback URL", call: hook({ callbackUrl: "file:///etc/passwd" }), field: "callbackUrl" },
  { what: "a relative callback URL", call: hook({ callbackUrl: "/hook" }), field: "callbackUrl" },
  { what: "a callback URL with a space in the host", call: hook({ callbackUrl: "https://exa mple.com/hook" }), field: "callbackUrl" },
  { what: "a download URL with one slash", call: ["downloadCustomISO", { kvmId, url: "https:/example.com/x.iso" }], field: "url" },
  { what: "a download URL over 2048 characters", call: ["downloadCustomISO", { kvmId, url: `https://example.com/${long(2040)}.iso` }], field: "url" },
  { what: "an unknown callback method", call: hook({ callbackMethod: "put" }), field: "callbackMethod" },
  { what: "a trigger value of four digits", call: hook({ triggerValue: "1000" }), field: "triggerValue" },
  { what: "a trigger value as a number", call: hook({ triggerValue: 80 }), field: "triggerValue" },
  // ISO and image names
  { what: "an ISO name climbing out with ..", call: mount("../../etc/passwd"), field: "iso" },
  { what: "an ISO name with a slash", call: mount("isos/rescue.iso"), field: "iso" },
  { what: "an ISO name with a backslash", call: mount("isos\\rescue.iso"), field: "iso" },
  { what: "an ISO name starting with a dot", call: mount(".rescue.iso"), field: "iso" },
  { what: "an ISO name ending with a dot", call: mount("rescue.iso."), field: "iso" },
  { what: "an image name with a path", call: reinstall({ image: "/var/lib/images/debian" }), field: "image" },
  { what: "an unknown force-reset value", call: ["mountISO", { kvmId, iso: "rescue.iso", forceReset: "true" }], field: "forceReset" },
  // Cloud-init, passwords and other secrets
  { what: "cloud-init data over 64 KiB", call: reinstall({ cloudinitUserData: `#cloud-config\n${long(65_536)}` }), field: "cloudinitUserData" },
  { what: "empty cloud-init data", call: reinstall({ cloudinitUserData: "" }), field: "cloudinitUserData" },
  { what: "a reinstall password over 255 characters", call: reinstall({ password: long(256) }), field: "password" },
  { what: "an empty reinstall password", call: reinstall({ password: "" }), field: "password" },
  { what: "a reinstall password with a lone surrogate", call: reinstall({ password: "r00t\ud800pw" }), field: "password" },
  // Settings
  { what: "empty settings", call: settings({}), field: "config" },
  { what: "a settings value outside its enum", call: settings({ uefi: "on" }), field: "config.uefi" },
  { what: "a boot timeout as a number", call: settings({ boot_timeout: 5000 }), field: "config.boot_timeout" },
  { what: "an unknown settings key", call: settings({ turbo: "yes" }), field: 'config["turbo"]' },
  // Other operations
  { what: "an unknown refill-log scope", call: ["getHydrationLog", { kvmId, scope: "all" }], field: "scope" },
  { what: "a hook id of zero", call: ["deleteHook", { kvmId, hookId: 0 }], field: "hookId" },
  { what: "a hook id as a string", call: ["deleteHook", { kvmId, hookId: "1" }], field: "hookId" },
  { what: "a purge confirmation of 0", call: ["uploadQCOW2", { kvmId, yesPurgeAllMyData: 0, file: new Uint8Array([1]) }], field: "yesPurgeAllMyData" },
  { what: "an upload without the purge confirmation", call: ["uploadQCOW2", { kvmId, file: new Uint8Array([1]) }], field: "yesPurgeAllMyData" },
  { what: "an upload file given as a path", call: ["uploadQCOW2", { kvmId, yesPurgeAllMyData: 1, file: "disk.qcow2" }], field: "file" },
  { what: "an empty upload file", call: ["uploadQCOW2", { kvmId, yesPurgeAllMyData: 1, file: new Uint8Array() }], field: "file" },
  // Shapes that only untyped JavaScript can pass
  { what: "params that are null", call: ["getPowerState", null], field: "params" },
  { what: "params that are an array", call: ["getPowerState", [kvmId]], field: "params" },
  { what: "params that are a string", call: ["getPowerState", kvmId], field: "params" },
  { what: "a parameter in its wire spelling", call: ["getPTR", { kvmId, ips: ["192.0.2.1"], ip: ["192.0.2.1"] }], field: "ip" },
  { what: "a session field passed by the caller", call: ["getPowerState", { kvmId, signature: "forged" }], field: "signature" },
  { what: "a boolean where a string goes", call: ["getHydrationLog", { kvmId, scope: true }], field: "scope" },
  { what: "an object where a string goes", call: mount({ toString: () => "rescue.iso" }), field: "iso" },
  { what: "an array where an address goes", call: ptrGet([["192.0.2.1"]]), field: "ips[0]" },
  { what: "null for a required string", call: ["downloadCustomISO", { kvmId, url: null }], field: "url" },
];

test("the table has at least 40 rows across at least 15 operations", () => {
  expect(rows.length).toBeGreaterThanOrEqual(40);
  expect(new Set(rows.map((r) => r.call[0])).size).toBeGreaterThanOrEqual(15);
});

test.for(rows)("$what is refused, naming $field, with nothing sent", async (row, context) => {
  const [operationId, params] = row.call;
  const arrivedBefore = server.arrivals.length;
  const fetchedBefore = fetched;
  const error = await call(operationId, params).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EdisValidationError);
  const validation = error as EdisValidationError;
  expect(validation.field).toBe(row.field);
  expect(validation.operationId).toBe(operationId);
  expect(validation.message.startsWith(`${operationId}: ${row.field} `)).toBe(true);
  expect(server.arrivals).toHaveLength(arrivedBefore);
  expect(fetched).toBe(fetchedBefore);
  countFigure(context, "badInputs");
});
