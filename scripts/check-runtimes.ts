/**
 * `npm run test:runtimes`: the packed package in every runtime it claims (README, "What runs
 * where"): Node 20 (the Node running this script), 22 and 24, each as an ES module and through
 * `require`; Bun; Deno; and workerd, the runtime of Cloudflare Workers, given a worker bundled
 * as Wrangler bundles one (esbuild with the `workerd` condition). The runtimes come from the npm
 * registry, pinned in .ci/runtimes/package-lock.json and installed there on first use (about
 * 700 MB, so not part of the project's own `npm ci`). Each runtime runs scripts/runtimes/probe.ts
 * against a loopback fake of the EDIS hosts served by this process: a PTR read, a screenshot,
 * a redirect and a 500; then the simulator of edis-global/testing in-process (its validators
 * are compiled at build time, so it runs where workerd forbids run-time code generation).
 * Prints a line per runtime; exits 1 if any failed.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { KVM, json, startFakeEdis, text } from "../test-support/fake-edis.js";
import { CJS_MAIN, ESM_MAIN, IPS, PTR, SCREENSHOT, WORKER_MAIN, workerdConfig } from "./runtimes/probe.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const runtimes = join(root, ".ci", "runtimes");
const bin = (path: string): string => join(runtimes, "node_modules", path);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/** Requests one probe sends: one auth, then the PTR read, the screenshot, the redirect and the 500. */
const REQUESTS_PER_PROBE = 5;
/**
 * workerd's compatibility dates: before mid-2026 a Worker has no Node globals (no Buffer, no
 * process) unless it sets nodejs_compat; from then on it has them, `process.versions.node`
 * included, which is what the library's Node detection reads. The probe runs under one of each.
 */
const WORKERD_DATES = { withoutNodeGlobals: "2026-06-01", withNodeGlobals: "2026-11-01" } as const;

/** Installs the pinned runtimes (npm ci) unless they were installed from this very lockfile. */
function ensureRuntimes(): void {
  if (`${process.platform}-${process.arch}` !== "linux-x64") throw new Error("the Node 22 and 24 binaries pinned in .ci/runtimes are Linux x64 builds");
  const lock = readFileSync(join(runtimes, "package-lock.json"), "utf8");
  const stamp = join(runtimes, "node_modules", ".installed-from-lock");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === lock) return;
  console.log("installing the pinned runtimes into .ci/runtimes (npm ci)");
  execFileSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: runtimes, stdio: ["ignore", "inherit", "inherit"] });
  writeFileSync(stamp, lock);
}

/** What a runtime printed, `{ passed }` or `{ failed }`, from its last line of output. */
interface Outcome {
  readonly passed?: string[];
  readonly failed?: string;
  /** Worker only: whether Buffer or process was there. */
  readonly nodeGlobals?: boolean;
}

function parseOutcome(stdout: string, stderr: string): Outcome {
  const last = stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last) as Outcome;
  } catch {
    return { failed: `no result line; output:\n${stdout}${stderr}` };
  }
}

function runProcess(cmd: string, args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, timeout: 120_000, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? cwd, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const outcome = parseOutcome(stdout, stderr);
        resolve(error && !outcome.failed ? { failed: `${error.message}\n${stderr}` } : outcome);
      },
    );
  });
}

