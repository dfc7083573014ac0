/**
 * Checking params before anything is sent (src/request/validate.ts): values by wire name, the spec's
 * defaults, each bad value an EdisValidationError naming its field without showing a secret,
 * and a broken pattern said in the spec's words, never as the regular expression.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type FieldRule, callbackTable, operationTable } from "../generated/operations.js";
import { EdisValidationError } from "../src/errors.js";
import { checkValue, validateParams } from "../src/request/validate.js";

const kvmId = "kvm_123456_789012";

describe("validateParams", () => {
  test("returns the caller's values by wire name", () => {
    expect(validateParams(operationTable.getPTR, { kvmId, ips: ["192.0.2.1", "2001:db8::1"] })).toEqual({
      kvm_id: kvmId,
      ip: ["192.0.2.1", "2001:db8::1"],
    });
    expect(validateParams(operationTable.setPTR, { kvmId, records: { "192.0.2.1": "mail.example.com." } })).toEqual({
      kvm_id: kvmId,
      ip: { "192.0.2.1": "mail.example.com." },
    });
  });

  const bad: [string, keyof typeof operationTable, unknown, string, RegExp][] = [
    ["missing kvmId", "getPTR", { ips: ["192.0.2.1"] }, "kvmId", /is required/],
    [
      "kvmId of the wrong shape",
      "getPTR",
      { kvmId: "vps_123456_789", ips: ["192.0.2.1"] },
      "kvmId",
      /kvmId is not a valid VPS id \(kvm_ and two groups of digits, like kvm_123456_789012\): "vps_123456_789"$/,
    ],
    [
      "a kvmId too short to be one names the form, not the length bound",
      "getPTR",
      { kvmId: "kvm_1", ips: ["192.0.2.1"] },
      "kvmId",
      /kvmId is not a valid VPS id \(kvm_ and two groups of digits, like kvm_123456_789012\): "kvm_1"$/,
    ],
    [
      "a kvmId of the right form but too long",
      "getPTR",
      { kvmId: `kvm_1_${"1".repeat(59)}`, ips: ["192.0.2.1"] },
      "kvmId",
      /must be at most 64 characters, got 65$/,
    ],
    ["an empty kvmId", "getPTR", { kvmId: "", ips: ["192.0.2.1"] }, "kvmId", /kvmId must not be empty$/],
    ["empty ip list", "getPTR", { kvmId, ips: [] }, "ips", /must not be empty/],
    ["ips not a list", "getPTR", { kvmId, ips: "192.0.2.1" }, "ips", /must be an array, got string/],
    ["IPv4 out of range", "getPTR", { kvmId, ips: ["256.1.1.1"] }, "ips[0]", /IPv4 or IPv6/],
    ["IPv4 with three parts", "deletePTR", { kvmId, ips: ["192.0.2"] }, "ips[0]", /IPv4 or IPv6/],
    ["bad IPv6", "getPTR", { kvmId, ips: ["192.0.2.1", "2001:db8:::1"] }, "ips[1]", /IPv4 or IPv6/],
    ["a number for an address", "getPTR", { kvmId, ips: [3221225985] }, "ips[0]", /must be a string, got integer/],
    ["duplicate addresses", "getPTR", { kvmId, ips: ["192.0.2.1", "192.0.2.1"] }, "ips[1]", /repeats/],
    [
      "duplicate addresses far apart",
      "getPTR",
      { kvmId, ips: [...Array.from({ length: 150 }, (_, i) => `10.0.${i >> 8}.${i & 255}`), "10.0.0.0"] },
      "ips[150]",
      /repeats/,
    ],
    [
      "hostname with a bad label",
      "setPTR",
      { kvmId, records: { "192.0.2.1": "-bad.example.com" } },
      'records["192.0.2.1"]',
      /is not a valid host name: "-bad.example.com"$/,
    ],
    [
      "hostname with an underscore",
      "setPTR",
      { kvmId, records: { "192.0.2.1": "a_b.example.com" } },
      'records["192.0.2.1"]',
      /is not a valid host name: "a_b.example.com"$/,
    ],
    [
      "hostname over 253 characters",
      "setPTR",
      { kvmId, records: { "192.0.2.1": `${`${"a".repeat(60)}.`.repeat(4)}example.com` } },
      'records["192.0.2.1"]',
      /at most 253/,
    ],
    ["hostname with CR/LF", "setPTR", { kvmId, records: { "192.0.2.1": "a.example.com\r\nX: y" } }, 'records["192.0.2.1"]', /line breaks/],
    ["a key that is not an address", "setPTR", { kvmId, records: { mail: "mail.example.com" } }, 'records["mail"]', /key must be an IPv4 or IPv6/],
    ["empty records", "setPTR", { kvmId, records: {} }, "records", /must not be empty/],
    ["NUL in kvmId", "getPTR", { kvmId: "kvm_1_2\0", ips: ["192.0.2.1"] }, "kvmId", /NUL/],
    ["an unknown parameter", "getPTR", { kvmId, ips: ["192.0.2.1"], ip: ["192.0.2.1"] }, "ip", /is not a parameter of getPTR/],
    ["a session field passed by the caller", "getPTR", { kvmId, ips: ["192.0.2.1"], signature: "x" }, "signature", /is not a parameter/],
    ["params that are not an object", "getPTR", null, "params", /must be an object/],
    [
      "a VNC password of 7 characters (its form: eight letters or digits)",
      "enableVnc",
      { kvmId, password: "abc1234" },
      "password",
      /is not eight letters or digits$/,
    ],
    ["a VNC password of 9 characters", "enableVnc", { kvmId, password: "abcd12345" }, "password", /at most 8/],
    ["a VNC password with a symbol", "enableVnc", { kvmId, password: "abcd123!" }, "password", /password is not eight letters or digits$/],
    ["an unknown keyboard layout", "setVncKeyboardLanguage", { kvmId, keyboard: "en-gb" }, "keyboard", /must be one of "en-us", "de", "sv", "fr", "it"/],
    ["force_reset other than yes/no", "mountISO", { kvmId, iso: "a.iso", forceReset: "true" }, "forceReset", /must be one of "yes", "no"/],
    [
      "an ISO name with a path separator",
      "mountISO",
      { kvmId, iso: "../etc/passwd" },
      "iso",
      /iso is not a bare file name \(no path separators, no \.\., no dot at either end, no control characters\): "\.\.\/etc\/passwd"$/,
    ],
    ["an ISO name with a backslash", "mountISO", { kvmId, iso: "a\\b.iso" }, "iso", /iso is not a bare file name .*: "a\\\\b\.iso"$/],
    ["an image name with ..", "reinstallVPS", { kvmId, image: "a..b", password: "x" }, "image", /image is not a bare image name \(.+\): "a\.\.b"$/],
    ["a refill-log scope other than client/kvm", "getHydrationLog", { kvmId, scope: "all" }, "scope", /must be one of "client", "kvm"/],
    [
      "a callback method other than post/get",
      "setKvmHooks",
      { kvmId, callbackMethod: "put", triggerValue: "80", callbackUrl: "https://e.example/x" },
      "callbackMethod",
      /must be one of "post", "get"/,
    ],
    [
      "a hook type other than traffic",
      "setKvmHooks",
      { kvmId, callbackMethod: "post", type: "cpu", triggerValue: "80", callbackUrl: "https://e.example/x" },
      "type",
      /must be one of "traffic"/,
    ],
    [
      "a trigger value that is neither a percentage nor demo",
      "setKvmHooks",
      { kvmId, callbackMethod: "post", triggerValue: "80%", callbackUrl: "https://e.example/x" },
      "triggerValue",
      /triggerValue is not a percentage in decimal digits \(such as 80\), or demo: "80%"$/,
    ],
    [
      "a callback URL that is not http(s)",
      "setKvmHooks",
      { kvmId, callbackMethod: "post", triggerValue: "80", callbackUrl: "ftp://e.example/x" },
      "callbackUrl",
      /must be an http\(s\) URL/,
    ],
    ["a download URL with a space", "downloadCustomISO", { kvmId, url: "https://e.example/my iso.iso" }, "url", /must be an http\(s\) URL/],
    ["traffic that is not an integer", "assignTrafficFromPool", { kvmId, traffic: 1.5 }, "traffic", /must be an integer/],
    ["traffic as a string", "assignTrafficFromPool", { kvmId, traffic: "10" }, "traffic", /must be a finite number, got string/],
    ["traffic of zero", "assignTrafficFromPool", { kvmId, traffic: 0 }, "traffic", /at least 1/],
    [
      "cloud-init data over 64 KiB",
      "reinstallVPS",
      { kvmId, image: "debian-bullseye", password: "x", cloudinitUserData: "#".repeat(65537) },
      "cloudinitUserData",
      /at most 65536/,
    ],
    ["an upload without the purge confirmation", "uploadQCOW2", { kvmId, file: new Uint8Array(4) }, "yesPurgeAllMyData", /is required/],
    ["a purge confirmation other than 1", "uploadQCOW2", { kvmId, yesPurgeAllMyData: 0, file: new Uint8Array(4) }, "yesPurgeAllMyData", /must be one of 1/],
    [
      "a file given as a path string",
      "uploadQCOW2",
      { kvmId, yesPurgeAllMyData: 1, file: "/tmp/disk.qcow2" },
      "file",
      /must be a Blob or a Uint8Array, got string/,
    ],
    ["an empty file", "uploadQCOW2", { kvmId, yesPurgeAllMyData: 1, file: new Uint8Array(0) }, "file", /must not be empty/],
    ["a settings key that does not exist", "setKvmConfiguration", { kvmId, config: { bootTimeout: "5000" } }, 'config["bootTimeout"]', /is not a known key/],
    ["a settings value of the wrong type", "setKvmConfiguration", { kvmId, config: { boot_timeout: 5000 } }, "config.boot_timeout", /must be a string/],
    ["a hook id that is not an integer", "deleteHook", { kvmId, hookId: "1" }, "hookId", /must be a finite number, got string/],
  ];
  test("sends the spec's default where the caller gives none", () => {
    expect(validateParams(operationTable.enableAutoHydration, { kvmId })).toEqual({ kvm_id: kvmId, config: { auto_hydration: 100 } });
    expect(validateParams(operationTable.disableAutoHydration, { kvmId })).toEqual({ kvm_id: kvmId, config: { auto_hydration: 0 } });
    expect(
      validateParams(operationTable.setKvmHooks, { kvmId, callbackMethod: "get", triggerValue: "demo", callbackUrl: "https://e.example/x" }),
    ).toMatchObject({ type: "traffic", trigger_value: "demo" });
  });

  test("lets line breaks through only where the spec allows them (cloud-init data)", () => {
    const cloudInit = "#cloud-config\r\nssh_pwauth: true\n";
    expect(
      validateParams(operationTable.reinstallVPS, { kvmId, image: "debian-bullseye", password: "x", cloudinitUserData: cloudInit }).cloudinit_user_data,
    ).toBe(cloudInit);
  });

  test("lets a pending parameter be missing, and still checks every value given", () => {
    expect(validateParams(operationTable.getPTR, { ips: ["192.0.2.1"] }, ["kvmId"])).toEqual({ ip: ["192.0.2.1"] });
    expect(() => validateParams(operationTable.getPTR, { ips: ["192.0.2.300"] }, ["kvmId"])).toThrow(/^getPTR: ips\[0\] must be an IPv4 or IPv6 address/);
    expect(() => validateParams(operationTable.reinstallVPS, { kvmId, image: "debian" }, ["kvmId"])).toThrow(/^reinstallVPS: password is required$/);
  });

  test("never shows a secret value in a message", () => {
    expect(() => validateParams(operationTable.enableVnc, { kvmId, password: "s3cr3t!!" })).toThrow(/^enableVnc: password is not eight letters or digits$/);
  });

  test.each(bad)("%s → EdisValidationError naming the field", (_name, operationId, params, field, reason) => {
    let caught: unknown;
    try {
      validateParams(operationTable[operationId], params);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EdisValidationError);
    const error = caught as EdisValidationError;
    expect(error.field).toBe(field);
    expect(error.operationId).toBe(operationId);
    expect(error.message).toMatch(reason);
    expect(error.message.startsWith(`${operationId}: ${field} `)).toBe(true);
  });
});

/** Every rule with a pattern in the generated tables, with where it is. */
function patternRules(): [string, FieldRule][] {
  const found: [string, FieldRule][] = [];
  const walk = (rule: FieldRule, where: string): void => {
    if (rule.pattern !== undefined) found.push([where, rule]);
    if (rule.items) walk(rule.items, `${where}[]`);
    for (const [name, sub] of Object.entries(rule.properties ?? {})) walk(sub, `${where}.${name}`);
    if (typeof rule.additionalProperties === "object") walk(rule.additionalProperties, `${where}{}`);
  };
  for (const op of [...Object.values(operationTable), ...Object.values(callbackTable)]) {
    for (const field of op.fields) walk(field.rule, `${op.operationId}.${field.wire}`);
  }
  return found;
}

