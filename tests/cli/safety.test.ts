/**
 * Safety of the CLI: destructive commands need a confirmation, secrets never come from argv
 * and never appear in what the CLI prints, whatever happens.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { namespaceTable, operationTable } from "../../generated/operations.js";
import { SIGNATURE, type Received, json } from "../../test-support/fake-edis.js";
import { ACCOUNT_PASSWORD, NEW_PASSWORD, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { fieldInputs } from "../../src/cli/field-options.js";
import { kebab } from "../../src/cli/names.js";
import { whatItChanges } from "../../src/cli/operation-info.js";

const cli = useCliFixture();

const VNC_PASSWORD = "Vnc4Te5t";
const CALLBACK_PASSWORD = "cb-PW-91c4e0d2";
const CLOUD_INIT = "#cloud-config\nchpasswd: { list: 'root:ci-SECRET-0a1b2c' }\n";

/** Arguments that satisfy every required flag of a command (values need not pass validation). */
function requiredArgs(namespace: string, operationId: keyof typeof operationTable): string[] {
  if (namespace === "ptr") return operationId === "setPTR" ? ["192.0.2.1=a.example.com"] : ["192.0.2.1"];
  const args: string[] = [];
  for (const input of fieldInputs(namespace, operationTable[operationId])) {
    if (!input.option?.mandatory) continue;
    if (input.kind === "switch") args.push(input.option.long!);
    else if (input.kind === "file") args.push(input.option.long!, join(cli.temp.dir, "disk.qcow2"));
    else args.push(input.option.long!, String(input.field.rule.enum?.[0] ?? (input.field.json ? "{}" : "1")));
  }
  return args;
}

const DESTRUCTIVE = Object.entries(namespaceTable).flatMap(([ns, methods]) =>
  Object.entries(methods)
    .filter(([, id]) => operationTable[id].destructive)
    .map(([method, id]) => ({ ns, method, id })),
);

describe("destructive commands (x-edis-destructive)", () => {
  it("are the ones the spec marks", () => {
    expect(DESTRUCTIVE.map((d) => d.id)).toContain("powerOffVPS");
    expect(DESTRUCTIVE.map((d) => d.id)).not.toContain("getPowerState");
  });

  it("without --yes and without a terminal: exit 2 and not one request", async () => {
    writeFileSync(join(cli.temp.dir, "disk.qcow2"), "QFI\u00fb");
    const withSecrets = { ...cli.env, EDIS_NEW_PASSWORD: NEW_PASSWORD, EDIS_VNC_PASSWORD: VNC_PASSWORD };
    const results = await Promise.all(
      DESTRUCTIVE.map(async ({ ns, method, id }) => {
        const command = `${kebab(ns)} ${kebab(method)}`;
        return { command, result: await runEdisHere([...command.split(" "), ...requiredArgs(ns, id)], withSecrets) };
      }),
    );
    for (const [i, { command, result }] of results.entries()) {
      expect(result, command).toEqual({
        code: 2,
        stdout: "",
        stderr: `edis: ${command} ${whatItChanges(operationTable[DESTRUCTIVE[i]!.id])}: add --yes to confirm (there is no terminal to ask on)\n`,
      });
    }
    expect(DESTRUCTIVE.map((d) => d.id)).toEqual(expect.arrayContaining(["addOrder", "upgradeKVM", "cancelProduct"]));
    expect(cli.fake.received).toHaveLength(0);
  });

  it("with --yes: sent once, never retried", async () => {
    cli.fake.replies = [json(503, { status: "error", error: "Service Unavailable" })];
    const result = await runEdisHere(["power", "off", "--yes"], cli.env);
    expect(result.code).toBe(1);
    expect(cli.fake.to(pathOf("powerOffVPS"))).toHaveLength(1);
  });
});

