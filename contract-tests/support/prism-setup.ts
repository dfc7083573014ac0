/**
 * Starts the Prism mocks of the contract suite, once for a run, and stops them afterwards.
 *
 * Vitest runs a project's globalSetup once per project, all in its own process, before any
 * test: `contract` and `contract-fetch` would start every Prism twice (each start costs about
 * 3 s of CPU). The servers are kept on the process's globalThis instead (each project loads
 * this module on its own), the second setup uses them, and the last teardown stops them.
 *
 * - `management`, `order`: the Prism view of each document of spec/ (scripts/lib/prism-view.ts),
 *   which every operation's contract test talks to. When the view the package ships
 *   (spec/edis-<api>-api.prism.yaml) is that view, as `npm run generate:check` requires, this
 *   one Prism is also the one started "as a user starts it", from the shipped file; when spec/
 *   was changed and not regenerated, both are started, so that each is tested as it is.
 * - `dynamic`: the management view for Prism's dynamic mode (`-d`), one server for every seed:
 *   a recorder per seed asks for it with `Prefer: seed=…` (Prism reseeds each answer).
 * - `managementSpec`: Prism started from spec/edis-management-api.yaml itself.
 */
import { isDeepStrictEqual } from "node:util";
import type { TestProject } from "vitest/node";
import { type PrismServer, startPrism } from "../../scripts/lib/prism.js";
import { prismView } from "../../scripts/lib/prism-view.js";
import { loadSpec, specPathFor } from "../../scripts/lib/spec.js";

/** The base URL of each Prism of the suite. */
export interface ContractPrisms {
  management: string;
  order: string;
  dynamic: string;
  managementSpec: string;
  /** Prism started from the view the package ships beside each document. */
  shipped: { management: string; order: string };
}

declare module "vitest" {
  export interface ProvidedContext {
    prisms: ContractPrisms;
  }
}

/** The view the package ships beside the document of `api`, as a file path. */
export function shippedViewOf(api: "management" | "order"): string {
  return new URL(`../../spec/edis-${api}-api.prism.yaml`, import.meta.url).pathname;
}

interface Started {
  urls: ContractPrisms;
  stop(): Promise<void>;
}

/** Starts every Prism at once; if one fails to start, stops the others before failing. */
async function startAll(): Promise<Started> {
  const servers: PrismServer[] = [];
  const start = async (options: Parameters<typeof startPrism>[0]): Promise<string> => {
    const server = await startPrism(options);
    servers.push(server);
    return server.url;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  /** One Prism from the shipped view when it is the view of spec/; otherwise one of each. */
  const startView = async (api: "management" | "order"): Promise<[string, string]> => {
    const shipped = shippedViewOf(api);
    if (isDeepStrictEqual(loadSpec(shipped), prismView(loadSpec(specPathFor(api)), { api }))) {
      const url = await start({ file: shipped });
      return [url, url];
    }
    const [fresh, asShipped] = await Promise.allSettled([start({ api }), start({ file: shipped })]);
    if (fresh.status === "rejected") throw fresh.reason;
    if (asShipped.status === "rejected") throw asShipped.reason;
    return [fresh.value, asShipped.value];
  };
  const started = await Promise.allSettled([
    startView("management"),
    startView("order"),
    start({ dynamic: true }),
    start({ file: specPathFor("management") }),
  ] as const);
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [[management, shippedManagement], [order, shippedOrder], dynamic, managementSpec] = started.map(
    (s) => (s as PromiseFulfilledResult<unknown>).value,
  ) as [[string, string], [string, string], string, string];
  return { urls: { management, order, dynamic, managementSpec, shipped: { management: shippedManagement, order: shippedOrder } }, stop };
}

const SHARED = Symbol.for("edis-global.contract-prisms");
interface Shared {
  started: Promise<Started>;
  users: number;
}
const holder = globalThis as { [SHARED]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  holder[SHARED] ??= { started: startAll(), users: 0 };
  const shared = holder[SHARED];
  shared.users += 1;
  let prisms: Started;
  try {
    prisms = await shared.started;
  } catch (error) {
    shared.users -= 1;
    if (holder[SHARED] === shared) delete holder[SHARED];
    throw error;
  }
  project.provide("prisms", prisms.urls);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    if (holder[SHARED] === shared) delete holder[SHARED];
    await prisms.stop();
  };
}
