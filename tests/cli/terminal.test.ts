/**
 * The CLI at a terminal (a pseudo-terminal through util-linux `script`): destructive commands
 * ask before anything is sent, passwords are asked for without being echoed, and the API's
 * charts are drawn (tests/cli/terminal-view.test.ts pictures them at fixed widths).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type OperationField, operationTable } from "../../generated/operations.js";
import { KVM, json } from "../../test-support/fake-edis.js";
import { TERMINAL_REPLIES } from "../../test-support/terminal-replies.js";
import { ACCOUNT_PASSWORD, NEW_PASSWORD, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { HAS_PTY, PROCESS_TEST, runEdisOnTerminal } from "../../test-support/cli-process.js";

const cli = useCliFixture();

describe.runIf(HAS_PTY)("at a terminal", PROCESS_TEST, () => {
  it("a destructive command asks first; no (or just Enter) sends nothing and exits 2", async () => {
    for (const answer of ["n\r", "\r"]) {
      const result = await runEdisOnTerminal(["power", "off"], cli.env, [{ expect: "Continue? [y/N] ", type: answer }]);
      expect(result.code).toBe(2);
      expect(result.screen).toContain(`Power off — ${KVM}. Continue? [y/N] `);
      expect(result.screen).toContain("edis: not confirmed; nothing was sent");
    }
    expect(cli.fake.received).toHaveLength(0);
  });

  it("yes sends it, and the new password is asked twice, hidden, and sent as typed", async () => {
    const result = await runEdisOnTerminal(["install", "reinstall", "--image", "cloudinit_debian-bookworm"], cli.env, [
      { expect: "Continue? [y/N] ", type: "y\r" },
      { expect: "New root password: ", type: `${NEW_PASSWORD}\r` },
      { expect: "New root password (again): ", type: `${NEW_PASSWORD}\r` },
    ]);
    expect(result.code).toBe(0);
    const field = operationTable.reinstallVPS.fields.find((f) => f.param === "password")!;
    expect(cli.fake.to(pathOf("reinstallVPS"))[0]!.form.get(field.wire)).toBe(NEW_PASSWORD);
    expect(result.screen).not.toContain(NEW_PASSWORD);
  });

  it("asks for the account password, hidden, when EDIS_PASSWORD is unset", async () => {
    const result = await runEdisOnTerminal(["power", "state"], { ...cli.env, EDIS_PASSWORD: "" }, [
      { expect: "EDIS client-area password: ", type: `${ACCOUNT_PASSWORD}\r` },
    ]);
    expect(result.code).toBe(0);
    const field = (operationTable.createAuthSession.fields as readonly OperationField[]).find((f) => f.from === "credentials.password")!;
    expect(cli.fake.to(pathOf("createAuthSession"))[0]!.form.get(field.wire)).toBe(ACCOUNT_PASSWORD);
    expect(result.screen).not.toContain(ACCOUNT_PASSWORD);
    expect(result.screen).toContain("server powered on");
  });

  it("shows a progress bar for a long PTR list, and tables with a bold header", async () => {
    const ips = Array.from({ length: 150 }, (_, i) => `198.51.100.${i + 1}`);
    const list = join(cli.temp.dir, "ips.txt");
    writeFileSync(list, ips.join("\n"));
    const result = await runEdisOnTerminal(["ptr", "get", "--file", list], cli.env, []);
    expect(result.code).toBe(0);
    expect(result.screen).toContain(`ptr get [${"#".repeat(30)}] 150/150`);
    expect(result.screen).toMatch(/\u001b\[1mip +ptr_record\u001b\[22m/u);
    expect(cli.fake.to(pathOf("getPTR"))).toHaveLength(2);
  });

  it("draws the CPU chart with its times and min/avg/max on a real pseudo-terminal", async () => {
    cli.fake.replies = [json(200, TERMINAL_REPLIES["info cpu-usage"])];
    const result = await runEdisOnTerminal(["info", "cpu-usage"], { ...cli.env, NO_COLOR: "1" }, []);
    expect(result.code).toBe(0);
    const screen = result.screen.replace(/\r\n/gu, "\n");
    expect(screen).toMatch(/^5 ┤ *█+$/mu);
    expect(screen).toMatch(/^ +10:00 +10:05 +10:10 +10:15 +10:20 +10:25$/mu);
    expect(screen).toContain("min 2% · avg 3.2% · max 5% (6 values, 10:00 – 10:25)\n");
  });
});