describe("secrets", () => {
  const allOutput = (r: { stdout: string; stderr: string }): string => `${r.stdout}\n${r.stderr}`;
  const secretValues = [ACCOUNT_PASSWORD, encodeURIComponent(ACCOUNT_PASSWORD), NEW_PASSWORD, VNC_PASSWORD, CALLBACK_PASSWORD, "ci-SECRET-0a1b2c", SIGNATURE];

  it("a required password missing without a terminal: exit 2 naming the variable, not one request", async () => {
    const result = await runEdisHere(["install", "reinstall", "--image", "cloudinit_debian-bookworm", "--yes"], cli.env);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "edis: install reinstall needs the new root password: set EDIS_NEW_PASSWORD (never a flag: arguments are visible to all users)\n",
    });
    expect(cli.fake.received).toHaveLength(0);
  });

  it("come from their variables and files, reach the server, and appear in no output", async () => {
    const userData = join(cli.temp.dir, "user-data.yaml");
    writeFileSync(userData, CLOUD_INIT);
    const secretsEnv = { ...cli.env, EDIS_NEW_PASSWORD: NEW_PASSWORD, EDIS_VNC_PASSWORD: VNC_PASSWORD, EDIS_CALLBACK_PASSWORD: CALLBACK_PASSWORD };
    const runs = [
      await runEdisHere(["install", "reinstall", "--image", "cloudinit_debian-bookworm", "--cloudinit-file", userData, "--yes", "--json"], secretsEnv),
      await runEdisHere(["vnc", "enable", "--yes", "--verbose"], secretsEnv),
      await runEdisHere(
        ["hooks", "set", "--callback-method", "post", "--trigger-value", "80", "--callback-url", "https://example.com/h", "--callback-user", "u", "--yes"],
        secretsEnv,
      ),
    ];
    for (const run of runs) expect(run.code).toBe(0);
    /** The value the server received for `param` of `operationId` (by the field's wire name). */
    const sent = (operationId: keyof typeof operationTable, param: string): string | null => {
      const field = operationTable[operationId].fields.find((f) => f.param === param)!;
      return cli.fake.to(pathOf(operationId))[0]!.form.get(field.wire);
    };
    expect(sent("reinstallVPS", "password")).toBe(NEW_PASSWORD);
    expect(sent("reinstallVPS", "cloudinitUserData")).toBe(CLOUD_INIT);
    expect(sent("enableVnc", "password")).toBe(VNC_PASSWORD);
    expect(sent("setKvmHooks", "callbackPassword")).toBe(CALLBACK_PASSWORD);
    for (const run of runs) for (const secret of secretValues) expect(allOutput(run)).not.toContain(secret);
  });

  it("stay out of error output even when the server echoes them, with --verbose", async () => {
    const echo = (req: Received, res: import("node:http").ServerResponse): void => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "error", error: `bad request: ${req.body}` }));
    };
    cli.fake.replies = [echo];
    const userData = join(cli.temp.dir, "user-data.yaml");
    writeFileSync(userData, CLOUD_INIT);
    const result = await runEdisHere(["install", "reinstall", "--image", "cloudinit_debian-bookworm", "--cloudinit-file", userData, "--yes", "--verbose"], {
      ...cli.env,
      EDIS_NEW_PASSWORD: NEW_PASSWORD,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^edis: reinstallVPS failed: 400 bad request: /u);
    expect(result.stderr).toContain("[REDACTED]");
    for (const secret of secretValues) expect(allOutput(result)).not.toContain(secret);
  });

  it("an invalid secret is a validation error (exit 2) that does not show it", async () => {
    const result = await runEdisHere(["vnc", "enable", "--yes"], { ...cli.env, EDIS_VNC_PASSWORD: "short!" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("edis: enableVnc: password is not eight letters or digits\n");
    expect(result.stderr).not.toContain("short!");
    expect(cli.fake.received).toHaveLength(0);
  });
});

describe("files", () => {
  it("upload-qcow2 streams the file as a multipart part with the purge confirmation", async () => {
    const disk = join(cli.temp.dir, "disk.qcow2");
    writeFileSync(disk, "QFI\u00fb-disk-image-bytes");
    const result = await runEdisHere(["install", "upload-qcow2", "--file", disk, "--yes-purge-all-my-data", "--yes"], cli.env);
    expect(result.code).toBe(0);
    const [request] = cli.fake.to(pathOf("uploadQCOW2"));
    expect(request!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/u);
    expect(request!.body).toContain('name="yes_purge_all_my_data"\r\n\r\n1\r\n');
    expect(request!.body).toContain("QFI\u00fb-disk-image-bytes");
  });

  it("a missing file is a usage error (exit 2) before anything is sent", async () => {
    const result = await runEdisHere(["install", "upload-qcow2", "--file", join(cli.temp.dir, "none.qcow2"), "--yes-purge-all-my-data", "--yes"], cli.env);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `edis: --file: cannot read ${join(cli.temp.dir, "none.qcow2")}: ENOENT\n` });
    expect(cli.fake.received).toHaveLength(0);
  });
});
