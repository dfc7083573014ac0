/**
 * A context's password command (`--password-command`), run by the shell when EDIS_PASSWORD is
 * not set: the first line of its stdout is the password the auth call sends; it sees
 * EDIS_CONTEXT and EDIS_EMAIL; EDIS_PASSWORD wins without running it; a failing, silent or
 * slow command is exit 2 naming the context, never its output; `context list` never shows it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useContextsFixture } from "../../test-support/cli-contexts.js";
import { ACCOUNT_PASSWORD } from "../../test-support/cli-fixture.js";
import { AUTH_PATH } from "../../test-support/fixtures.js";

const t = useContextsFixture();
// The shell commands below are POSIX sh; Windows runs them with cmd.exe.
const posix = process.platform !== "win32";
const HELPER = `test "$EDIS_CONTEXT" = work && test "$EDIS_EMAIL" = ops@example.com && printf '%s\\nsecond line\\n' "$TEST_VAULT_PW"`;

async function create(command: string): Promise<void> {
  const created = await t.edis(["context", "create", "work", "--email", "ops@example.com", "--password-command", command]);
  expect(created.code).toBe(0);
}

const sentPasswords = () =>
  t
    .fake()
    .to(AUTH_PATH)
    .map((r) => r.form.get("pw"));

describe.runIf(posix)("a context's password command", () => {
  it("gives the auth call the first line it prints, and the password appears nowhere, --debug included", async () => {
    await create(HELPER);
    const result = await t.edis(["power", "state", "--kvm", "kvm_123456_789012", "--debug"], { EDIS_PASSWORD: undefined, TEST_VAULT_PW: ACCOUNT_PASSWORD });
    expect(result.code).toBe(0);
    expect(sentPasswords()).toEqual([ACCOUNT_PASSWORD]);
    expect(result.stdout + result.stderr).not.toContain(ACCOUNT_PASSWORD);
    const list = await t.edis(["context", "list", "-o", "json"]);
    expect(JSON.parse(list.stdout)).toEqual([{ name: "work", email: "ops@example.com", kvm: null, password: "command", current: true }]);
    expect(list.stdout).not.toContain("TEST_VAULT_PW");
    expect((await t.edis(["context", "list"])).stdout).toMatch(/password\n.*command\n$/su);
  });

  it("is not run when EDIS_PASSWORD is set", async () => {
    const marker = join(t.configDir(), "..", "ran");
    await create(`touch '${marker}'; exit 1`);
    const result = await t.edis(["power", "state", "--kvm", "kvm_123456_789012"], { EDIS_PASSWORD: ACCOUNT_PASSWORD });
    expect(result.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it("failing: exit 2 naming the context and the status, not what it printed; nothing sent", async () => {
    await create(`printf '%s\\n' "$TEST_VAULT_PW"; exit 3`);
    const result = await t.edis(["power", "state", "--kvm", "kvm_123456_789012"], { EDIS_PASSWORD: undefined, TEST_VAULT_PW: ACCOUNT_PASSWORD });
    expect(result).toEqual({ code: 2, stdout: "", stderr: 'edis: the password command of context "work" failed with exit status 3; nothing was sent\n' });
    expect(t.fake().to(AUTH_PATH)).toHaveLength(0);
  });

  it("its stderr reaches the user (a vault's complaint), escaped by the terminal rule", async () => {
    await create(`printf 'vault locked\\033]52;c;x\\a\\n' >&2; exit 1`);
    const result = await t.edis(["power", "state", "--kvm", "kvm_123456_789012"], { EDIS_PASSWORD: undefined });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("vault locked\\u001b]52;c;x\\u0007\n");
    expect(result.stderr).not.toContain("\u001b");
  });

  it("an empty first line is no password: exit 2", async () => {
    await create(`printf '\\n%s\\n' "$TEST_VAULT_PW"`);
    const result = await t.edis(["power", "state", "--kvm", "kvm_123456_789012"], { EDIS_PASSWORD: undefined, TEST_VAULT_PW: ACCOUNT_PASSWORD });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('edis: the password command of context "work" printed no password (its first line is empty); nothing was sent\n');
  });

  it("one that runs too long is ended after EDIS_PASSWORD_COMMAND_TIMEOUT: exit 2", async () => {
    await create("sleep 30");
    const result = await t.edis(["power", "state", "--kvm", "kvm_123456_789012"], { EDIS_PASSWORD: undefined, EDIS_PASSWORD_COMMAND_TIMEOUT: "300ms" });
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: 'edis: the password command of context "work" did not finish within 300 ms (EDIS_PASSWORD_COMMAND_TIMEOUT); nothing was sent\n',
    });
  });

  it("an empty --password-command is refused", async () => {
    const result = await t.edis(["context", "create", "work", "--email", "ops@example.com", "--password-command", " "]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "edis: --password-command is empty\n" });
  });
});
