/**
 * Which API a vendor document belongs to, read from the document itself: its `info.title`,
 * the hosts of its servers and its paths, each compared with the current vendored document of
 * every API. The vendor has kept both titles since the first revisions here, and the two APIs
 * share no path, so one API always matches clearly; a document that matches none (or two
 * equally) is not taken.
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

/** The API among `known` (each with its current document and its file name) that `doc` belongs to. */
export function identifyApi(doc: Doc, known: { api: Api; doc: Doc; file: string }[]): Identified {
  const paths = new Set(Object.keys((doc.paths as object) ?? {}));
  const ownHosts = hosts(doc);
  const scored = known.map((k) => {
    const samePaths = shared(paths, new Set(Object.keys((k.doc.paths as object) ?? {})));
    const sameHosts = shared(ownHosts, hosts(k.doc));
    const sameTitle = title(doc) !== undefined && title(doc) === title(k.doc);
    // The title counts most; paths and hosts as the share of the document's own that match.
    const score = (sameTitle ? 2 : 0) + (paths.size ? samePaths / paths.size : 0) + (ownHosts.size ? sameHosts / ownHosts.size : 0);
    return { ...k, score, samePaths };
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  const evidence = `info.title ${JSON.stringify(title(doc) ?? null)}; ${scored.map((s) => `${s.samePaths} of its ${paths.size} paths in ${s.file}`).join(", ")}`;
  const clear = best !== undefined && best.score >= 1 && (scored[1] === undefined || best.score - scored[1].score >= 0.5);
  return { api: clear ? best.api : undefined, evidence };
}
