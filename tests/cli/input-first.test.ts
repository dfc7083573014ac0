/**
 * The command line is checked before anything is asked or sent: a mistyped address, host name,
 * `--kvm` or flag value is reported (exit 2, the library's own validation message) before the
 * credentials are asked for, before the VPS is looked up, and before a confirmation prompt.
 */
import { describe, expect, it } from "vitest";
import { useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { HAS_PTY, runEdisOnTerminal } from "../../test-support/cli-process.js";

const cli = useCliFixture();

/** The fixture's environment without some of its variables. */
function without(...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(cli.env).filter(([name]) => !names.includes(name)));
}

describe("input is checked first", () => {
  it("a mistyped address, with the VPS still to be found: exit 2, the reason, not one request (no auth either)", async () => {
    const result = await runEdisHere(["ptr", "get", "192.0.2.1", "192.0.2.300"], without("EDIS_KVM_ID"));
    expect(result).toEqual({ code: 2, stdout: "", stderr: 'edis: getPTR: ips[1] must be an IPv4 or IPv6 address: "192.0.2.300"\n' });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("a mistyped flag value of a generated command, with the VPS still to be found: not one request", async () => {
    const result = await runEdisHere(["install", "mount-iso", "--iso", "../rescue.iso", "--yes"], without("EDIS_KVM_ID"));
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: 'edis: mountISO: iso is not a bare file name (no path separators, no .., no dot at either end, no control characters): "../rescue.iso"\n',
    });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("a mistyped host name of a record, with the VPS still to be found: not one request", async () => {
    const result = await runEdisHere(["ptr", "set", "192.0.2.1=mail_server.example.com", "--yes"], without("EDIS_KVM_ID"));
    expect(result).toEqual({ code: 2, stdout: "", stderr: 'edis: setPTR: records["192.0.2.1"] is not a valid host name: "mail_server.example.com"\n' });
    expect(cli.fake.received).toHaveLength(0);
  });
});

// A prompt that came first would wait for an answer until runEdisOnTerminal ends the dialogue
// (after 10 s); the timeout lets that show as a failed expectation on the screen, not a timeout.
describe.runIf(HAS_PTY)("input is checked before a prompt at a terminal", { timeout: 30_000 }, () => {
  it("a mistyped --kvm: reported before the email and password are asked for", async () => {
    const result = await runEdisOnTerminal(["--kvm", "kvm_123456", "power", "state"], without("EDIS_EMAIL", "EDIS_PASSWORD", "EDIS_KVM_ID"), []);
    expect(result.screen).not.toMatch(/email|password/iu);
    expect(result.screen).toContain('edis: getPowerState: kvmId is not a valid VPS id (kvm_ and two groups of digits, like kvm_123456_789012): "kvm_123456"');
    expect(result.code).toBe(2);
    expect(cli.fake.received).toHaveLength(0);
  });

  it("a mistyped host name: reported before the confirmation prompt", async () => {
    const result = await runEdisOnTerminal(["ptr", "set", "192.0.2.1=mail_server.example.com"], cli.env, []);
    expect(result.screen).not.toContain("Continue?");
    expect(result.screen).toContain('edis: setPTR: records["192.0.2.1"] is not a valid host name: "mail_server.example.com"');
    expect(result.code).toBe(2);
    expect(cli.fake.received).toHaveLength(0);
  });

  it("a mistyped image: reported before the confirmation and the new root password prompts", async () => {
    const result = await runEdisOnTerminal(["install", "reinstall", "--image", "images/debian"], cli.env, []);
    expect(result.screen).not.toMatch(/Continue\?|New root password/u);
    expect(result.screen).toContain("edis: reinstallVPS: image is not a bare image name");
    expect(result.code).toBe(2);
    expect(cli.fake.received).toHaveLength(0);
  });
});
