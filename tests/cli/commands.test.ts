/**
 * The CLI as a user runs it (here in the test's process, through its injected io) against a
 * loopback fake of the EDIS hosts, through EDIS_SESSION_URL, EDIS_RDNS_URL and EDIS_API_URL.
 * What it prints, what it sends, and its exit codes.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KVM, SIGNATURE, json } from "../../test-support/fake-edis.js";
import { ACCOUNT_PASSWORD, SCREENSHOT, cliEnv, hostFor, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { AUTH_PATH } from "../../test-support/fixtures.js";

const cli = useCliFixture();

describe("--json prints exactly the data", () => {
  it("vps list: the account's VPSs, no session secrets", async () => {
    const result = await runEdisHere(["vps", "list", "--json"], cli.env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const expected = [{ kvmId: KVM, apiHost: "123456.edisglobal.com" }];
    expect(result.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(cli.fake.to(pathOf("createAuthSession"))).toHaveLength(1);
    expect(cli.fake.to(pathOf("createAuthSession"))[0]!.form.get("kvm_id")).toBeNull();
  });

  it("auth create-session: the sessions without their signatures", async () => {
    const result = await runEdisHere(["auth", "create-session", "--json"], cli.env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual([{ kvmId: KVM, apiHost: "123456.edisglobal.com", validUntil: cli.fake.session.valid_until }]);
    expect(cli.fake.to(pathOf("createAuthSession"))[0]!.form.get("kvm_id")).toBe(KVM);
    expect(result.stdout).not.toContain(SIGNATURE);
  });

  it("ptr get: the records, from one request with the addresses as one JSON field", async () => {
    const result = await runEdisHere(["ptr", "get", "192.0.2.1", "2001:db8::1", "--json"], cli.env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual([
      { ip: "192.0.2.1", ptr_record: hostFor("192.0.2.1") },
      { ip: "2001:db8::1", ptr_record: hostFor("2001:db8::1") },
    ]);
    const [request] = cli.fake.to(pathOf("getPTR"));
    expect(request!.form.getAll("ip")).toEqual(['["192.0.2.1","2001:db8::1"]']);
    expect(request!.form.get("kvm_id")).toBe(KVM);
    expect(request!.form.get("signature")).toBe(`${SIGNATURE}-1`);
    expect(cli.fake.received).toHaveLength(2);
  });

  it("power state: the whole answer body", async () => {
    const result = await runEdisHere(["power", "state", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ status: "success", data: "server powered on", traffic_suspended: "n" });
  });

  it("info screenshot: the media type and the bytes as base64, or the image in --out", async () => {
    const asJson = await runEdisHere(["info", "screenshot", "--json"], cli.env);
    expect(asJson.code).toBe(0);
    const parsed = JSON.parse(asJson.stdout) as { mimeType: string; bytes: string };
    expect(parsed.mimeType).toMatch(/^image\/jp/u);
    expect(Buffer.from(parsed.bytes, "base64")).toEqual(Buffer.from(SCREENSHOT));

    const file = join(cli.temp.dir, "console.jpg");
    const saved = await runEdisHere(["info", "screenshot", "--out", file], cli.env);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toBe(`Saved ${parsed.mimeType} (${SCREENSHOT.length} bytes) to ${file}\n`);
    expect(new Uint8Array(readFileSync(file))).toEqual(SCREENSHOT);
  });
});

describe("plain output when stdout is not a terminal", () => {
  it("prints an object as aligned key/value lines", async () => {
    const result = await runEdisHere(["power", "state"], cli.env);
    expect(result).toEqual({ code: 0, stderr: "", stdout: "status:             success\ndata:               server powered on\ntraffic_suspended:  n\n" });
  });

  it("prints records as columns with a header", async () => {
    const result = await runEdisHere(["ptr", "get", "192.0.2.1"], cli.env);
    expect(result.stdout).toBe(`ip         ptr_record\n192.0.2.1  ${hostFor("192.0.2.1")}\n`);
  });

  it("escapes control characters from the server instead of passing them to the terminal", async () => {
    cli.fake.replies = [json(200, { status: "success", data: "on\u001b[2J\nnext" })];
    const result = await runEdisHere(["power", "state"], cli.env);
    expect(result.stdout).toContain("on\\u001b[2J\\nnext");
    expect(result.stdout).not.toContain("\u001b");
  });
});

describe("generated commands send their flags as the spec's fields", () => {
  it("parses integers as numbers", async () => {
    const result = await runEdisHere(["traffic-pool", "assign", "--traffic", "10", "--yes", "--json"], cli.env);
    expect(result).toEqual({ code: 0, stdout: "10\n", stderr: "" });
    expect(cli.fake.to(pathOf("assignTrafficFromPool"))[0]!.form.get("traffic")).toBe("10");
  });

  it("sends a JSON flag as one JSON form field, from the flag or from @file", async () => {
    const first = await runEdisHere(["settings", "set", "--config", '{"uefi":"enabled","boot_timeout":"10000"}', "--yes"], cli.env);
    expect(first.code).toBe(0);
    const file = join(cli.temp.dir, "settings.json");
    await import("node:fs").then((fs) => fs.writeFileSync(file, '{"uefi":"disabled"}'));
    const second = await runEdisHere(["settings", "set", "--config", `@${file}`, "--yes"], cli.env);
    expect(second.code).toBe(0);
    expect(cli.fake.to(pathOf("setKvmConfiguration")).map((r) => r.form.getAll("config"))).toEqual([
      ['{"uefi":"enabled","boot_timeout":"10000"}'],
      ['{"uefi":"disabled"}'],
    ]);
  });

  it("sends enum flags and lets the client fill defaults", async () => {
    const result = await runEdisHere(
      ["hooks", "set", "--callback-method", "post", "--trigger-value", "80", "--callback-url", "https://example.com/hook", "--yes"],
      cli.env,
    );
    expect(result).toEqual({ code: 0, stdout: "7\n", stderr: "" });
    const form = cli.fake.to(pathOf("setKvmHooks"))[0]!.form;
    expect(Object.fromEntries([...form].filter(([k]) => !["signature", "valid_until"].includes(k)))).toEqual({
      kvm_id: KVM,
      callback_method: "post",
      trigger_value: "80",
      callback_url: "https://example.com/hook",
      type: "traffic",
    });
  });

  it("a value outside an enum is a usage error (exit 2) and sends nothing", async () => {
    const result = await runEdisHere(["vnc", "set-keyboard", "--keyboard", "xx", "--yes"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^edis: option '--keyboard <keyboard>' argument 'xx' is invalid\. Allowed choices are en-us, de, sv, fr, it\./u);
    expect(cli.fake.received).toHaveLength(0);
  });

  it("a --kvm of the wrong form is refused with the form of a VPS id (exit 2), nothing sent", async () => {
    const result = await runEdisHere(["--kvm", "kvm_1", "power", "state"], cli.env);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: 'edis: getPowerState: kvmId is not a valid VPS id (kvm_ and two groups of digits, like kvm_123456_789012): "kvm_1"\n',
    });
    expect(cli.fake.received).toHaveLength(0);
  });
});

describe("exit codes and error lines", () => {
  it("exit 1 and one line on stderr for an API error, nothing on stdout", async () => {
    cli.fake.replies = [json(400, { status: "error", error: "Required field 'kvm_id' is missing." })];
    const result = await runEdisHere(["power", "state"], cli.env);
    expect(result).toEqual({ code: 1, stdout: "", stderr: "edis: getPowerState failed: 400 Required field 'kvm_id' is missing.\n" });
  });

  it("--verbose adds the class, operation, status and the redacted request", async () => {
    cli.fake.replies = [json(400, { status: "error", error: "Required field 'kvm_id' is missing." })];
    const result = await runEdisHere(["power", "state", "--verbose"], cli.env);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "edis: getPowerState failed: 400 Required field 'kvm_id' is missing.",
      "  error: EdisApiError",
      "  operation: getPowerState",
      "  status: 400",
    ]);
    expect(result.stderr).toContain(`  request: POST ${cli.fake.url}${pathOf("getPowerState")}`);
    expect(result.stderr).toContain("signature=%5BREDACTED%5D");
    expect(result.stderr).not.toContain(SIGNATURE);
    expect(result.stderr).not.toMatch(/\n\s+at /u);
  });

  it("exit 1 for wrong credentials, with the server's words and without the password", async () => {
    cli.fake.authReply = json(401, { error: "Unauthorized", code: 401, message: "Invalid WHMCS credentials. Please provide correct credentials." });
    const result = await runEdisHere(["power", "state", "--verbose"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe(
      "edis: createAuthSession failed: 401 Unauthorized: Invalid WHMCS credentials. Please provide correct credentials.",
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain(ACCOUNT_PASSWORD);
    expect(`${result.stdout}${result.stderr}`).not.toContain(encodeURIComponent(ACCOUNT_PASSWORD));
  });

  it("escapes control characters of the server's words in the error line, so an answer cannot forge or erase lines", async () => {
    cli.fake.replies = [json(500, { status: "error", error: "boom\u001b[2J\r\nedis: forged \u009b31m" })];
    const result = await runEdisHere(["power", "state", "--retries", "0", "--verbose"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe("edis: getPowerState failed: 500 boom\\u001b[2J\\r\\nedis: forged \\u009b31m");
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
  });

  it("exit 1 for a network error", async () => {
    await cli.fake.close();
    const result = await runEdisHere(["power", "state"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^edis: createAuthSession failed: network error \(ECONNREFUSED\)\n$/u);
  });

  it("exit 2 for input the spec does not allow, before anything is sent", async () => {
    const result = await runEdisHere(["ptr", "get", "192.0.2.1", "not-an-address"], cli.env);
    expect(result).toEqual({ code: 2, stdout: "", stderr: 'edis: getPTR: ips[1] must be an IPv4 or IPv6 address: "not-an-address"\n' });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("exit 2 when credentials are missing and there is no terminal to ask on", async () => {
    const result = await runEdisHere(["power", "state"], cliEnv(cli.fake, cli.temp.dir, { EDIS_KVM_ID: KVM, EDIS_PASSWORD: undefined }));
    expect(result).toEqual({ code: 2, stdout: "", stderr: "edis: set EDIS_PASSWORD, or run edis in a terminal to be asked for it\n" });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("needs no password while the cached session is valid", async () => {
    expect((await runEdisHere(["power", "state", "--json"], cliEnv(cli.fake, cli.temp.dir, { EDIS_KVM_ID: KVM }))).code).toBe(0);
    const second = await runEdisHere(["power", "state", "--json"], cliEnv(cli.fake, cli.temp.dir, { EDIS_KVM_ID: KVM, EDIS_PASSWORD: undefined }));
    expect(second.code).toBe(0);
    expect(cli.fake.to(AUTH_PATH)).toHaveLength(1);
    expect(cli.fake.to("/kvm/v2/get/power")).toHaveLength(2);
  });

  it("exit 2 for a host override that is not a URL, without echoing it", async () => {
    const result = await runEdisHere(["power", "state"], { ...cli.env, EDIS_API_URL: "not a url secret-ish" });
    expect(result).toEqual({ code: 2, stdout: "", stderr: "edis: EDIS_API_URL must be an absolute http(s) URL\n" });
  });
});

describe("the VPS", () => {
  it("--kvm wins over EDIS_KVM_ID", async () => {
    const other = "kvm_999_888";
    const result = await runEdisHere(["--kvm", other, "power", "state", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(cli.fake.to(pathOf("getPowerState"))[0]!.form.get("kvm_id")).toBe(other);
  });

  it("is the account's only VPS without --kvm, and the next command knows it without an auth", async () => {
    const noKvm = cliEnv(cli.fake, cli.temp.dir);
    expect((await runEdisHere(["power", "state", "--json"], noKvm)).code).toBe(0);
    expect((await runEdisHere(["power", "state", "--json"], noKvm)).code).toBe(0);
    expect(cli.fake.to(pathOf("createAuthSession"))).toHaveLength(1);
    expect(cli.fake.to(pathOf("getPowerState")).map((r) => r.form.get("kvm_id"))).toEqual([KVM, KVM]);
  });

  it("must be chosen when the account has several (exit 2)", async () => {
    const session = { api_host: "1.edisglobal.com", valid_until: Math.floor(Date.now() / 1000) + 3600 };
    cli.fake.authReply = json(200, {
      status: "success",
      data: {
        kvm_1_1: { kvm_id: "kvm_1_1", signature: "s1", ...session },
        kvm_2_2: { kvm_id: "kvm_2_2", signature: "s2", ...session },
      },
    });
    const result = await runEdisHere(["power", "state"], cliEnv(cli.fake, cli.temp.dir));
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "edis: the account has 2 VPSs (kvm_1_1, kvm_2_2): choose one with --kvm <id> or EDIS_KVM_ID\n",
    });
    expect(cli.fake.to(pathOf("getPowerState"))).toHaveLength(0);
  });
});

it("logout needs no credentials and leaves nothing in the cache directory", async () => {
  expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
  const result = await runEdisHere(["logout", "--json"], cliEnv(undefined, cli.temp.dir, { EDIS_EMAIL: undefined, EDIS_PASSWORD: undefined }));
  expect(result).toEqual({ code: 0, stdout: `${JSON.stringify({ removed: 1 }, null, 2)}\n`, stderr: "" });
  expect(existsSync(cli.temp.dir) ? (await import("node:fs")).readdirSync(cli.temp.dir) : []).toEqual([]);
});
