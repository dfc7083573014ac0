/**
 * The two run-time helpers of ajv that the build-time validators (generated/*-validators.ts)
 * call, written here so that the simulator loads no ajv where it runs: the length of a string
 * in code points (JSON Schema's minLength and maxLength), and deep equality (uniqueItems, enum).
 */

/** Length of `text` in Unicode code points, as JSON Schema counts it. */
function ucs2length(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Deep equality of two JSON values (no NaN among them). */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export const ajvRuntime = { ucs2length, equal };
