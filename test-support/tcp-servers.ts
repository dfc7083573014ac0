/**
 * Plain TCP servers on 127.0.0.1 for the SSH waits: each connection is handed to the test's
 * function with its number (from 1), and `closeTcpServers()` destroys what is still open.
 */
import { type Server, type Socket, createServer } from "node:net";

/** The identification line the SSH stand-ins send. */
export const SSH_GREETING = "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13";

const open: { server: Server; sockets: Set<Socket> }[] = [];

/** Starts a server; resolves with its port and how many connections it has had. */
export async function tcpServer(onConnection: (socket: Socket, n: number) => void): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    onConnection(socket, ++n);
  });
  open.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, connections: () => n };
}

/** A port on 127.0.0.1 that nothing listens on (a server was just closed there). */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Closes every server started, and their connections. */
export async function closeTcpServers(): Promise<void> {
  await Promise.all(
    open.splice(0).map(({ server, sockets }) => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
}
