/**
 * Constraints spec/ reads from the vendor's prose: an enum, a pattern or a required list that
 * upstream writes only in words. The element carrying one records the words it came from,
 *
 *     x-edis-from-prose:
 *       operation: POST /kvm/v2/set/config
 *       field: requestBody.config          # spec:diff's path in the operation; "" for the operation
 *       in: description                    # optional: description (default), summary or title
 *       text: "`auto_hydration`: `off`, `100`, `500`, or `1000` depending on available hydration packages"
 *
 * and spec:drift checks that upstream still says them (white space aside). When the words
 * change, spec:drift fails naming the operation and the field, with the text upstream has now,
 * until a maintainer has read it and updated the constraint and `text`.
 */
import type { ClientView, FieldView, OperationView } from "../spec-diff/normalize.js";
import { escapeText } from "./escape.js";

export interface ProseSource {
  /** Where in spec/ the `x-edis-from-prose` is. */
  pointer: string;
  operation: string;
  field: string;
  in: string;
  text: string;
}

export interface ProseChange {
  source: ProseSource;
  operationId: string | null;
  /** What upstream says there now (undefined when the operation or field is gone). */
  now: string | undefined;
}

const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();

/** Every `x-edis-from-prose` of a document, checked for shape. */
export function proseSources(node: unknown, pointer = ""): ProseSource[] {
  if (typeof node !== "object" || node === null) return [];
  const out: ProseSource[] = [];
  for (const [key, value] of Object.entries(node)) {
    const at = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (key !== "x-edis-from-prose") {
      out.push(...proseSources(value, at));
      continue;
    }
    for (const [i, v] of (Array.isArray(value) ? value : [value]).entries()) {
      const where = Array.isArray(value) ? `${at}/${i}` : at;
      const s = v as Partial<ProseSource>;
      if (
        typeof s !== "object" ||
        s === null ||
        typeof s.operation !== "string" ||
        typeof s.field !== "string" ||
        typeof s.text !== "string" ||
        squeeze(s.text) === ""
      ) {
        throw new Error(`x-edis-from-prose at ${where} must be { operation, field, text } (and optionally in)`);
      }
      out.push({ pointer: where, operation: s.operation, field: s.field, in: typeof s.in === "string" ? s.in : "description", text: s.text });
    }
  }
  return out;
}

/** The words of an operation's element at spec:diff's path, as upstream has them. */
function wordsAt(op: OperationView, field: string, key: string): string | undefined {
  if (field === "") return op.docs[key];
  const bodies = [...(op.request ? [op.request] : []), ...op.responses.values()];
  const body = bodies.find((b) => b.path === field);
  if (body) return body.docs[key];
  const found: FieldView | undefined = op.parameters.get(field) ?? bodies.map((b) => b.fields.get(field)).find((f) => f !== undefined);
  return found?.docs[key];
}

/** The sources whose words upstream no longer has. */
export function changedProse(upstream: ClientView, sources: ProseSource[]): ProseChange[] {
  const out: ProseChange[] = [];
  for (const source of sources) {
    const op = upstream.get(source.operation);
    const now = op ? wordsAt(op, source.field, source.in) : undefined;
    if (now !== undefined && squeeze(now).includes(squeeze(source.text))) continue;
    out.push({ source, operationId: op?.operationId ?? null, now });
  }
  return out;
}

/** Upstream's words around where the recorded text stops matching, shortened. */
function around(now: string, text: string, width = 160): string {
  const flat = squeeze(now);
  const quote = squeeze(text);
  let keep = quote.length;
  while (keep > 8 && !flat.includes(quote.slice(0, keep))) keep--;
  const at = keep > 8 ? flat.indexOf(quote.slice(0, keep)) : 0;
  const cut = flat.slice(at, at + width);
  return `${at > 0 ? "…" : ""}${cut}${at + width < flat.length ? "…" : ""}`;
}

export function renderProseChange(c: ProseChange): string {
  const { source } = c;
  const head = `prose changed: ${source.operation}${c.operationId ? ` (${c.operationId})` : ""} ${source.field || "(operation)"}`;
  const was = `spec/ read "${escapeText(source.text)}" from its ${source.in} (x-edis-from-prose at ${source.pointer})`;
  return c.now === undefined ? `${head}: gone upstream; ${was}` : `${head}: ${was}; upstream now says "${escapeText(around(c.now, source.text))}"`;
}
