/**
 * Starting and stopping Prism from spec/ on a free loopback port: as a mock (the contract
 * suite, `npm start`) or as a validating proxy in front of one real host (`npm run contract:live`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { writePrismView } from "./prism-view.js";

const PRISM_BIN = fileURLToPath(new URL("../../node_modules/@stoplight/prism-cli/dist/index.js", import.meta.url));

export interface PrismServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PrismOptions {
  /** Generate responses from the schemas (`-d`) instead of serving the examples. */
  dynamic?: boolean;
  /** Seed of the dynamic responses. */
  seed?: number;
  /** The document of spec/ to serve (default `management`; `order` for the ORDER API). */
  api?: string;
  /**
   * A document to serve as it is, instead of a fresh view of spec/ (the Prism view the package
   * ships, spec/edis-<api>-api.prism.yaml, or the spec itself).
   */
  file?: string;
}

/** Starts Prism from a view of spec/ and resolves once it listens. */
export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const specFile = options.file ?? writePrismView({ dynamic: options.dynamic === true, ...(options.api ? { api: options.api } : {}) });
  return launchOnFreePort(
    (port) => {
      const args = ["mock", "-h", "127.0.0.1", "-p", String(port)];
      if (options.dynamic) args.push("-d");
      if (options.seed !== undefined) args.push("--seed", String(options.seed));
      args.push(specFile);
      return args;
    },
    options.file === undefined ? specFile : undefined,
  );
}

/**
 * Starts `prism proxy` from the view of spec/ in front of `upstream` (one host: Prism takes one
 * upstream). It forwards every request and reports what breaks the spec, on either side, in
 * the `sl-violations` header of its answer. Without `--errors` it passes the upstream's real
 * status and body through, so a report can show both.
 */
export async function startPrismProxy(upstream: string): Promise<PrismServer> {
  const specFile = writePrismView();
  return launchOnFreePort((port) => ["proxy", "-h", "127.0.0.1", "-p", String(port), specFile, upstream], specFile);
}

/** How long Prism may take to listen: it starts in seconds, but a busy machine runs many suites at once. */
const START_LIMIT_MS = 120_000;

/**
 * Launches Prism on a port that was free a moment ago. Another process (a second test run
 * beside this one) may take that port in between; Prism then exits with EADDRINUSE, and it is
 * started once more on another port.
 */
async function launchOnFreePort(argsFor: (port: number) => string[], temporaryView: string | undefined): Promise<PrismServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(argsFor(port), port, temporaryView);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error && error.message.includes("EADDRINUSE"))) throw error;
    }
  }
}

/** `temporaryView`: the view written for this Prism, removed when it stops. */
async function launch(args: string[], port: number, temporaryView: string | undefined): Promise<PrismServer> {
  const child: ChildProcess = spawn(process.execPath, [PRISM_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism did not start within ${START_LIMIT_MS / 1000} s:\n${output}`)), START_LIMIT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => fail(new Error(`Prism exited with ${code}:\n${output}`)));
  });
  child.removeAllListeners("exit");
  // Prism logs every request (a proxy's log holds credentials); drop its output from here on,
  // so it is never shown and its pipes never fill.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          if (temporaryView !== undefined) rmSync(dirname(temporaryView), { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGTERM");
      }),
  };
}
