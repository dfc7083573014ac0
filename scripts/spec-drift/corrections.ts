/**
 * The structured `x-edis-correction` of spec/: on any element of the spec,
 *
 *     x-edis-correction:
 *       overrides: [request-field-required, "request-field-removed:pubkey"]
 *       why: Upstream has no required list; the prose requires every field.
 *
 * Each entry of `overrides` is a spec:diff kind (a `*` glob), optionally followed by `:` and
 * the path of the change relative to the element that carries the correction (`""` for the
 * element itself). A difference from upstream is accounted for when a correction on the
 * element it concerns, or on one of that element's parents in the operation, lists its kind.
 */
import type { Change } from "../spec-diff/compare.js";
import type { CorrectionNote, OperationView } from "../spec-diff/normalize.js";
import { globMatch } from "./glob.js";

export interface Correction {
  pointer: string;
  overrides: { kind: string; path?: string; entry: string }[];
  why: string;
}

/** An element of an operation that may carry corrections, and its path in the operation. */
interface Element {
  path: string;
  notes: CorrectionNote[];
}

export function parseCorrection(note: CorrectionNote): Correction {
  const value = note.value as { overrides?: unknown; why?: unknown } | string;
  if (typeof value !== "object" || value === null || !Array.isArray(value.overrides) || typeof value.why !== "string" || value.why.trim() === "") {
    throw new Error(`x-edis-correction at ${note.pointer} must be { overrides: [kind[:path], …], why: "…" }`);
  }
  return {
    pointer: note.pointer,
    why: value.why,
    overrides: value.overrides.map((entry) => {
      if (typeof entry !== "string" || entry === "") throw new Error(`x-edis-correction at ${note.pointer}: an override must be a non-empty string`);
      const colon = entry.indexOf(":");
      return colon < 0 ? { kind: entry, entry } : { kind: entry.slice(0, colon), path: entry.slice(colon + 1), entry };
    }),
  };
}

/** Every element of the operation, with its path: the operation, servers, bodies, fields. */
function elementsOf(op: OperationView): Element[] {
  const out: Element[] = [
    { path: "", notes: op.corrections },
    { path: "servers", notes: op.serverCorrections },
  ];
  for (const field of op.parameters.values()) out.push({ path: field.path, notes: field.corrections });
  const bodies = [...(op.request ? [op.request] : []), ...op.responses.values()];
  for (const body of bodies) {
    out.push({ path: body.path, notes: body.corrections });
    for (const field of body.fields.values()) out.push({ path: field.path, notes: field.corrections });
  }
  return out;
}

/** `path` relative to `base` when `base` contains it ("" for the element itself), else undefined. */
function relativeTo(base: string, path: string): string | undefined {
  if (base === "") return path;
  if (path === base) return "";
  if (path.startsWith(base) && ".[{".includes(path[base.length]!)) return path.slice(base.length).replace(/^\./, "");
  return undefined;
}

export interface Match {
  correction: Correction;
  entry: string;
}

/** The corrections of `op` (in spec/) that account for `change`. */
export function matchCorrections(op: OperationView | undefined, change: Change, parse: (n: CorrectionNote) => Correction): Match[] {
  if (!op) return [];
  const matches: Match[] = [];
  for (const element of elementsOf(op)) {
    if (element.notes.length === 0) continue;
    const rel = relativeTo(element.path, change.path);
    if (rel === undefined) continue;
    for (const note of element.notes) {
      const correction = parse(note);
      for (const o of correction.overrides) {
        if (globMatch(o.kind, change.kind) && (o.path === undefined || globMatch(o.path, rel))) matches.push({ correction, entry: o.entry });
      }
    }
  }
  return matches;
}

/** Every `x-edis-correction` in the document, with its pointer. */
export function allCorrectionNotes(node: unknown, pointer = ""): CorrectionNote[] {
  if (typeof node !== "object" || node === null) return [];
  const out: CorrectionNote[] = [];
  for (const [key, value] of Object.entries(node)) {
    const at = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (key === "x-edis-correction") out.push({ pointer: pointer || "/", value });
    else out.push(...allCorrectionNotes(value, at));
  }
  return out;
}
