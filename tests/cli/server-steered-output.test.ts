/**
 * What a hostile answer cannot do to the terminal it is printed on: in every output mode that
 * can land on one, no control or format character of the server's (ESC, C1 such as the 8-bit
 * CSI U+009B, CR, LF inside a CSV field, the bidi override U+202E) reaches it raw, and the
 * machine formats stay exact; a VPS id the server chose is checked before it is used as one.
 */
import { describe, expect, it } from "vitest";
import { KVM, json } from "../../test-support/fake-edis.js";
import { cliEnv, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const cli = useCliFixture();

/** Every character a terminal must not get raw (tab and the LF ending a line aside). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

const HOSTILE = "on\u009b2K\u009dx\u009c \u202eevil\u202c\u001b]52;c;aGk=\u0007\r\u001b[2Kforged";

describe("a server-chosen VPS id is checked before it is used", () => {
  it("an auth answer whose only kvm_id carries OSC 52 and a line erase is refused before the prompt: nothing sent, nothing raw", async () => {
    const hostile = "kvm_1_2\u001b]52;c;cm0gLXJmIH4=\u0007\r\u001b[2KPower on kvm_9_9?";
    cli.fake.authReply = json(200, {
      status: "success",
      data: { [hostile]: { kvm_id: hostile, signature: "sig-1", api_host: "123456.edisglobal.com", valid_until: cli.fake.session.valid_until } },
    });
    const result = await runEdisHere(["power", "on"], cliEnv(cli.fake, cli.cacheDir), { askable: true, input: "y\n" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/kvm_id that is not a valid VPS id/u);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stderr).not.toContain("Power on kvm_1_2");
    expect(cli.fake.to(pathOf("powerOnVPS"))).toHaveLength(0);
  });

  it("the account's only VPS, valid, is asked about and then sent to", async () => {
    const result = await runEdisHere(["power", "on"], cliEnv(cli.fake, cli.cacheDir), { askable: true, input: "y\n" });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(KVM);
    expect(cli.fake.to(pathOf("powerOnVPS"))).toHaveLength(1);
  });
});

describe("every output mode that can reach a terminal", () => {
  it("--json: C1 controls, bidi overrides and the separators as \\u escapes; the same data back", async () => {
    const data = `${HOSTILE}\u2028\u2029\u007f`;
    cli.fake.replies = [json(200, { status: "success", data, traffic_suspended: "n" })];
    const result = await runEdisHere(["power", "state", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain("\\u009b");
    expect(result.stdout).toContain("\\u202e");
    expect(JSON.parse(result.stdout)).toEqual({ status: "success", data, traffic_suspended: "n" });
  });

  it("a table on a terminal and in a pipe: bidi overrides and C1 escaped", async () => {
    cli.fake.replies = [json(200, { status: "success", data: HOSTILE, traffic_suspended: "n" })];
    for (const options of [{}, { terminal: { columns: 80 } }]) {
      const result = await runEdisHere(["power", "state"], cli.env, options);
      expect(result.code).toBe(0);
      // Bold (SGR 1 and 22) is edis's own; nothing else of the kind.
      expect(result.stdout.replace(/\u001b\[(?:1|22)m/gu, "")).not.toMatch(RAW_CONTROL);
      expect(result.stdout).toContain("\\u202eevil");
    }
  });

  it("-o csv on a terminal shows CR and LF inside a field as \\r and \\n; into a pipe the quoted field keeps them (RFC 4180)", async () => {
    const data = "line one\r\nforged,row";
    cli.fake.replies = [json(200, { status: "success", data, traffic_suspended: "n" })];
    const shown = await runEdisHere(["power", "state", "-o", "csv", "--fields", "data", "--no-header"], cli.env, { terminal: { columns: 80 } });
    expect(shown.stdout).toBe('"line one\\r\\nforged,row"\r\n');
    const piped = await runEdisHere(["power", "state", "-o", "csv", "--fields", "data", "--no-header"], cli.env);
    expect(piped.stdout).toBe(`"${data}"\r\n`);
  });

  it("-o csv: bidi overrides and C1 escaped in a file too (a spreadsheet shows them as well)", async () => {
    cli.fake.replies = [json(200, { status: "success", data: HOSTILE, traffic_suspended: "n" })];
    const result = await runEdisHere(["power", "state", "-o", "csv", "--fields", "data", "--no-header"], cli.env);
    expect(result.stdout.replace(/\r\n$/u, "").replace(/\r/gu, "")).not.toMatch(RAW_CONTROL);
  });

  it("context create: an email with an ESC sequence is refused as not an email, nothing raw", async () => {
    const result = await runEdisHere(["context", "create", "work", "--email", "a\u001b[2J@example.com"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/must be an email address/u);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe("auth create-session on a far-future valid_until", () => {
  it("prints the session on a terminal instead of failing on the date (9007199254740991)", async () => {
    cli.fake.session = { ...cli.fake.session, valid_until: Number.MAX_SAFE_INTEGER };
    const result = await runEdisHere(["auth", "create-session"], cli.env, { terminal: { columns: 100 } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("9007199254740991");
  });
});

describe("credentials in a URL are shown nowhere", () => {
  const url = "https://hookuser:hook-pw-5f2a@example.com/hook";
  const args = ["hooks", "set", "--callback-method", "post", "--trigger-value", "80", "--callback-url", url];

  it("--debug, --verbose and a server echoing the URL: the userinfo as [REDACTED], the URL still sent whole", async () => {
    cli.fake.replies = [json(400, { status: "error", error: `callback ${url} unreachable` })];
    const result = await runEdisHere(["--debug", "--verbose", ...args, "--yes"], cli.env);
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).not.toContain("hook-pw-5f2a");
    expect(result.stderr).toContain("[REDACTED]@example.com");
    expect(cli.fake.to(pathOf("setKvmHooks"))[0]!.form.get("callback_url")).toBe(url);
  });

  it("--dry-run and the confirmation on a terminal", async () => {
    const dry = await runEdisHere([...args, "--dry-run"], cli.env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).not.toContain("hook-pw-5f2a");
    expect(dry.stdout).toMatch(/^callback_url: +https:\/\/\[REDACTED\]@example\.com\/hook$/mu);
    const asked = await runEdisHere(args, cli.env, { askable: true, input: "n\n" });
    expect(asked.code).toBe(2);
    expect(asked.stderr).not.toContain("hook-pw-5f2a");
  });

  it("a host override with credentials in it is refused without showing them", async () => {
    const env = { ...cli.env, EDIS_API_URL: cli.fake.url.replace("http://", "http://apiuser:api-pw-77c1@") };
    const result = await runEdisHere(["--debug", "power", "state"], env);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "edis: hosts.api option must be a plain base URL\n" });
  });
});
