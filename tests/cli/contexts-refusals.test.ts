/**
 * What `edis context` and `--context` refuse: the usage errors (exit 2, one line, nothing sent),
 * names and file contents a plain object would misread, and a configuration directory or file
 * edis cannot trust. What the commands do is in contexts.test.ts.
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useContextsFixture } from "../../test-support/cli-contexts.js";
import { EMAIL } from "../../test-support/cli-fixture.js";
import { KVM } from "../../test-support/fake-edis.js";

const t = useContextsFixture();
const posix = process.platform !== "win32";
const file = () => join(t.configDir(), "config.json");
const stored = () => JSON.parse(readFileSync(file(), "utf8")) as unknown;
const NAME_RULE = "a context name is a letter or digit, then letters, digits, - or _ (63 characters at most)";

describe("usage errors of contexts: exit 2, one line, nothing sent", () => {
  it.each([
    [["context", "use", "nope"], 'unknown context "nope"; edis context list shows the contexts'],
    [["context", "delete", "nope"], 'unknown context "nope"; edis context list shows the contexts'],
    [["context", "create", "bad.name", "--email", EMAIL], `${NAME_RULE}; the name given is not one`],
    [["context", "create", "x".repeat(64), "--email", EMAIL], `${NAME_RULE}; the name given is not one`],
    [["context", "create", "work", "--email", "not-an-email"], '--email must be an email address: "not-an-email"'],
    [
      ["context", "create", "work", "--email", EMAIL, "--kvm", "kvm_123456"],
      '--kvm is not a valid VPS id (kvm_ and two groups of digits, like kvm_123456_789012): "kvm_123456"',
    ],
    [["context", "create", "work"], "required option '--email <address>' not specified"],
    [["--context", "nope", "power", "state"], 'unknown context "nope" (--context); edis context list shows the contexts'],
    [["--context", "no pe", "power", "state"], `option '--context <name>' argument 'no pe' is invalid. A${NAME_RULE.slice(1)}.`],
  ])("edis %j", async (args, message) => {
    const result = await t.edis(args);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(`edis: ${message}`);
    expect(result.stdout).toBe("");
    expect(t.fake().received).toEqual([]);
  });

  it("names EDIS_CONTEXT when it names no context, and never shows a value that is no name", async () => {
    expect(await t.edis(["power", "state"], { EDIS_CONTEXT: "nope" })).toEqual({
      code: 2,
      stdout: "",
      stderr: 'edis: unknown context "nope" (EDIS_CONTEXT); edis context list shows the contexts\n',
    });
    expect(await t.edis(["power", "state"], { EDIS_CONTEXT: "\u001b]0;x\u0007" })).toEqual({
      code: 2,
      stdout: "",
      stderr: `edis: ${NAME_RULE}; EDIS_CONTEXT is not one\n`,
    });
    expect(t.fake().received).toEqual([]);
  });

  it("refuses a context that exists already, and leaves it as it was", async () => {
    await t.edis(["context", "create", "work", "--email", EMAIL]);
    expect(await t.edis(["context", "create", "work", "--email", "other@example.com"])).toEqual({
      code: 2,
      stdout: "",
      stderr: 'edis: a context "work" exists already; edis context delete work removes it\n',
    });
    expect(stored()).toEqual({ current: "work", contexts: { work: { email: EMAIL } } });
  });

  it("refuses a damaged file and does not overwrite it", async () => {
    mkdirSync(t.configDir(), { mode: 0o700 });
    writeFileSync(file(), '{"contexts": {"work": ', { mode: 0o600 });
    const result = await t.edis(["context", "create", "lab", "--email", EMAIL]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `edis: the configuration file ${file()} is not valid JSON; correct it, or remove it to start afresh\n`,
    });
    expect(readFileSync(file(), "utf8")).toBe('{"contexts": {"work": ');
    writeFileSync(file(), JSON.stringify({ contexts: { work: { kvm: KVM } } }));
    expect((await t.edis(["context", "list"])).stderr).toBe(
      `edis: the configuration file ${file()} has a context "work" without a string "email"; correct it, or remove it to start afresh\n`,
    );
  });
});

describe("names and contents a plain object would misread", () => {
  it("knows no context named after a member of every object (constructor): unknown, creatable, usable", async () => {
    expect(await t.edis(["--context", "constructor", "power", "state"], { EDIS_EMAIL: EMAIL, EDIS_KVM_ID: KVM })).toEqual({
      code: 2,
      stdout: "",
      stderr: 'edis: unknown context "constructor" (--context); edis context list shows the contexts\n',
    });
    expect((await t.edis(["context", "use", "constructor"])).stderr).toBe('edis: unknown context "constructor"; edis context list shows the contexts\n');
    expect(await t.edis(["context", "create", "constructor", "--email", EMAIL])).toEqual({
      code: 0,
      stdout: `Created context "constructor" (${EMAIL}); it is in use now.\n`,
      stderr: "",
    });
    expect(stored()).toEqual({ current: "constructor", contexts: { constructor: { email: EMAIL } } });
    expect(t.fake().received).toEqual([]);
  });

  it("refuses a file whose email or VPS edis would not accept, rather than print or send it", async () => {
    mkdirSync(t.configDir(), { mode: 0o700 });
    const bad = (context: Record<string, string>) => writeFileSync(file(), JSON.stringify({ current: "a", contexts: { a: context } }), { mode: 0o600 });
    bad({ email: "a@example.com\u001b[2J\r\nforged" });
    expect(await t.edis(["context", "use", "a"])).toEqual({
      code: 2,
      stdout: "",
      stderr: `edis: the configuration file ${file()} has a context "a" whose "email" is not one edis accepts; correct it, or remove it to start afresh\n`,
    });
    // JSON.parse makes "__proto__" an own key: a name like any other, and not a valid one.
    writeFileSync(file(), `{"contexts": {"__proto__": {"email": "${EMAIL}"}}}`);
    expect((await t.edis(["context", "list"])).stderr).toBe(
      `edis: the configuration file ${file()} has a context whose name is not a valid lower-case name; correct it, or remove it to start afresh\n`,
    );
    // A file far larger than any edis writes is refused unread, not read whole on every run.
    writeFileSync(file(), JSON.stringify({ contexts: {}, padding: " ".repeat(1024 * 1024) }));
    expect((await t.edis(["context", "list"])).stderr).toBe(
      `edis: the configuration file ${file()} is larger than 1 MiB, far more than edis writes; correct it, or remove it to start afresh\n`,
    );
    bad({ email: EMAIL, kvm: "../../kvm\u009b31m" });
    expect((await t.edis(["power", "state"])).stderr).toBe(
      `edis: the configuration file ${file()} has a context "a" whose "kvm" is not one edis accepts; correct it, or remove it to start afresh\n`,
    );
    expect(t.fake().received).toEqual([]);
  });
});

describe.runIf(posix)("a configuration directory or file edis cannot trust", () => {
  it("is refused when others may write to the directory, before anything is sent", async () => {
    await t.edis(["context", "create", "work", "--email", EMAIL, "--kvm", KVM]);
    chmodSync(t.configDir(), 0o777);
    const message = `edis: the configuration directory ${t.configDir()} is writable by other users; run chmod 700 on it\n`;
    expect(await t.edis(["power", "state"])).toEqual({ code: 2, stdout: "", stderr: message });
    expect(await t.edis(["context", "create", "lab", "--email", EMAIL])).toEqual({ code: 2, stdout: "", stderr: message });
    expect(t.fake().received).toEqual([]);
  });

  it("is refused when the directory is a symbolic link, even to a good directory", async () => {
    const real = join(t.configDir(), "..", "real-config");
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, t.configDir());
    expect(await t.edis(["context", "create", "work", "--email", EMAIL])).toEqual({
      code: 2,
      stdout: "",
      stderr: `edis: the configuration directory ${t.configDir()} is a symbolic link; edis keeps its configuration only in a real directory (replace the link, or set EDIS_CONFIG_DIR)\n`,
    });
    expect(readdirSync(real)).toEqual([]);
  });

  it("is refused when the file is a symbolic link, and what it points at is left alone", async () => {
    mkdirSync(t.configDir(), { mode: 0o700 });
    const victim = join(t.configDir(), "..", "victim.json");
    writeFileSync(victim, JSON.stringify({ contexts: { planted: { email: "attacker@example.com" } }, current: "planted" }), { mode: 0o644 });
    symlinkSync(victim, file());
    const result = await t.edis(["context", "create", "work", "--email", EMAIL]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`edis: the configuration file ${file()} is a symbolic link; edis does not follow it (replace it with the file, or remove it)\n`);
    expect((await t.edis(["power", "state"], { EDIS_EMAIL: EMAIL, EDIS_KVM_ID: KVM })).code).toBe(2);
    expect(readFileSync(victim, "utf8")).toContain("planted");
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    expect(t.fake().received).toEqual([]);
  });
});
