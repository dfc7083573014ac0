/**
 * Compares the fields of one side of an operation (its parameters, its request body or one
 * response): fields added, removed, retyped, made required or optional, deprecated, and for
 * request fields their constraints, enums and encoding. A node whose type changed stands for
 * everything beneath it.
 */
import { type ChangeList, compareDocs, compareExt, fieldName, same, show } from "./changes.js";
import type { FieldView } from "./normalize.js";
import type { Kind } from "./rules.js";

const LOWER_IS_STRICTER = new Set(["maxLength", "maximum", "maxItems", "maxProperties", "exclusiveMaximum"]);
const HIGHER_IS_STRICTER = new Set(["minLength", "minimum", "minItems", "minProperties", "exclusiveMinimum"]);

function compareConstraints(list: ChangeList, f: FieldView, t: FieldView, what: string): void {
  for (const key of new Set([...Object.keys(f.constraints), ...Object.keys(t.constraints)])) {
    const a = f.constraints[key];
    const b = t.constraints[key];
    if (same(a, b)) continue;
    const detail = `${what}: ${key} ${show(a)} → ${show(b)}`;
    if (key === "format") list.add(b === undefined ? "request-format-removed" : "request-format-changed", t.path, a, b, detail);
    else if (key === "pattern") list.add(b === undefined ? "request-pattern-removed" : "request-pattern-changed", t.path, a, b, detail);
    else if (key === "default") list.add("request-default-changed", t.path, a, b, detail);
    else {
      let tighter: boolean;
      if (b === undefined) tighter = false;
      else if (a === undefined) tighter = true;
      else if (typeof a === "number" && typeof b === "number" && LOWER_IS_STRICTER.has(key)) tighter = b < a;
      else if (typeof a === "number" && typeof b === "number" && HIGHER_IS_STRICTER.has(key)) tighter = b > a;
      else if (key === "uniqueItems") tighter = b === true;
      else tighter = true;
      list.add(tighter ? "request-constraint-tightened" : "request-constraint-loosened", t.path, a, b, detail);
    }
  }
}

function compareEnum(list: ChangeList, side: "request" | "response", f: FieldView, t: FieldView, what: string): void {
  if (!f.enum && !t.enum) return;
  if (!f.enum || !t.enum) {
    const kind: Kind = t.enum ? `${side}-enum-added` : `${side}-enum-removed`;
    list.add(
      kind,
      t.path,
      f.enum?.map((v) => JSON.parse(v)),
      t.enum?.map((v) => JSON.parse(v)),
      `${what} ${t.enum ? "is now limited to an enum" : "is no longer limited to an enum"}`,
    );
    return;
  }
  for (const v of f.enum) {
    if (!t.enum.includes(v)) list.add(`${side}-enum-value-removed`, t.path, JSON.parse(v), null, `${what}: enum value ${v} removed`);
  }
  for (const v of t.enum) {
    if (!f.enum.includes(v)) list.add(`${side}-enum-value-added`, t.path, null, JSON.parse(v), `${what}: enum value ${v} added`);
  }
}

/** True when a proper ancestor of `path` is in `paths` (so only the ancestor is reported). */
function underAny(path: string, paths: Set<string>): boolean {
  for (const p of paths) if (path.length > p.length && path.startsWith(p) && ".[{".includes(path[p.length]!)) return true;
  return false;
}

export function compareFields(list: ChangeList, side: "request" | "response", from: Map<string, FieldView>, to: Map<string, FieldView>): void {
  const added = new Set([...to.keys()].filter((p) => !from.has(p)));
  const removed = new Set([...from.keys()].filter((p) => !to.has(p)));
  // A node whose type changed stands for everything beneath it.
  const retyped = new Set([...to.keys()].filter((p) => from.has(p) && from.get(p)!.type !== to.get(p)!.type));
  const skip = new Set([...added, ...removed, ...retyped]);
  for (const path of removed) {
    if (underAny(path, skip)) continue;
    const f = from.get(path)!;
    list.add(`${side}-field-removed`, path, f.type, null, `${side} field ${fieldName(path)} removed`);
  }
  for (const path of added) {
    if (underAny(path, skip)) continue;
    const t = to.get(path)!;
    if (side === "request") {
      list.add(
        t.required ? "request-field-added-required" : "request-field-added",
        path,
        null,
        t.type,
        `${t.required ? "required" : "optional"} request field ${fieldName(path)} added`,
      );
    } else list.add("response-field-added", path, null, t.type, `response field ${fieldName(path)} added`);
  }
  for (const [path, t] of to) {
    const f = from.get(path);
    if (!f || underAny(path, skip)) continue;
    const what = `${side} field ${fieldName(path)}`;
    if (f.type !== t.type) {
      list.add(`${side}-field-type-changed`, path, f.type, t.type, `${what} type changed from ${f.type} to ${t.type}`);
    }
    // A body's root is required when the body is: compareBodies reports that.
    if (f.required !== t.required && path.includes(".")) {
      const kind: Kind =
        side === "request"
          ? t.required
            ? "request-field-required"
            : "request-field-optional"
          : t.required
            ? "response-field-required"
            : "response-field-optional";
      list.add(kind, path, f.required, t.required, `${what} became ${t.required ? "required" : "optional"}`);
    }
    if (!f.deprecated && t.deprecated) list.add(`${side}-field-deprecated`, path, false, true, `${what} deprecated`);
    if (f.type === t.type) compareEnum(list, side, f, t, what);
    if (side === "request") {
      compareConstraints(list, f, t, what);
      if (f.encoding !== t.encoding)
        list.add("request-encoding-changed", path, f.encoding, t.encoding, `${what} encoding ${show(f.encoding)} → ${show(t.encoding)}`);
    }
    compareExt(list, path, what, f.ext, t.ext);
    compareDocs(list, path, what, f.docs, t.docs);
  }
}
