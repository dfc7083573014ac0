/**
 * `edis context create|use|list|current|delete`: what each prints and the configuration file they
 * keep (its exact content, mode 0600 in a directory of mode 0700, never a password).
 * Their refusals are in contexts-refusals.test.ts.
 */
import { chmodSync, lstatSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useContextsFixture } from "../../test-support/cli-contexts.js";
import { ACCOUNT_PASSWORD, EMAIL } from "../../test-support/cli-fixture.js";
import { KVM } from "../../test-support/fake-edis.js";

const t = useContextsFixture();
const posix = process.platform !== "win32";
const file = () => join(t.configDir(), "config.json");
const stored = () => JSON.parse(readFileSync(file(), "utf8")) as unknown;

describe("edis context", () => {
  it("creates, uses, lists, shows and deletes contexts", async () => {
    expect(await t.edis(["context", "list"])).toEqual({
      code: 0,
      stdout: "No contexts; create one with: edis context create <name> --email <address>\n",
      stderr: "",
    });
    expect(await t.edis(["context", "create", "work", "--email", "ops@example.com"])).toEqual({
      code: 0,
      stdout: 'Created context "work" (ops@example.com); it is in use now.\n',
      stderr: "",
    });
    expect((await t.edis(["context", "create", "lab", "--email", "lab@example.com", "--kvm", KVM])).stdout).toBe(
      `Created context "lab" (lab@example.com, ${KVM}).\n`,
    );
    expect((await t.edis(["context", "list"])).stdout).toBe(
      ["current  name  email            kvm", `         lab   lab@example.com  ${KVM}`, "*        work  ops@example.com", ""].join("\n"),
    );
    expect(JSON.parse((await t.edis(["context", "list", "-o", "json"])).stdout)).toEqual([
      { name: "lab", email: "lab@example.com", kvm: KVM, password: null, current: false },
      { name: "work", email: "ops@example.com", kvm: null, password: null, current: true },
    ]);
    expect(await t.edis(["context", "current"])).toEqual({ code: 0, stdout: "work\n", stderr: "" });
    expect((await t.edis(["context", "use", "lab"])).stdout).toBe(`Using context "lab" (lab@example.com, ${KVM}).\n`);
    expect(JSON.parse((await t.edis(["context", "current", "--json"])).stdout)).toEqual({
      name: "lab",
      email: "lab@example.com",
      kvm: KVM,
      source: "edis context use",
    });
    expect(stored()).toEqual({ current: "lab", contexts: { work: { email: "ops@example.com" }, lab: { email: "lab@example.com", kvm: KVM } } });

    // Deleting the context in use is allowed: then none is.
    expect((await t.edis(["context", "delete", "lab"])).stdout).toBe(`Deleted context "lab" (lab@example.com, ${KVM}); no context is in use now.\n`);
    expect(await t.edis(["context", "current"])).toEqual({
      code: 0,
      stdout: "",
      stderr: "edis: no context is in use; edis reads EDIS_EMAIL and EDIS_KVM_ID\n",
    });
    expect((await t.edis(["context", "current", "-o", "json"])).stdout).toBe("null\n");
    expect(stored()).toEqual({ contexts: { work: { email: "ops@example.com" } } });
    expect((await t.edis(["context", "delete", "work"])).stdout).toBe('Deleted context "work" (ops@example.com).\n');
    expect(stored()).toEqual({ contexts: {} });
    expect(t.fake().received).toEqual([]);
  });

  it("makes a context the one in use with --use, and keeps the one in use otherwise", async () => {
    await t.edis(["context", "create", "a", "--email", "a@example.com"]);
    await t.edis(["context", "create", "b", "--email", "b@example.com"]);
    expect((await t.edis(["context", "current"])).stdout).toBe("a\n");
    expect((await t.edis(["context", "create", "c", "--email", "c@example.com", "--use"])).stdout).toBe(
      'Created context "c" (c@example.com); it is in use now.\n',
    );
    expect((await t.edis(["context", "current"])).stdout).toBe("c\n");
    await t.edis(["context", "delete", "b"]);
    expect((await t.edis(["context", "current"])).stdout).toBe("c\n");
  });

  it("uses no context after edis context unset, and keeps the contexts", async () => {
    await t.edis(["context", "create", "a", "--email", "a@example.com"]);
    expect(await t.edis(["context", "unset"])).toEqual({ code: 0, stdout: 'No context is in use now (was "a").\n', stderr: "" });
    expect(stored()).toEqual({ contexts: { a: { email: "a@example.com" } } });
    expect((await t.edis(["context", "current"])).stdout).toBe("");
    expect((await t.edis(["context", "unset"])).stdout).toBe("No context was in use.\n");
    // With no context in use, a command needs EDIS_EMAIL again.
    expect(await t.edis(["power", "state"], { EDIS_KVM_ID: KVM })).toEqual({
      code: 2,
      stdout: "",
      stderr: "edis: set EDIS_EMAIL and EDIS_PASSWORD, or run edis in a terminal to be asked for them\n",
    });
    expect((await t.edis(["--context", "a", "context", "current"])).stdout).toBe("a\n");
  });

  it("takes names in any case and keeps them in lower case", async () => {
    expect((await t.edis(["context", "create", "Work_1", "--email", "ops@example.com"])).code).toBe(0);
    expect(stored()).toEqual({ current: "work_1", contexts: { work_1: { email: "ops@example.com" } } });
    expect((await t.edis(["--context", "WORK_1", "context", "current"])).stdout).toBe("work_1\n");
    expect((await t.edis(["context", "create", "work_1", "--email", "x@example.com"])).code).toBe(2);
  });

  it.runIf(posix)("keeps a file of mode 0600 in a directory of mode 0700, replaced whole, with no password in it", async () => {
    await t.edis(["context", "create", "work", "--email", EMAIL, "--kvm", KVM]);
    // A command under the context authenticates with EDIS_PASSWORD: it is not written anywhere in the configuration.
    expect((await t.edis(["power", "state"])).code).toBe(0);
    await t.edis(["context", "create", "lab", "--email", "lab@example.com"]);
    expect(readdirSync(t.configDir())).toEqual(["config.json"]);
    expect(statSync(t.configDir()).mode & 0o777).toBe(0o700);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    const text = readFileSync(file(), "utf8");
    expect(text).not.toContain(ACCOUNT_PASSWORD);
    expect(text).not.toMatch(/password|signature/iu);
    expect(JSON.parse(text)).toEqual({ current: "work", contexts: { work: { email: EMAIL, kvm: KVM }, lab: { email: "lab@example.com" } } });
  });

  it.runIf(posix)("narrows a file open to others to mode 0600, with a warning", async () => {
    await t.edis(["context", "create", "work", "--email", EMAIL]);
    chmodSync(file(), 0o644);
    const result = await t.edis(["context", "current"]);
    expect(result).toEqual({
      code: 0,
      stdout: "work\n",
      stderr: "edis: warning: the configuration file was open to other users (mode 0644); it is now of mode 0600\n",
    });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it("leaves the configuration alone for a run that chooses no context: no directory is made", async () => {
    expect((await t.edis(["power", "state"], { EDIS_EMAIL: EMAIL, EDIS_KVM_ID: KVM })).code).toBe(0);
    expect(t.authEmails()).toEqual([EMAIL]);
    expect(() => lstatSync(t.configDir())).toThrow(/ENOENT/u);
  });
});
