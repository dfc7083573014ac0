/**
 * The session cache between commands: one auth serves several commands (run one after another
 * here, each with its own client, so that they share only the files, as processes do), the
 * file is the owner's alone, holds nothing expired, and `edis logout` removes it.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KVM, SIGNATURE } from "../../test-support/fake-edis.js";
import { EMAIL, edisRoutes, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { sessionFileName, soleVpsFileName } from "../../src/cli/stores/session-file-cache.js";

const cli = useCliFixture({ cacheNotYetMade: true });

const auths = (): number => cli.fake.to(pathOf("createAuthSession")).length;
const cacheFile = (kvmId = KVM): string => join(cli.cacheDir, sessionFileName(EMAIL, cli.fake.url, kvmId));
const posix = process.platform !== "win32";

describe("the session cache", () => {
  it("lets a second command reuse the first one's session: one auth over two commands", async () => {
    expect((await runEdisHere(["ptr", "get", "192.0.2.1"], cli.env)).code).toBe(0);
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    expect(auths()).toBe(1);
    expect(cli.fake.to(pathOf("getPowerState"))[0]!.form.get("signature")).toBe(`${SIGNATURE}-1`);
  });

  it.runIf(posix)("is a file of mode 0600 in a directory of mode 0700", async () => {
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    expect(readdirSync(cli.cacheDir)).toEqual([sessionFileName(EMAIL, cli.fake.url, KVM)]);
    expect(statSync(cacheFile()).mode & 0o777).toBe(0o600);
    expect(statSync(cli.cacheDir).mode & 0o777).toBe(0o700);
  });

  it("drops expired sessions when it writes, and never uses one", async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    mkdirSync(cli.cacheDir, { recursive: true, mode: 0o700 });
    const stale = { kvm_id: KVM, signature: "stale-signature", api_host: "123456.edisglobal.com", valid_until: past };
    const other = { ...stale, kvm_id: "kvm_5_5", signature: "other-stale" };
    writeFileSync(cacheFile(), JSON.stringify(stale), { mode: 0o600 });
    writeFileSync(cacheFile("kvm_5_5"), JSON.stringify(other), { mode: 0o600 });
    writeFileSync(join(cli.cacheDir, soleVpsFileName(EMAIL, cli.fake.url)), JSON.stringify({ kvmId: "kvm_5_5", validUntil: past }), { mode: 0o600 });
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    expect(auths()).toBe(1);
    expect(cli.fake.to(pathOf("getPowerState"))[0]!.form.get("signature")).toBe(`${SIGNATURE}-1`);
    expect(readdirSync(cli.cacheDir)).toEqual([sessionFileName(EMAIL, cli.fake.url, KVM)]);
    const content = JSON.parse(readFileSync(cacheFile(), "utf8")) as { valid_until: number };
    expect(content.valid_until).toBe(cli.fake.session.valid_until);
    expect(JSON.stringify(content)).not.toContain("stale");
  });

  it("replaces a session the API refuses with the renewed one", async () => {
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    let refusals = 1;
    const routes = edisRoutes();
    cli.fake.replies = [
      (req, res) => {
        if (refusals-- > 0) {
          res.writeHead(401, { "content-type": "application/json" });
          return res.end(JSON.stringify({ status: "error", error: "Session signature has expired." }));
        }
        return routes(req, res);
      },
    ];
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    expect(auths()).toBe(2);
    expect(cli.fake.to(pathOf("getPowerState")).map((r) => r.form.get("signature"))).toEqual([`${SIGNATURE}-1`, `${SIGNATURE}-1`, `${SIGNATURE}-2`]);
    expect(JSON.parse(readFileSync(cacheFile(), "utf8")).signature).toBe(`${SIGNATURE}-2`);
  });

  it("keeps accounts apart", async () => {
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    expect((await runEdisHere(["power", "state"], { ...cli.env, EDIS_EMAIL: "someone-else@example.com" })).code).toBe(0);
    expect(auths()).toBe(2);
    expect(readdirSync(cli.cacheDir).sort()).toEqual(
      [sessionFileName(EMAIL, cli.fake.url, KVM), sessionFileName("someone-else@example.com", cli.fake.url, KVM)].sort(),
    );
  });

  it("is removed by edis logout; the next command authenticates again", async () => {
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    const logout = await runEdisHere(["logout"], cli.env);
    expect(logout).toEqual({ code: 0, stdout: "Removed the cached sessions (1 account).\n", stderr: "" });
    expect(readdirSync(cli.cacheDir)).toEqual([]);
    expect(await runEdisHere(["logout"], cli.env)).toEqual({ code: 0, stdout: "No cached sessions.\n", stderr: "" });
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    expect(auths()).toBe(2);
  });

  it("leaves files that are not its own in the directory", async () => {
    mkdirSync(cli.cacheDir, { recursive: true });
    writeFileSync(join(cli.cacheDir, "notes.txt"), "mine");
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    expect((await runEdisHere(["logout"], cli.env)).code).toBe(0);
    expect(readdirSync(cli.cacheDir)).toEqual(["notes.txt"]);
  });
});
