/**
 * `prism proxy` in the test's own process: the same server `prism proxy VIEW UPSTREAM` starts
 * (prism-cli's createSingleProcessPrism, with the options its command line gives by default:
 * request validation on, `--errors` off, CORS on), from the same view of spec/, on a loopback
 * port. A Prism process costs about 3 s of CPU to start, most of it loading Prism; here Prism is
 * loaded once for the worker, and each proxy costs the reading of its view. Its log is off
 * (`verboseLevel: silent`): a proxy's log holds credentials. What contract:live does with a
 * Prism process is the same (scripts/lib/prism.ts starts it; the contract suite runs Prism as
 * a process throughout).
 */
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { PrismServer } from "../scripts/lib/prism.js";
import { freePort } from "../scripts/lib/prism.js";
import { writePrismView } from "../scripts/lib/prism-view.js";

interface PrismHttpServer {
  close(): Promise<void>;
}
type CreatePrism = (options: Record<string, unknown>) => Promise<PrismHttpServer | undefined>;

const require = createRequire(import.meta.url);

/** Starts a Prism proxy in front of `upstream`, in this process; resolves once it listens. */
export async function startPrismProxyHere(upstream: string): Promise<PrismServer> {
  const entry = require.resolve("@stoplight/prism-cli/dist/util/createServer.js");
  const { createSingleProcessPrism } = require(entry) as { createSingleProcessPrism: CreatePrism };
  // Prism prints one line itself ("Starting Prism…", straight to stdout): off while it starts, in
  // the signale that Prism's own require finds.
  const signale = createRequire(entry)("signale") as { disable(): void; enable(): void };
  const document = writePrismView();
  const removeView = () => rmSync(dirname(document), { recursive: true, force: true });
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      signale.disable();
      let starting: Promise<PrismHttpServer | undefined>;
      try {
        starting = createSingleProcessPrism({
          document,
          upstream: new URL(upstream),
          host: "127.0.0.1",
          port,
          // What `prism proxy` passes by default (its other options are the mock's).
          cors: true,
          errors: false,
          validateRequest: true,
          upstreamProxy: undefined,
          multiprocess: false,
          verboseLevel: "silent",
        });
      } finally {
        signale.enable();
      }
      const server = await starting;
      if (!server) throw new Error("Prism did not start a server");
      return {
        url: `http://127.0.0.1:${port}`,
        stop: async () => {
          await server.close();
          removeView();
        },
      };
    } catch (error) {
      // Another process took the port in between: once more on another.
      if (attempt < 3 && String(error instanceof Error ? error.message : error).includes("EADDRINUSE")) continue;
      removeView();
      throw error;
    }
  }
}
