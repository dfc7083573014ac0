/**
 * The scrubber as the CLI's user sees it: every secret the spec marks, each echoed in another
 * encoding and error body shape (SOCKET_ROWS), run as `edis --verbose --debug …` in this process
 * (through its injected io) against a loopback server; neither stdout nor stderr nor the journal
 * of changes (src/cli/stores/journal.ts) may hold the secret in any encoding of the table
 * (test-support/echo-table.ts). The CLI prints the client's scrubbed error and log: the whole
 * cross product of encodings and shapes runs against the client in-process, in secret-echoes.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { tempDir } from "../test-support/cli-fixture.js";
import { runEdisHere } from "../test-support/cli-in-process.js";
import { ENCODINGS, SHAPES, SOCKET_ROWS, echoing, expectNoLeak } from "../test-support/echo-table.js";
import { type FaultServer, KVM, withFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { SECRETS } from "../test-support/secret-audit.js";

useLeakGuard();
const temp = tempDir();
afterAll(() => temp.cleanup());
let runs = 0;

/** Runs `edis --verbose --debug <argv…>` in this process against `server`, with its output captured, and reads the journal it wrote. */
async function runEdisAgainst(server: FaultServer, argv: readonly string[], env: Record<string, string> = {}) {
  const state = join(temp.dir, `state-${++runs}`);
  const result = await runEdisHere(["--verbose", "--debug", "--kvm", KVM, ...argv], {
    EDIS_EMAIL: "owner@example.com",
    EDIS_PASSWORD: SECRETS.accountPassword,
    EDIS_CACHE_DIR: join(temp.dir, `cache-${runs}`),
    XDG_STATE_HOME: state,
    // Not the contexts of the user running the tests.
    EDIS_CONFIG_DIR: join(temp.dir, "config"),
    EDIS_SESSION_URL: server.url,
    EDIS_RDNS_URL: server.url,
    EDIS_API_URL: server.url,
    EDIS_ORDER_URL: server.url,
    ...env,
  });
  const journal = join(state, "edis-global", "journal.jsonl");
  return { ...result, journal: existsSync(journal) ? readFileSync(journal, "utf8") : undefined };
}

describe("CLI: stdout and stderr with --verbose --debug", () => {
  test.for(SOCKET_ROWS)("$secret.name, $encoding, $shape", async ({ secret, encoding, shape }, context) => {
    await withFaultServer(async (server) => {
      server.script(secret.path, echoing(secret.wire, ENCODINGS[encoding]!, SHAPES[shape]!));
      const extra: string[] = [];
      if (secret.name === "cloud-init user data") {
        const file = join(temp.dir, "user-data.yaml");
        writeFileSync(file, SECRETS.cloudInit);
        extra.push("--cloudinit-file", file);
      }
      const result = await runEdisAgainst(server, [...secret.argv, ...extra], secret.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("(end)");
      expect(result.stderr).toContain("  error: EdisApiError");
      // The debug log is on stderr too: the request's line and its answer's.
      expect(result.stderr).toMatch(/^edis-global: #\d+ \w+ attempt 1 of \d+: \d{3} POST /mu);
      expect(server.to(secret.path).some((a) => (a.form.get(secret.wire) ?? "").includes(secret.token))).toBe(true);
      // The commands of the table that change something (those given --yes) journal their failure; reads write nothing.
      if (secret.argv.includes("--yes")) expect(result.journal).toMatch(/"outcome":"error","error":\{"class":"EdisApiError","status":\d+\}/u);
      else expect(result.journal).toBeUndefined();
      const views = [
        { name: "stdout", text: result.stdout },
        { name: "stderr", text: result.stderr },
        { name: "journal", text: result.journal ?? "" },
      ];
      expectNoLeak(context, views, secret.token);
    });
  });
});
