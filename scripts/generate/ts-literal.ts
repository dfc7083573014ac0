/**
 * A JSON value as a TypeScript literal that reads like hand-written code: unquoted keys where
 * they are identifiers, a value on one line when it fits, else one entry per line. The
 * outermost `breakDepth` levels, and the values of `breakKeys`, always take one entry per line
 * (a table: one operation per block, one property per line, one field per line), and `ref`
 * may name a value instead of writing it out (a shared field constant).
 */

export interface LiteralOptions {
  /** Levels that always break, one entry per line, whatever their length. */
  breakDepth?: number;
  /** Keys whose value always breaks, one entry per line (`fields`: one field per line). */
  breakKeys?: ReadonlySet<string>;
  /** A name to write instead of the value (undefined: write the value). */
  ref?: (value: unknown) => string | undefined;
}

/** A line longer than this breaks into one entry per line. A request field with its rule fits. */
const WIDTH = 400;
const INDENT = "  ";

export function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

export function tsLiteral(value: unknown, options: LiteralOptions = {}): string {
  return render(value, 0, options, false);
}

function render(value: unknown, depth: number, options: LiteralOptions, mustBreak: boolean): string {
  const name = depth > 0 ? options.ref?.(value) : undefined;
  if (name !== undefined) return name;
  if (value === null || typeof value !== "object") {
    if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      throw new Error(`no literal for a ${typeof value}`);
    }
    return JSON.stringify(value);
  }
  const entries = Array.isArray(value)
    ? value.map((item) => render(item, depth + 1, options, false))
    : Object.entries(value).map(([key, item]) => `${propertyKey(key)}: ${render(item, depth + 1, options, options.breakKeys?.has(key) === true)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{ ", " }"];
  if (entries.length === 0) return Array.isArray(value) ? "[]" : "{}";
  const inline = `${open}${entries.join(", ")}${close}`;
  const fits = !inline.includes("\n") && INDENT.length * depth + inline.length <= WIDTH;
  if (!mustBreak && depth >= (options.breakDepth ?? 0) && fits) return inline;
  const inner = INDENT.repeat(depth + 1);
  return `${open.trim()}\n${entries.map((e) => `${inner}${e},`).join("\n")}\n${INDENT.repeat(depth)}${close.trim()}`;
}
