/**
 * Commands run under a named context: they authenticate with its email and act on its VPS;
 * `--context` wins over EDIS_CONTEXT, which wins over the context in use; EDIS_EMAIL, --kvm
 * and EDIS_KVM_ID still win over the context's values (with a warning that shows no value); and
 * each context has sessions of its own in the cache, even two contexts of one email.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useContextsFixture } from "../../test-support/cli-contexts.js";
import { pathOf } from "../../test-support/cli-fixture.js";
import { KVM, SIGNATURE } from "../../test-support/fake-edis.js";
import { sessionFileName } from "../../src/cli/stores/session-file-cache.js";

const t = useContextsFixture();
const OTHER_KVM = "kvm_222222_333333";

/** The kvm_id and signature of each power-state request the fake received. */
const powerCalls = () =>
  t
    .fake()
    .to(pathOf("getPowerState"))
    .map((r) => [r.form.get("kvm_id"), r.form.get("signature")]);

async function create(name: string, email: string, ...more: string[]): Promise<void> {
  expect((await t.edis(["context", "create", name, "--email", email, ...more])).code).toBe(0);
}

describe("a command under a context", () => {
  it("authenticates with the context's email and acts on its VPS", async () => {
    await create("ops", "ops@example.com", "--kvm", KVM);
    expect(await t.edis(["power", "state", "--json"])).toMatchObject({ code: 0, stderr: "" });
    const [auth] = t.fake().to(pathOf("createAuthSession"));
    expect([auth?.form.get("email"), auth?.form.get("kvm_id")]).toEqual(["ops@example.com", KVM]);
    expect(powerCalls()).toEqual([[KVM, `${SIGNATURE}-1`]]);
  });

  it("is chosen by --context over EDIS_CONTEXT over the context in use", async () => {
    await create("a", "a@example.com", "--kvm", KVM);
    await create("b", "b@example.com", "--kvm", KVM);
    await create("c", "c@example.com", "--kvm", KVM);
    expect((await t.edis(["power", "state"])).code).toBe(0);
    expect((await t.edis(["power", "state"], { EDIS_CONTEXT: "b" })).code).toBe(0);
    expect((await t.edis(["--context", "c", "power", "state"], { EDIS_CONTEXT: "b" })).code).toBe(0);
    expect(t.authEmails()).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
    const current = async (args: string[], extra?: Record<string, string>) =>
      JSON.parse((await t.edis([...args, "context", "current", "--json"], extra)).stdout);
    expect(await current([])).toMatchObject({ name: "a", source: "edis context use" });
    expect(await current([], { EDIS_CONTEXT: "B" })).toMatchObject({ name: "b", source: "EDIS_CONTEXT" });
    expect(await current(["--context", "c"], { EDIS_CONTEXT: "b" })).toMatchObject({ name: "c", source: "--context" });
    // The list marks the context of the run, not only the one in use.
    const listed = JSON.parse((await t.edis(["context", "list", "--json"], { EDIS_CONTEXT: "b" })).stdout) as { name: string; current: boolean }[];
    expect(listed.filter((c) => c.current).map((c) => c.name)).toEqual(["b"]);
  });

  it("takes EDIS_EMAIL, --kvm and EDIS_KVM_ID over the context's values, and says so without showing them", async () => {
    await create("ops", "ops@example.com", "--kvm", KVM);
    const overridden = await t.edis(["power", "state"], { EDIS_EMAIL: "someone@example.com", EDIS_KVM_ID: OTHER_KVM });
    expect(overridden.code).toBe(0);
    expect(overridden.stderr).toBe(
      ['edis: warning: EDIS_EMAIL replaces the email of context "ops"', 'edis: warning: EDIS_KVM_ID replaces the VPS of context "ops"', ""].join("\n"),
    );
    const flagged = await t.edis(["--kvm", "kvm_444444_555555", "power", "state"], { EDIS_KVM_ID: OTHER_KVM });
    expect(flagged).toMatchObject({ code: 0, stderr: "" });
    // The same values as the context's are no override: no warning.
    expect((await t.edis(["power", "state"], { EDIS_EMAIL: "ops@example.com", EDIS_KVM_ID: KVM })).stderr).toBe("");
    expect(t.authEmails()).toEqual(["someone@example.com", "ops@example.com", "ops@example.com"]);
    expect(powerCalls().map(([kvm]) => kvm)).toEqual([OTHER_KVM, "kvm_444444_555555", KVM]);
  });

  it("shows the context's email in a --dry-run of an ORDER API call, and asks for no password", async () => {
    await create("ops", "ops@example.com");
    const order = JSON.stringify({ billingcycle: "monthly", paymentmethod: "paypal", item: [{ pid: 106, os: 88, hostname: "vps1.example.com" }] });
    const result = await t.edis(["order", "add", "--order", order, "--dry-run"], { EDIS_PASSWORD: undefined });
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").slice(3, 5)).toEqual(["email:                   ops@example.com", "pw:                      [REDACTED]"]);
    expect(t.fake().received).toEqual([]);
  });

  it("never gives its VPS to an ORDER API call, which takes one only from --kvm", async () => {
    await create("ops", "ops@example.com", "--kvm", KVM);
    expect(await t.edis(["order", "cancel", "--type", "Immediate", "--dry-run"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "edis: cancelProduct: kvmId is required (or serviceId)\n",
    });
    const named = await t.edis(["order", "cancel", "--type", "Immediate", "--kvm", OTHER_KVM, "--dry-run"]);
    expect(named.stdout.split("\n").slice(3, 7)).toEqual(["email:  ops@example.com", "pw:     [REDACTED]", `kvmid:  ${OTHER_KVM}`, "type:   Immediate"]);
    expect(t.fake().received).toEqual([]);
  });
});

describe("sessions under contexts", () => {
  it("are cached per context: two contexts of one email and one of another authenticate once each", async () => {
    await create("a", "a@example.com", "--kvm", KVM);
    await create("a2", "a@example.com", "--kvm", KVM);
    await create("b", "b@example.com", "--kvm", KVM);
    for (const round of [1, 2]) {
      for (const name of ["a", "a2", "b"]) expect((await t.edis(["--context", name, "power", "state"])).code, `${name}, round ${round}`).toBe(0);
    }
    expect(t.authEmails()).toEqual(["a@example.com", "a@example.com", "b@example.com"]);
    // Each context's second command used the session its first one created.
    const signatures = powerCalls().map(([, signature]) => signature);
    expect(signatures).toEqual([1, 2, 3, 1, 2, 3].map((n) => `${SIGNATURE}-${n}`));
    const url = t.fake().url;
    expect(readdirSync(t.cacheDir()).sort()).toEqual(
      [
        sessionFileName("a@example.com", url, KVM, "a"),
        sessionFileName("a@example.com", url, KVM, "a2"),
        sessionFileName("b@example.com", url, KVM, "b"),
      ].sort(),
    );
  });

  it("of a context are not those of the same email without a context", async () => {
    await create("a", "a@example.com", "--kvm", KVM);
    expect((await t.edis(["power", "state"])).code).toBe(0);
    await t.edis(["context", "delete", "a"]);
    expect((await t.edis(["power", "state"], { EDIS_EMAIL: "a@example.com", EDIS_KVM_ID: KVM })).code).toBe(0);
    expect(t.authEmails()).toEqual(["a@example.com", "a@example.com"]);
    expect(readdirSync(t.cacheDir()).sort()).toEqual(
      [sessionFileName("a@example.com", t.fake().url, KVM, "a"), sessionFileName("a@example.com", t.fake().url, KVM)].sort(),
    );
  });

  it("are all removed by edis logout", async () => {
    await create("a", "a@example.com", "--kvm", KVM);
    await create("b", "b@example.com", "--kvm", KVM);
    await t.edis(["--context", "a", "power", "state"]);
    await t.edis(["--context", "b", "power", "state"]);
    expect((await t.edis(["logout"])).stdout).toBe("Removed the cached sessions (2 accounts).\n");
    expect(readdirSync(t.cacheDir())).toEqual([]);
  });
});
