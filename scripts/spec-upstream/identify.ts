/**
 * Which API a vendor document belongs to, read from the document itself: its `info.title`,
 * the hosts of its servers and its paths, each compared with the current vendored document of
 * every API. The vendor has kept both titles since the first revisions here, and the two APIs
 * share no path nor host, so the signs agree; a document whose signs name no API, or name two,
 * is not taken.
 */
import type { Doc } from "../spec-diff/load.js";
import type { Api } from "./manifest.js";

export interface Identified {
  api: Api | undefined;
  /** What the document shows, in words, for a refusal: `info.title "…"; 0 of its 12 paths in management-openapi.json, …`. */
  evidence: string;
}

const title = (doc: Doc): string | undefined => {
  const info = doc.info as { title?: unknown } | undefined;
  return typeof info?.title === "string" ? info.title : undefined;
};

/** Every server host the document names, at the root, on path items and on operations. */
function hosts(doc: Doc): Set<string> {
  const out = new Set<string>();
  const add = (servers: unknown) => {
    if (!Array.isArray(servers)) return;
    for (const s of servers) {
      const url = typeof s === "object" && s !== null ? (s as { url?: unknown }).url : undefined;
      const host = typeof url === "string" ? /^[a-z]+:\/\/([^/]+)/i.exec(url)?.[1] : undefined;
      if (host) out.add(host.toLowerCase());
    }
  };
  add(doc.servers);
  for (const item of Object.values((doc.paths as Record<string, unknown>) ?? {})) {
    if (typeof item !== "object" || item === null) continue;
    add((item as Doc).servers);
    for (const op of Object.values(item)) if (typeof op === "object" && op !== null) add((op as Doc).servers);
  }
  return out;
}

const shared = (a: Set<string>, b: Set<string>) => [...a].filter((x) => b.has(x)).length;

/** The API that has more than half of `own` (paths or hosts), if one does. */
function majority(own: Set<string>, theirs: { api: Api; items: Set<string> }[]): Api | undefined {
  if (own.size === 0) return undefined;
  return theirs.find((t) => shared(own, t.items) / own.size > 0.5)?.api;
}

/**
 * The API among `known` (each with its current document and its file name) that `doc` belongs
 * to: each sign (the title, most of the paths, most of the server hosts) names an API or none,
 * and the document is that API's when the signs name one API and no other.
 */
export function identifyApi(doc: Doc, known: { api: Api; doc: Doc; file: string }[]): Identified {
  const paths = new Set(Object.keys((doc.paths as object) ?? {}));
  const own = title(doc);
  const theirPaths = known.map((k) => ({ api: k.api, file: k.file, items: new Set(Object.keys((k.doc.paths as object) ?? {})) }));
  const signs = [
    own === undefined ? undefined : known.find((k) => title(k.doc) === own)?.api,
    majority(paths, theirPaths),
    majority(
      hosts(doc),
      known.map((k) => ({ api: k.api, items: hosts(k.doc) })),
    ),
  ];
  const named = new Set(signs.filter((a): a is Api => a !== undefined));
  const byPaths = [...theirPaths].sort((a, b) => shared(paths, b.items) - shared(paths, a.items));
  const evidence = `info.title ${JSON.stringify(own ?? null)}; ${byPaths.map((t) => `${shared(paths, t.items)} of its ${paths.size} paths in ${t.file}`).join(", ")}`;
  return { api: named.size === 1 ? [...named][0] : undefined, evidence };
}