describe("a value that breaks a pattern", () => {
  const rules = patternRules();

  test("every pattern of a request or callback field has its words in the spec (x-edis-pattern-name)", () => {
    expect(rules.length).toBeGreaterThanOrEqual(30);
    for (const [where, rule] of rules) expect(rule.patternName, where).toMatch(/^[a-z]/u);
  });

  test.each(rules)("%s: said in words, never as the regular expression", (_where, rule) => {
    // A control character breaks every pattern of the spec; only the pattern is checked here.
    const problem = checkValue({ type: "string", pattern: rule.pattern!, patternName: rule.patternName! }, "\u0001", "x");
    expect(problem).toEqual(["x", `is not ${rule.patternName}: "\\u0001"`]);
    expect(problem![1]).not.toContain(rule.pattern);
  });
});

describe("lengths and paths, as a message reports them", () => {
  const bounded = { type: "string", minLength: 2, maxLength: 3 } as const;

  test("a length counts code points: a character outside the BMP (two UTF-16 units) is one", () => {
    expect(checkValue(bounded, "😀😀😀", "name")).toBeUndefined();
    expect(checkValue(bounded, "😀", "name")).toEqual(["name", "must be at least 2 characters"]);
    expect(checkValue(bounded, "😀😀😀😀", "name")).toEqual(["name", "must be at most 3 characters, got 4"]);
    expect(checkValue(bounded, "a😀b😀", "name")).toEqual(["name", "must be at most 3 characters, got 4"]);
  });

  test("every item of a list of addresses meets each of its bounds, its enum and its pattern, not only the format", () => {
    const items = { type: "string", format: "ip", minLength: 8, maxLength: 11, pattern: "^[0-9A-Fa-f:.]+$", patternName: "an address" } as const;
    const list = { type: "array", items } as const;
    expect(checkValue(list, ["192.0.2.1", "2001:db8::1"], "ips")).toBeUndefined();
    expect(checkValue(list, ["192.0.2.1", "::1"], "ips")).toEqual(["ips[1]", "must be at least 8 characters"]);
    expect(checkValue(list, ["192.0.2.1", "2001:db8::1:2"], "ips")).toEqual(["ips[1]", "must be at most 11 characters, got 13"]);
    expect(checkValue(list, ["192.0.2.1", 7], "ips")).toEqual(["ips[1]", "must be a string, got integer"]);
    expect(checkValue(list, ["192.0.2.1", "192.0.2.01"], "ips")).toEqual(["ips[1]", 'must be an IPv4 or IPv6 address: "192.0.2.01"']);
    const listed = { type: "array", items: { ...items, enum: ["192.0.2.1"] } } as const;
    expect(checkValue(listed, ["192.0.2.1", "192.0.2.2"], "ips")).toEqual(["ips[1]", 'must be one of "192.0.2.1": "192.0.2.2"']);
    const digitsOnly = { type: "array", items: { ...items, pattern: "^[0-9.]+$" } } as const;
    expect(checkValue(digitsOnly, ["192.0.2.1", "2001:db8::1"], "ips")).toEqual(["ips[1]", 'is not an address: "2001:db8::1"']);
  });

  test("unique items compare by their JSON text: a string and a number never match, equal objects do", () => {
    const unique = { type: "array", uniqueItems: true } as const;
    expect(checkValue(unique, [1, "1", "a", { a: 1 }], "list")).toBeUndefined();
    expect(checkValue(unique, ["x", "y", "x"], "list")).toEqual(["list[2]", 'repeats an earlier item: "x"']);
    expect(checkValue(unique, [{ a: 1 }, 2, { a: 1 }], "list")).toEqual(["list[2]", 'repeats an earlier item: {"a":1}']);
  });

  test("unique items: the first repeat is found wherever it is, in lists of any length and mix", () => {
    const unique = { type: "array", uniqueItems: true } as const;
    /** The first index whose JSON text an earlier item had, by the definition. */
    const firstRepeat = (list: unknown[]): number => list.findIndex((item, i) => list.slice(0, i).some((e) => JSON.stringify(e) === JSON.stringify(item)));
    // Few distinct values, so that repeats are common; long lists, so that a table must grow.
    const item = fc.oneof(
      fc.constantFrom("a", "b", "ab", "ba", "", "192.0.2.1", "2001:db8::1", "1"),
      fc.integer({ min: 0, max: 3 }),
      fc.string({ maxLength: 3 }),
      fc.constantFrom({ a: 1 }, [1], null, true),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (list) => {
        const i = firstRepeat(list);
        const problem = checkValue(unique, list, "list");
        expect(problem?.[0]).toBe(i < 0 ? undefined : `list[${i}]`);
      }),
      { numRuns: 3000 },
    );
    // Strings that share the low 8 bits of their FNV-1a hash (the table's slot for a list of
    // 100) land on one slot: past its probe budget the check starts again with Sets.
    const fnv = (text: string): number => {
      let hash = 0x811c9dc5;
      for (let c = 0; c < text.length; c++) hash = Math.imul(hash ^ text.charCodeAt(c), 0x01000193);
      return hash & 0xff;
    };
    const colliding: string[] = [];
    for (let n = 0; colliding.length < 100; n++) if (fnv(`x${n}`) === 0) colliding.push(`x${n}`);
    expect(checkValue(unique, colliding, "list")).toBeUndefined();
    expect(checkValue(unique, [...colliding.slice(0, 99), colliding[42]], "list")?.[0]).toBe("list[99]");
    expect(checkValue(unique, [...colliding.slice(0, 60), colliding[7], ...colliding.slice(60, 99)], "list")?.[0]).toBe("list[60]");
    const distinct = Array.from({ length: 50_000 }, (_, i) => `2001:db8::${i.toString(16)}`);
    expect(checkValue(unique, distinct, "list")).toBeUndefined();
    expect(checkValue(unique, [...distinct, distinct[31_337]], "list")?.[0]).toBe("list[50000]");
  });

  test("a problem deep in a value names its whole path: keys, named properties and list positions", () => {
    const rule = {
      type: "object",
      properties: { items: { type: "array", items: { type: "object", additionalProperties: { type: "integer" } } } },
    } as const;
    expect(checkValue(rule, { items: [{ a: 1 }, { b: 2, "c d": "x" }] }, "order")).toEqual(['order.items[1]["c d"]', "must be a finite number, got string"]);
    expect(checkValue(rule, { items: [{ a: 1 }] }, "order")).toBeUndefined();
  });
});
