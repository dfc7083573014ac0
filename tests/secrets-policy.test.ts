/**
 * The secrets policy of src/safety/redact.ts, in-process: which names and fields are secret, which
 * values of an answer are, how a value is quoted beside its name, and the output paths that
 * now ask it instead of deciding on their own (validation messages, the CLI's confirmation,
 * the simulator's record of requests).
 */
import { createEdisSimulator } from "edis-global/testing";
import { describe, expect, test } from "vitest";
import { type OperationSpec, operationTable } from "../generated/operations.js";
import { describeFields } from "../src/cli/output/request-preview.js";
import { EdisValidationError } from "../src/errors.js";
import {
  REDACTED,
  isSecretField,
  isSecretName,
  quotable,
  redactSecretMembers,
  redactUserinfo,
  secretMembersOf,
  secretsOf,
  userinfoOf,
} from "../src/safety/redact.js";
import { checkValue, validateParams } from "../src/request/validate.js";

const ops: OperationSpec[] = Object.values(operationTable);

describe("isSecretName", () => {
  test("every wire name a field of some operation marks secret, and no other", () => {
    const secret = new Set(ops.flatMap((op) => op.fields.filter((f) => f.secret).map((f) => f.wire)));
    expect([...secret].sort()).toEqual(["callback_pw", "cloudinit_user_data", "password", "pw", "signature", "vnc_pw"]);
    for (const name of secret) expect(isSecretName(name)).toBe(true);
    for (const name of ["email", "kvm_id", "ip", "api_host", "valid_until", "signatures", "pw2", "", "PW"]) expect(isSecretName(name)).toBe(false);
  });
});

describe("isSecretField", () => {
  test("follows the spec's mark", () => {
    const auth = operationTable.createAuthSession;
    expect(auth.fields.filter(isSecretField).map((f) => f.wire)).toEqual(["pw"]);
  });
});

describe("secretMembersOf", () => {
  test("the session signatures of an auth answer, however deep, and nothing else", () => {
    const answer = {
      status: "success",
      data: {
        "kvm-1": { kvm_id: "kvm-1", signature: "sig-one", api_host: "h", valid_until: 1 },
        "kvm-2": { kvm_id: "kvm-2", signature: "sig-two", nested: [{ pw: "deep" }] },
      },
    };
    expect(secretMembersOf(answer)).toEqual(["sig-one", "sig-two", "deep"]);
  });

  test("a secret name with a value that is not a non-empty string hides nothing; text and non-objects have no members", () => {
    expect(secretMembersOf({ signature: "", pw: 3, password: null, vnc_pw: { v: "x" } })).toEqual([]);
    expect(secretMembersOf("signature")).toEqual([]);
    expect(secretMembersOf(null)).toEqual([]);
    expect(secretMembersOf(undefined)).toEqual([]);
  });

  test("stops 16 levels down instead of walking a hostile answer without end", () => {
    let deep: Record<string, unknown> = { signature: "bottom" };
    for (let i = 0; i < 16; i++) deep = { a: deep };
    expect(secretMembersOf(deep)).toEqual(["bottom"]);
    expect(secretMembersOf({ a: deep })).toEqual([]);
  });
});

describe("quotable", () => {
  test("a secret is left out; anything else is quoted with the userinfo of its URLs redacted", () => {
    expect(quotable("hunter2", true)).toBeUndefined();
    expect(quotable("", true)).toBeUndefined();
    expect(quotable("plain text", false)).toBe("plain text");
    expect(quotable('"https://user:pass@example.com/x"', false)).toBe(`"https://${REDACTED}@example.com/x"`);
  });
});