/** A port free now, for workerd, whose configuration names its port (it cannot report one it was given as 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The worker bundled as Wrangler would (the `workerd` condition first), then served by workerd and asked to run the probe. */
async function runWorkerd(app: string, url: string, compatibilityDate: string, nodeGlobals: boolean): Promise<Outcome> {
  await build({
    absWorkingDir: app,
    entryPoints: [join(app, "worker.mjs")],
    outfile: join(app, "worker.bundle.mjs"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    logLevel: "warning",
  });
  const bundled = readFileSync(join(app, "worker.bundle.mjs"), "utf8");
  // The main build imports node:http lazily; only the fetch-only one has no node: import at all. (The
  // simulator's listen() names node:http in a variable that no bundler resolves: an import, not a string, counts.)
  if (/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']node:[a-z_/]+["']/u.test(bundled))
    return { failed: "the worker bundle imports node: modules: the workerd condition did not pick the fetch-only build" };
  const port = await freePort();
  writeFileSync(join(app, "config.capnp"), workerdConfig(port, compatibilityDate));
  const child: ChildProcess = spawn(bin(".bin/workerd"), ["serve", "config.capnp"], { cwd: app, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    const query = new URLSearchParams({ url, kvm: KVM });
    for (let attempt = 0; attempt < 300; attempt++) {
      if (child.exitCode !== null) return { failed: `workerd exited with ${child.exitCode}:\n${stderr}` };
      try {
        const answer = await fetch(`http://127.0.0.1:${port}/?${query}`, { signal: AbortSignal.timeout(60_000) });
        const outcome = parseOutcome(await answer.text(), stderr);
        if (outcome.failed || outcome.nodeGlobals === nodeGlobals) return outcome;
        return { failed: `compatibility date ${compatibilityDate} ${outcome.nodeGlobals ? "gave" : "did not give"} the worker Node's globals` };
      } catch {
        // Not listening yet: workerd takes a moment to start.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return { failed: `workerd did not answer on port ${port}:\n${stderr}` };
  } finally {
    child.kill();
  }
}

const work = mkdtempSync(join(tmpdir(), "edis-runtimes-"));
const fake = await startFakeEdis();
try {
  ensureRuntimes();
  const packed = JSON.parse(execFileSync(npm, ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" })) as { filename: string }[];
  const app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  execFileSync(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, packed[0]!.filename)], { cwd: app, stdio: "ignore" });
  writeFileSync(join(app, "main.mjs"), ESM_MAIN);
  writeFileSync(join(app, "main.cjs"), CJS_MAIN);
  writeFileSync(join(app, "worker.mjs"), WORKER_MAIN);

  fake.replies = [
    (req, res) => {
      if (req.path === "/kvm/v2/get/screenshot") return json(200, { status: "success", data: SCREENSHOT.uri })(req, res);
      const ip = req.form.get("ip") ?? "";
      if (ip.includes(IPS.redirect)) {
        res.writeHead(302, { location: `${fake.url}/moved-elsewhere` });
        return res.end();
      }
      if (ip.includes(IPS.error)) return text(500, "<h1>Internal Server Error</h1>")(req, res);
      return json(200, { status: "success", records: [{ ip: IPS.ok, ptr_record: PTR }] })(req, res);
    },
  ];
  const node = (label: string, path: string): [string, () => Promise<Outcome>][] => [
    [`${label} ESM`, () => runProcess(path, ["main.mjs", fake.url, KVM], app)],
    [`${label} CJS`, () => runProcess(path, ["main.cjs", fake.url, KVM], app)],
  ];
  const workerd = `workerd ${execFileSync(bin(".bin/workerd"), ["--version"], { encoding: "utf8" }).trim().split(" ")[1]}`;
  const cases: [string, () => Promise<Outcome>][] = [
    ...node(`Node ${process.versions.node}`, process.execPath),
    ...node(`Node ${execFileSync(bin("node-22/bin/node"), ["--version"], { encoding: "utf8" }).trim().slice(1)}`, bin("node-22/bin/node")),
    ...node(`Node ${execFileSync(bin("node-24/bin/node"), ["--version"], { encoding: "utf8" }).trim().slice(1)}`, bin("node-24/bin/node")),
    [`Bun ${execFileSync(bin(".bin/bun"), ["--version"], { encoding: "utf8" }).trim()}`, () => runProcess(bin(".bin/bun"), ["main.mjs", fake.url, KVM], app)],
    [
      `Deno ${execFileSync(bin(".bin/deno"), ["--version"], { encoding: "utf8" }).split(/\s/u)[1]}`,
      () => runProcess(bin(".bin/deno"), ["run", "--no-lock", "--no-prompt", "--allow-net=127.0.0.1", `--allow-read=${app}`, "main.mjs", fake.url, KVM], app),
    ],
    ...Object.entries(WORKERD_DATES).map(([kind, date]): [string, () => Promise<Outcome>] => {
      const nodeGlobals = kind === "withNodeGlobals";
      return [`${workerd} (compatibility date ${date}, ${nodeGlobals ? "with" : "without"} Node globals)`, () => runWorkerd(app, fake.url, date, nodeGlobals)];
    }),
  ];

  let failures = 0;
  for (const [label, run] of cases) {
    const before = fake.received.length;
    const outcome = await run();
    const sent = fake.received.slice(before);
    const agent = sent.find((r) => r.path === "/get/ptr")?.headers["user-agent"] ?? "(none)";
    let problem = outcome.failed;
    if (!problem && sent.length !== REQUESTS_PER_PROBE) problem = `sent ${sent.length} requests, not ${REQUESTS_PER_PROBE}`;
    if (!problem && sent.some((r) => r.path === "/moved-elsewhere")) problem = "followed the redirect";
    if (problem) failures++;
    console.log(problem ? `FAIL ${label}: ${problem}` : `ok   ${label}: ${outcome.passed!.length} checks, ${sent.length} requests (User-Agent: ${agent})`);
  }
  console.log(`${cases.length - failures} passed, ${failures} failed`);
  if (failures > 0) process.exitCode = 1;
} finally {
  await fake.close();
  rmSync(work, { recursive: true, force: true });
}
