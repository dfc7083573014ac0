/**
 * `edis.vps.waitForSsh`: ready means an SSH server greets. The greeting reader in-process
 * (chunks, lines before the identification, caps), then real looks at TCP servers on
 * 127.0.0.1 that greet late, greet with another protocol, accept and say nothing, refuse, or
 * send an endless line. Intervals are tiny and the timeouts that must not run out are generous;
 * the ones that must run out do whatever the machine's speed (a refused port stays refused).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { EdisAbortError, EdisError, EdisValidationError, EdisWaitTimeoutError, createEdisClient } from "../src/index.js";
import { lookForSsh as fetchOnlyLook } from "../src/helpers/fetch-only-ssh-socket.js";
import { GREETING_CAP, GreetingReader } from "../src/helpers/ssh-greeting.js";
import { isPublicAddress } from "../src/helpers/ssh-wait.js";
import { createEdisSimulator } from "../src/testing/index.js";
import { SSH_GREETING as GREETING, closeTcpServers, refusedPort, tcpServer } from "../test-support/tcp-servers.js";

const KVM = "kvm_100001_1";
const GENEROUS = 60_000;
const bytes = (text: string) => new TextEncoder().encode(text);

afterEach(closeTcpServers);

function client() {
  const sim = createEdisSimulator({ seed: { vps: [{ kvmId: KVM, ipv4: ["127.0.0.1"] }] } as never });
  return { sim, edis: createEdisClient({ ...sim.clientOptions, retries: 0 }) };
}

describe("the greeting reader", () => {
  it("finds the identification line across chunks, after other lines, without its CR LF", () => {
    const reader = new GreetingReader();
    expect(reader.push(bytes("Welcome to the machine\r\nSSH-2.0-Open"))).toBeUndefined();
    expect(reader.push(bytes("SSH_9.6p1 Ubuntu\r\nignored"))).toEqual({ line: "SSH-2.0-OpenSSH_9.6p1 Ubuntu" });
  });

  it("takes SSH-1.99 (a server that also speaks SSH 1) and a bare LF", () => {
    expect(new GreetingReader().push(bytes("SSH-1.99-Cisco-1.25\n"))).toEqual({ line: "SSH-1.99-Cisco-1.25" });
  });

  it("stops at an SSH-1-only server, a malformed or an overlong identification line", () => {
    expect(new GreetingReader().push(bytes("SSH-1.5-old\r\n"))).toEqual({ stop: 'an SSH server that does not speak SSH 2 ("SSH-1.5-old")' });
    expect(new GreetingReader().push(bytes("SSH-2.0-a\u0007b\r\n"))).toEqual({ stop: 'a malformed identification line ("SSH-2.0-a?b")' });
    expect(new GreetingReader().push(bytes(`SSH-2.0-${"x".repeat(250)}`))).toEqual({ stop: "an identification line longer than 255 bytes" });
    // 255 bytes with CR LF is the longest (RFC 4253 4.2), also when the CR LF comes later.
    expect(new GreetingReader().push(bytes(`SSH-2.0-${"x".repeat(246)}\r\n`))).toEqual({ stop: "an identification line longer than 255 bytes" });
    expect(new GreetingReader().push(bytes(`SSH-2.0-${"x".repeat(245)}\r\n`))).toEqual({ line: `SSH-2.0-${"x".repeat(245)}` });
    const split = new GreetingReader();
    expect(split.push(bytes(`SSH-2.0-${"x".repeat(245)}\r`))).toBeUndefined();
    expect(split.push(bytes("\n"))).toEqual({ line: `SSH-2.0-${"x".repeat(245)}` });
  });

  it("reads at most GREETING_CAP bytes: an endless line, or endless lines, end the read", () => {
    const endless = new GreetingReader();
    let verdict = endless.push(bytes("y".repeat(1000)));
    let read = 0;
    while (!verdict) {
      read += 1000;
      verdict = endless.push(bytes("y".repeat(1000)));
    }
    expect(read + 1000).toBeGreaterThanOrEqual(GREETING_CAP);
    expect(read).toBeLessThan(GREETING_CAP);
    expect(verdict).toEqual({ stop: `${GREETING_CAP} bytes without an SSH identification line` });
    const lines = new GreetingReader();
    lines.push(bytes("HTTP/1.1 400 Bad Request\r\n"));
    do verdict = lines.push(bytes("Header: x\r\n".repeat(100)));
    while (!verdict);
    expect(verdict).toEqual({ stop: 'another protocol ("HTTP/1.1 400 Bad Request")' });
  });

  it("quotes what a server sent as printable ASCII only", () => {
    const reader = new GreetingReader();
    reader.push(bytes("\u001b]52;c;AAAA\u0007 \u202e\r\n"));
    expect(reader.sofar).toBe('another protocol ("?]52;c;AAAA? ???")');
  });
});

describe("isPublicAddress", () => {
  it("refuses loopback, private, shared, link-local, multicast and reserved addresses; IPv6 only global unicast", () => {
    for (const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "100.64.0.1",
      "169.254.169.254",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
    ])
      expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of ["::1", "::", "fe80::1", "fd00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "20::1"])
      expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of ["149.154.154.251", "172.32.0.1", "100.128.0.1", "2a01:4f8::1", "2001:db8::1", "::ffff:8.8.8.8"])
      expect(isPublicAddress(ip), ip).toBe(true);
  });
});

describe("edis.vps.waitForSsh", () => {
  it("looks at the VPS's primary address from its session and resolves with the greeting", async () => {
    const ssh = await tcpServer((socket) => socket.write(`${GREETING}\r\n`));
    const { sim, edis } = client();
    await expect(edis.vps.waitForSsh({ kvmId: KVM, port: ssh.port, timeoutMs: GENEROUS })).resolves.toEqual({
      line: GREETING,
      host: "127.0.0.1",
      port: ssh.port,
    });
    expect(sim.requests.map((r) => r.operationId)).toEqual(["createAuthSession"]);
    expect(ssh.connections()).toBe(1);
  });

  it("waits for a server that greets late: refuses, closes at once, sends a banner, then greets", async () => {
    const ssh = await tcpServer((socket, n) => {
      if (n === 1) socket.destroy();
      else if (n === 2) socket.end("Please wait, the system is starting\r\n");
      else setTimeout(() => socket.write(`Banner line\r\n${GREETING}\r\n`), 100);
    });
    const seen: string[] = [];
    const { edis } = client();
    const greeting = await edis.vps.waitForSsh({
      kvmId: KVM,
      host: "127.0.0.1",
      port: ssh.port,
      intervalMs: 10,
      timeoutMs: GENEROUS,
      onPoll: (s) => seen.push(s),
    });
    expect(greeting.line).toBe(GREETING);
    expect(ssh.connections()).toBe(3);
    expect(seen).toEqual(["closed the connection without a greeting", 'another protocol ("Please wait, the system is starting"), then closed', GREETING]);
  });

  it("with host given, sends no request to the API", async () => {
    const ssh = await tcpServer((socket) => socket.write(`${GREETING}\r\n`));
    const { sim, edis } = client();
    await edis.vps.waitForSsh({ kvmId: KVM, host: "127.0.0.1", port: ssh.port, timeoutMs: GENEROUS });
    expect(sim.requests).toEqual([]);
  });

  it("times out on a refused port, saying so", async () => {
    const port = await refusedPort();
    const { edis } = client();
    const error = await edis.vps.waitForSsh({ kvmId: KVM, host: "127.0.0.1", port, intervalMs: 20, timeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisWaitTimeoutError);
    expect((error as EdisWaitTimeoutError).last).toBe("connection refused");
    expect((error as Error).message).toBe(
      `vps.waitForSsh: an SSH server's greeting at 127.0.0.1:${port} did not show within 500 ms (last read: "connection refused")`,
    );
  });

  it("times out on a server of another protocol, quoting its first line", async () => {
    const http = await tcpServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
    const { edis } = client();
    const error = (await edis.vps
      .waitForSsh({ kvmId: KVM, host: "127.0.0.1", port: http.port, intervalMs: 20, timeoutMs: 500 })
      .catch((e: unknown) => e)) as EdisWaitTimeoutError;
    expect(error).toBeInstanceOf(EdisWaitTimeoutError);
    expect(error.last).toBe('another protocol ("HTTP/1.1 400 Bad Request"), then closed');
  });

  it("times out on a server that accepts and says nothing, the look in flight bounded by the deadline", async () => {
    const silent = await tcpServer(() => undefined);
    const { edis } = client();
    const error = (await edis.vps
      .waitForSsh({ kvmId: KVM, host: "127.0.0.1", port: silent.port, timeoutMs: 1500 })
      .catch((e: unknown) => e)) as EdisWaitTimeoutError;
    expect(error).toBeInstanceOf(EdisWaitTimeoutError);
    expect(error.last).toMatch(/^accepted the connection and sent nothing within \d+ ms$/u);
    expect(silent.connections()).toBe(1);
  });

  it("stops reading an endless line at the cap and hangs up", async () => {
    let closed = 0;
    const endless = await tcpServer((socket) => {
      const chunk = Buffer.alloc(16_384, "z");
      const pump = () => {
        while (!socket.destroyed && socket.write(chunk));
      };
      socket.on("drain", pump);
      socket.on("close", () => closed++);
      pump();
    });
    const { edis } = client();
    const error = (await edis.vps
      .waitForSsh({ kvmId: KVM, host: "127.0.0.1", port: endless.port, intervalMs: GENEROUS, timeoutMs: 500 })
      .catch((e: unknown) => e)) as EdisWaitTimeoutError;
    expect(error).toBeInstanceOf(EdisWaitTimeoutError);
    expect(error.last).toBe(`${GREETING_CAP} bytes without an SSH identification line`);
    expect(endless.connections()).toBe(1);
    await vi.waitFor(() => expect(closed).toBe(1), { timeout: GENEROUS });
  });

  it("refuses a primary address that is not public when the client talks to EDIS itself; host overrides it", async () => {
    const sim = createEdisSimulator({ seed: { vps: [{ kvmId: KVM, ipv4: ["10.0.0.5"] }] } as never });
    const edis = createEdisClient({ email: sim.account.email, password: sim.account.password, fetch: sim.fetch, retries: 0 });
    const error = await edis.vps.waitForSsh({ kvmId: KVM, timeoutMs: GENEROUS }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisError);
    expect((error as Error).message).toBe(
      `vps.waitForSsh: the session of ${KVM} names the primary address "10.0.0.5", which is not a public address; pass host to look there anyway`,
    );
    const ssh = await tcpServer((socket) => socket.write(`${GREETING}\r\n`));
    await expect(edis.vps.waitForSsh({ kvmId: KVM, host: "127.0.0.1", port: ssh.port, timeoutMs: GENEROUS })).resolves.toMatchObject({ line: GREETING });
  });

  it("checks its params before any request or connection", async () => {
    const { sim, edis } = client();
    for (const [params, field] of [
      [{ kvmId: KVM, port: 0 }, "port"],
      [{ kvmId: KVM, port: 70_000 }, "port"],
      [{ kvmId: KVM, host: "127.0.0.1:22" }, "host"],
      [{ kvmId: KVM, host: "evil host" }, "host"],
      [{ kvmId: KVM, host: "[::1]" }, "host"],
      [{ kvmId: "" }, "kvmId"],
      [{ kvmId: KVM, timeoutMs: -1 }, "timeoutMs"],
      [{ kvmId: KVM, intervalMs: 1.5 }, "intervalMs"],
    ] as const) {
      const error = await edis.vps.waitForSsh(params as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(params)).toBeInstanceOf(EdisValidationError);
      expect((error as EdisValidationError).field).toBe(field);
    }
    expect(sim.requests).toEqual([]);
  });

  it("stops at once when the signal fires, during a look or between two", async () => {
    const silent = await tcpServer(() => undefined);
    const { edis } = client();
    const during = new AbortController();
    const waiting = edis.vps.waitForSsh({ kvmId: KVM, host: "127.0.0.1", port: silent.port, timeoutMs: GENEROUS, signal: during.signal });
    setTimeout(() => during.abort(), 50);
    await expect(waiting).rejects.toBeInstanceOf(EdisAbortError);
    const port = await refusedPort();
    const between = new AbortController();
    const polling = edis.vps.waitForSsh({
      kvmId: KVM,
      host: "127.0.0.1",
      port,
      intervalMs: GENEROUS,
      timeoutMs: GENEROUS,
      signal: between.signal,
      onPoll: () => between.abort(),
    });
    await expect(polling).rejects.toBeInstanceOf(EdisAbortError);
  });

  it("on a runtime without TCP sockets (the fetch-only build), fails with an EdisError saying so", async () => {
    const error = await fetchOnlyLook("127.0.0.1", 22, 1000, undefined, "vps.waitForSsh").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisError);
    expect((error as Error).message).toMatch(/^vps\.waitForSsh: this runtime has no TCP sockets \(node:net\)/u);
  });
});
