/**
 * `--wait-ssh` as a user runs it: after power on, reset or reinstall (and after --wait when
 * both are given) edis looks for an SSH server's greeting, at `--ssh-host`/`--ssh-port` or at
 * each VPS's primary address, and says what it saw; for a reinstall it never says the
 * reinstall finished. The SSH stand-ins are TCP servers on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from "vitest";
import { json } from "../../test-support/fake-edis.js";
import { NEW_PASSWORD, edisRoutes, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { cliEnv, tempDir } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { EMAIL, TRICKY_PASSWORD } from "../../test-support/fixtures.js";
import { SSH_GREETING, closeTcpServers, refusedPort, tcpServer } from "../../test-support/tcp-servers.js";
import { createEdisSimulator } from "../../src/testing/index.js";

const cli = useCliFixture();
afterEach(closeTcpServers);

const powerOn = { status: "success", data: "server powered on", traffic_suspended: false };

describe("--wait-ssh", () => {
  it("power on: waits until an SSH server greets at --ssh-host:--ssh-port, and says so", async () => {
    const ssh = await tcpServer((socket, n) => (n < 3 ? socket.destroy() : socket.write(`${SSH_GREETING}\r\n`)));
    const result = await runEdisHere(
      ["power", "on", "--yes", "--wait-ssh", "--ssh-host", "127.0.0.1", "--ssh-port", String(ssh.port), "--poll-interval", "1ms"],
      cli.env,
    );
    expect(result).toEqual({
      code: 0,
      stdout: "status:  success\ndata:    done\n",
      stderr: `edis: an SSH server answers at 127.0.0.1:${ssh.port} ("${SSH_GREETING}")\n`,
    });
    expect(ssh.connections()).toBe(3);
    expect(cli.fake.received.map((r) => r.path)).toEqual([pathOf("createAuthSession"), pathOf("powerOnVPS")]);
  });

  it("install reinstall --wait --wait-ssh: the power state first, then the greeting, and never 'finished'", async () => {
    const routes = edisRoutes();
    cli.fake.replies = [(req, res) => (req.path === pathOf("getPowerState") ? json(200, powerOn)(req, res) : routes(req, res))];
    const ssh = await tcpServer((socket) => socket.write(`${SSH_GREETING}\r\n`));
    const env = { ...cli.env, EDIS_NEW_PASSWORD: NEW_PASSWORD };
    const args = [
      "install",
      "reinstall",
      "--image",
      "cloudinit_debian-bookworm",
      "--yes",
      "--wait",
      "--wait-ssh",
      "--ssh-host",
      "127.0.0.1",
      "--ssh-port",
      String(ssh.port),
    ];
    const result = await runEdisHere([...args, "--poll-interval", "1ms"], env);
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^edis: the power state reads on/u);
    expect(lines[1]).toBe(
      `edis: an SSH server answers at 127.0.0.1:${ssh.port} ("${SSH_GREETING}"); that is all edis can observe: the API shows no completion of a reinstall, so this does not say the reinstall finished`,
    );
    expect(result.stderr).not.toMatch(/reinstall (?:is|has been) (?:finished|complete)|reinstalled/u);
  });

  it("exit 1 when no SSH server greets in time, saying what the last look saw", async () => {
    const port = await refusedPort();
    const result = await runEdisHere(
      ["power", "on", "--yes", "--wait-ssh", "--ssh-host", "127.0.0.1", "--ssh-port", String(port), "--wait-timeout", "300ms", "--poll-interval", "10ms"],
      cli.env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `edis: power on was accepted, but an SSH server's greeting at 127.0.0.1:${port} did not show within 300ms (last look: connection refused)\n`,
    );
  });

  it.each([
    [["power", "on", "--yes", "--ssh-host", "127.0.0.1"], "edis: --ssh-host needs --wait-ssh"],
    [["power", "on", "--yes", "--ssh-port", "2222"], "edis: --ssh-port needs --wait-ssh"],
    [
      ["power", "on", "--yes", "--wait-ssh", "--ssh-port", "0"],
      "edis: option '--ssh-port <port>' argument '0' is invalid. must be a port number from 1 to 65535",
    ],
    [
      ["power", "on", "--yes", "--wait-ssh", "--ssh-host", "127.0.0.1:22"],
      "edis: option '--ssh-host <host>' argument '127.0.0.1:22' is invalid. must be an IP address or a host name (no port: that is --ssh-port)",
    ],
    [["power", "off", "--yes", "--wait-ssh"], "edis: unknown option '--wait-ssh'"],
    [["power", "on", "--yes", "--kvm", "kvm_100001_1,kvm_100002_2", "--wait-ssh", "--ssh-host", "127.0.0.1"], "edis: --ssh-host names one host"],
  ])("%j: exit 2, nothing sent", async (args, message) => {
    const result = await runEdisHere(args, cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toContain(message);
    expect(cli.fake.received).toEqual([]);
  });
});

describe("--wait-ssh on several VPSs", () => {
  it("looks at each VPS's primary address, and reports each as it answers", async () => {
    const ids = ["kvm_100001_1", "kvm_100002_2"];
    const sim = createEdisSimulator({
      seed: { account: { email: EMAIL, password: TRICKY_PASSWORD }, vps: ids.map((kvmId) => ({ kvmId, ipv4: ["127.0.0.1"] })) } as never,
    });
    const server = await sim.listen();
    const temp = tempDir();
    try {
      const ssh = await tcpServer((socket) => socket.write(`${SSH_GREETING}\r\n`));
      const env = cliEnv(undefined, temp.dir, { ...server.env, EDIS_PASSWORD: TRICKY_PASSWORD });
      const result = await runEdisHere(
        ["power", "on", "--all", "--yes", "--wait-ssh", "--ssh-port", String(ssh.port), "-o", "csv", "--fields", "kvmId,ok"],
        env,
      );
      expect(result.stdout).toBe(`kvmId,ok\r\n${ids.map((id) => `${id},true`).join("\r\n")}\r\n`);
      expect(result.code).toBe(0);
      expect(result.stderr.trimEnd().split("\n").sort()).toEqual(
        ids.map((id) => `edis: ${id}: an SSH server answers at 127.0.0.1:${ssh.port} ("${SSH_GREETING}")`),
      );
      expect(ssh.connections()).toBe(2);
    } finally {
      await sim.close();
      temp.cleanup();
    }
  });
});
