/**
 * A recording proxy in front of Prism, on a loopback port of its own. The client under test is
 * pointed at it, so every request is captured as it arrived on the wire (method, path,
 * headers, body bytes) together with Prism's answer, including the `sl-violations` header in
 * which Prism reports what broke the spec. It can also ask Prism for a documented error
 * status (`Prefer: code=…`) on chosen paths, and pass preferences of its own with every request
 * (`Prefer: seed=…`: one dynamic Prism serves a recorder per seed).
 */
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8 text. */
  readonly body: string;
  /** The body's bytes, as sent. */
  readonly bodyBytes: Uint8Array;
  readonly status: number;
  readonly responseHeaders: Headers;
  readonly responseBody: string;
}

export interface WireRecorder {
  readonly url: string;
  readonly exchanges: Exchange[];
  /** Prism answers requests to `path` with the documented `status` (until cleared). */
  prefer(path: string, status: number): void;
  reset(): void;
  close(): Promise<void>;
}

export interface RecorderOptions {
  /** Preferences sent to Prism with every request, beside a preferred status (e.g. `seed=7`). */
  prefer?: string;
}

export async function startRecorder(upstream: string, options: RecorderOptions = {}): Promise<WireRecorder> {
  const exchanges: Exchange[] = [];
  const preferred = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const bodyBytes = Buffer.concat(chunks);
      const body = bodyBytes.toString("utf8");
      const path = req.url ?? "/";
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || name === "host" || name === "connection" || name === "content-length") continue;
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const code = preferred.get(path);
      const preferences = [code === undefined ? undefined : `code=${code}`, options.prefer].filter((p) => p !== undefined);
      if (preferences.length > 0) headers.set("prefer", preferences.join(", "));
      fetch(upstream + path, { method: req.method ?? "GET", headers, body: req.method === "GET" ? null : bodyBytes })
        .then(async (answer) => {
          const responseBody = await answer.text();
          exchanges.push({
            method: req.method ?? "",
            path,
            headers: req.headers,
            body,
            bodyBytes,
            status: answer.status,
            responseHeaders: answer.headers,
            responseBody,
          });
          res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/octet-stream" });
          res.end(responseBody);
        })
        .catch((error: unknown) => {
          res.writeHead(599);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    prefer: (path, status) => preferred.set(path, status),
    reset: () => {
      exchanges.length = 0;
      preferred.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