describe("validation messages ask the policy", () => {
  const uriRule = { type: "string", enum: ["https://example.com/"] } as const;

  test("a rejected URL is quoted without its userinfo", () => {
    const problem = checkValue(uriRule, "https://admin:s3cret@example.net/", "callbackUrl");
    expect(problem).toEqual(["callbackUrl", `must be one of "https://example.com/": "https://${REDACTED}@example.net/"`]);
    expect(problem?.[1]).not.toContain("s3cret");
  });

  test("a rejected secret is not quoted at all", () => {
    expect(checkValue({ type: "string", pattern: "^a+$" }, "hunter2", "pw", true)).toEqual(["pw", "is not in the expected form"]);
  });

  test("through validateParams: the operation's secret field is named, its value is not", () => {
    const op = operationTable.enableVnc;
    const vnc = op.fields.find((f) => f.secret)!;
    let caught: unknown;
    try {
      validateParams(op, { [vnc.param]: "x".repeat(10_000) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EdisValidationError);
    expect((caught as Error).message).not.toContain("xxxx");
  });
});

describe("the CLI's confirmation asks the policy", () => {
  test("a secret field is left out, a URL's userinfo is redacted", () => {
    const op = operationTable.setKvmHooks;
    const wire = { callback_url: "https://u:p4ss@hooks.example/", callback_pw: "hunter2" };
    const lines = describeFields(op, wire).join("\n");
    expect(lines).toContain(`https://${REDACTED}@hooks.example/`);
    expect(lines).not.toContain("p4ss");
    expect(lines).not.toContain("hunter2");
    expect(lines).not.toContain("callback_pw");
  });
});

describe("the simulator's record of requests asks the policy", () => {
  test("a field no operation of that path has is still redacted when its name is a secret one (cloud-init user data too)", async () => {
    const sim = createEdisSimulator();
    await sim.fetch(`${sim.clientOptions.hosts.session}/kvm/v2/get/auth`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: sim.account.email, pw: sim.account.password, cloudinit_user_data: "#cloud-config secret", note: "kept" }).toString(),
    });
    const [request] = sim.requests;
    expect(request?.form).toMatchObject({ email: sim.account.email, pw: REDACTED, cloudinit_user_data: REDACTED, note: "kept" });
  });
});

describe("the userinfo of a URL", () => {
  test("userinfoOf: every URL's userinfo, an empty one left out", () => {
    expect(userinfoOf("see https://u:p@a.example/ and ftp://@b.example/ and http://tok@c.example")).toEqual(["u:p", "tok"]);
    expect(userinfoOf("no URL here, a@b.example")).toEqual([]);
  });

  test("redactUserinfo: an empty userinfo is left as it is", () => {
    expect(redactUserinfo("http://@h.example/ https://u:p@h.example/")).toBe(`http://@h.example/ https://${REDACTED}@h.example/`);
  });

  test("secretsOf: the userinfo in a plain text field or a JSON field counts; a number holds none", () => {
    const op: OperationSpec = {
      ...operationTable.createAuthSession,
      fields: [
        { wire: "url", param: "url", json: false, secret: false, required: false, rule: { type: "string" } },
        { wire: "list", param: "list", json: true, secret: false, required: false, rule: { type: "array" } },
        { wire: "n", param: "n", json: false, secret: false, required: false, rule: { type: "integer" } },
      ],
    };
    expect(secretsOf(op, { url: "https://a:b@h.example/" })).toEqual(["a:b"]);
    expect(secretsOf(op, { list: ["https://c:d@h.example/"] })).toEqual(["c:d"]);
    expect(secretsOf(op, { n: 3 })).toEqual([]);
  });
});

describe("redactSecretMembers", () => {
  test("every secret member's string value, escapes and all, and one cut short; other members stay", () => {
    const text = '{"signature":"abc","kvm_id":"k","data":{"pw" : "q\\"r","password":"s"},"note":"signature"}';
    expect(redactSecretMembers(text)).toBe(`{"signature":"${REDACTED}","kvm_id":"k","data":{"pw":"${REDACTED}","password":"${REDACTED}"},"note":"signature"}`);
    expect(redactSecretMembers('{"a":1,"signature":"abc')).toBe(`{"a":1,"signature":"${REDACTED}"`);
    expect(redactSecretMembers('{"a":"b"}')).toBe('{"a":"b"}');
  });
});
