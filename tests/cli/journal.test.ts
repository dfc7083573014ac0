/**
 * The journal of changes as a user meets it: one line per change and VPS in the state
 * directory (0600 in a 0700 directory), the outcome and the requests it took, no secret, none
 * for reads, dry runs or with EDIS_JOURNAL=off; a journal that cannot be written warns once and
 * fails nothing; `edis journal` shows it; processes writing at once lose and mix no line.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { json } from "../../test-support/fake-edis.js";
import { ACCOUNT_PASSWORD, EMAIL, NEW_PASSWORD, cliEnv, edisRoutes, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { runEdis } from "../../test-support/cli-process.js";
import { type JournalEntry, stateDir } from "../../src/cli/stores/journal.js";

const cli = useCliFixture();
const KVM = "kvm_123456_789012";

const journalDir = () => join(cli.temp.dir, ".local", "state", "edis-global");
const journalFile = () => join(journalDir(), "journal.jsonl");
const entries = (): JournalEntry[] =>
  readFileSync(journalFile(), "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as JournalEntry);

describe("the journal of changes", () => {
  it("a change appends one line: time, context, email, command, VPS, fields, outcome, requests; 0600 in a 0700 directory", async () => {
    const result = await runEdisHere(["power", "on", "--yes"], { ...cli.env, EDIS_KVM_ID: KVM });
    expect(result.code).toBe(0);
    const [entry, ...more] = entries();
    expect(more).toEqual([]);
    expect(entry).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u),
      context: null,
      email: EMAIL,
      command: "power on",
      operationId: "powerOnVPS",
      kvmId: KVM,
      fields: {},
      outcome: "ok",
      requests: 2,
    });
    if (process.platform !== "win32") {
      expect(statSync(journalFile()).mode & 0o777).toBe(0o600);
      expect(statSync(journalDir()).mode & 0o777).toBe(0o700);
    }
  });

  it("keeps the fields sent but never a secret: a reinstall's image, not its root password", async () => {
    const result = await runEdisHere(["install", "reinstall", "--image", "cloudinit_debian-bookworm", "--yes"], {
      ...cli.env,
      EDIS_NEW_PASSWORD: NEW_PASSWORD,
    });
    expect(result.code).toBe(0);
    const text = readFileSync(journalFile(), "utf8");
    expect(JSON.parse(text)).toMatchObject({ command: "install reinstall", fields: { image: "cloudinit_debian-bookworm" }, outcome: "ok" });
    expect(text).not.toContain(NEW_PASSWORD);
    expect(text).not.toContain(ACCOUNT_PASSWORD);
  });

  it("a failed change has its error class and status, and counts every request sent", async () => {
    const routes = edisRoutes();
    cli.fake.replies = [(req, res) => (req.path === pathOf("powerOffVPS") ? json(500, { error: "node down" })(req, res) : routes(req, res))];
    const result = await runEdisHere(["power", "off", "--yes"], cli.env);
    expect(result.code).toBe(1);
    expect(entries()).toEqual([
      expect.objectContaining({ command: "power off", outcome: "error", error: { class: "EdisApiError", status: 500 }, requests: cli.fake.received.length }),
    ]);
  });

  it("a run on several VPSs journals one line per VPS", async () => {
    const ids = ["kvm_100001_1", "kvm_100002_2", "kvm_100003_3"];
    const result = await runEdisHere(["power", "on", "--yes", "--kvm", ids.join(",")], cli.env);
    expect(result.code).toBe(0);
    expect(
      entries()
        .map((e) => e.kvmId)
        .sort(),
    ).toEqual(ids);
  });

  it("reads, dry runs and EDIS_JOURNAL=off write nothing", async () => {
    expect((await runEdisHere(["power", "state"], cli.env)).code).toBe(0);
    expect((await runEdisHere(["power", "on", "--dry-run"], cli.env)).code).toBe(0);
    expect((await runEdisHere(["power", "on", "--yes"], { ...cli.env, EDIS_JOURNAL: "off" })).code).toBe(0);
    expect(existsSync(journalFile())).toBe(false);
  });

  it("a journal that cannot be written warns once on stderr and fails nothing", async () => {
    // A file where the state directory should be.
    const state = join(cli.temp.dir, "state-file");
    writeFileSync(state, "");
    const result = await runEdisHere(["power", "on", "--yes", "--kvm", "kvm_100001_1,kvm_100002_2"], { ...cli.env, XDG_STATE_HOME: state });
    expect(result.code).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => line.includes("journal"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^edis: warning: the journal of changes cannot be written to .*journal\.jsonl \(.+\); the command went on \(EDIS_JOURNAL=off turns the journal off\)$/u,
    );
  });

  it("is not written through a symbolic link, nor into a directory others may write to", async () => {
    if (process.platform === "win32") return;
    mkdirSync(journalDir(), { recursive: true, mode: 0o700 });
    const elsewhere = join(cli.temp.dir, "elsewhere");
    writeFileSync(elsewhere, "");
    symlinkSync(elsewhere, journalFile());
    const linked = await runEdisHere(["power", "on", "--yes"], cli.env);
    expect(linked.code).toBe(0);
    expect(linked.stderr).toMatch(/warning: the journal of changes cannot be written .*\(ELOOP\)/u);
    expect(readFileSync(elsewhere, "utf8")).toBe("");
    rmSync(journalFile());
    chmodSync(journalDir(), 0o777);
    const open = await runEdisHere(["power", "on", "--yes"], cli.env);
    expect(open.code).toBe(0);
    expect(open.stderr).toMatch(/warning: the journal of changes cannot be written .* is writable by other users; run chmod 700 on it/u);
    expect(existsSync(journalFile())).toBe(false);
  });
});

describe("edis journal", () => {
  const line = (time: string, command: string, kvmId: string, extra: Partial<JournalEntry> = {}) =>
    JSON.stringify({ time, context: "work", email: EMAIL, command, operationId: "x", kvmId, fields: {}, outcome: "ok", requests: 2, ...extra });

  function seed(): void {
    mkdirSync(journalDir(), { recursive: true, mode: 0o700 });
    const now = Date.now();
    const ago = (ms: number) => new Date(now - ms).toISOString();
    writeFileSync(
      journalFile(),
      [
        line(ago(10 * 86_400_000), "power off", "kvm_1_1"),
        "{not json",
        line(ago(3_600_000), "install reinstall", "kvm_2_2", {
          fields: { image: "debian-12" },
          outcome: "error",
          error: { class: "EdisApiError", status: 500 },
        }),
        line(ago(60_000), "power on", "kvm_3_3"),
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
  }

  it("--json: every entry, oldest first; a line that is not an entry is skipped with a warning", async () => {
    seed();
    const result = await runEdisHere(["journal", "--json"], cli.env);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as JournalEntry[]).map((e) => e.kvmId)).toEqual(["kvm_1_1", "kvm_2_2", "kvm_3_3"]);
    expect(result.stderr).toBe("edis: warning: 1 line of the journal is not an entry, skipped\n");
  });

  it("--since keeps the recent ones; -o csv has the outcome and fields in a column each", async () => {
    seed();
    const result = await runEdisHere(["journal", "--since", "2h", "-o", "csv", "--fields", "command,kvmId,outcome,fields"], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'command,kvmId,outcome,fields\r\ninstall reinstall,kvm_2_2,EdisApiError 500,"{""image"":""debian-12""}"\r\npower on,kvm_3_3,ok,\r\n',
    );
  });

  it("a table by default; an empty journal says so", async () => {
    expect(await runEdisHere(["journal"], cli.env)).toEqual({ code: 0, stdout: "No changes in the journal.\n", stderr: "" });
    seed();
    const table = await runEdisHere(["journal", "--since", "5m"], cli.env);
    expect(table.stdout.split("\n")[0]).toMatch(/^time\s+context\s+email\s+command\s+kvmId\s+outcome\s+requests/u);
    expect(table.stdout).toContain("power on");
    expect(table.stdout).not.toContain("reinstall");
  });

  it("--since takes d and w; anything else is exit 2", async () => {
    const result = await runEdisHere(["journal", "--since", "yesterday"], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      "edis: option '--since <duration>' argument 'yesterday' is invalid. must be a duration such as 90m, 36h, 7d or 2w",
    );
  });
});

describe("the state directory", () => {
  it("is $XDG_STATE_HOME/edis-global (absolute only), else ~/.local/state; Application Support on macOS; LOCALAPPDATA on Windows", () => {
    expect(stateDir({ XDG_STATE_HOME: "/s" }, "linux", "/h")).toBe(join("/s", "edis-global"));
    expect(stateDir({ XDG_STATE_HOME: "relative" }, "linux", "/h")).toBe(join("/h", ".local", "state", "edis-global"));
    expect(stateDir({}, "darwin", "/Users/a")).toBe(join("/Users/a", "Library", "Application Support", "edis-global"));
    expect(stateDir({ LOCALAPPDATA: "C:\\L" }, "win32", "C:\\U")).toBe(join("C:\\L", "edis-global", "State"));
  });
});

describe("the journal under processes writing at once", () => {
  const PROCESSES = 12;
  const VPS_EACH = 5;
  it(`keeps every line whole: ${PROCESSES} processes, ${VPS_EACH} VPSs each, at once`, { timeout: 180_000 }, async () => {
    const env = cliEnv(cli.fake, cli.temp.dir);
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, p) =>
        runEdis(["--kvm", Array.from({ length: VPS_EACH }, (_, v) => `kvm_${100 + p}_${v + 1}`).join(","), "power", "on", "--yes"], env),
      ),
    );
    for (const result of results) expect(result).toMatchObject({ code: 0 });
    const lines = readFileSync(journalFile(), "utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(PROCESSES * VPS_EACH);
    const ids = lines.map((l) => (JSON.parse(l) as JournalEntry).kvmId).sort();
    expect(new Set(ids).size).toBe(PROCESSES * VPS_EACH);
  });
});
