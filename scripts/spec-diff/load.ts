/**
 * Reading an OpenAPI document for spec:diff, spec:drift and spec:upstream: a file (JSON or
 * YAML) or `git:REF:PATH`. Anything that cannot be read, is not valid JSON/YAML, or is not
 * OpenAPI 3 becomes one SpecLoadError naming the file, the line and the column.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { type ParseError, parse as parseJsonc } from "jsonc-parser";
import { LineCounter, parseDocument, parse as parseYamlText } from "yaml";
import { keptByText } from "../../src/kept-by-text.js";

export type Doc = Record<string, unknown>;

export interface LoadedDocument {
  /** How the document was named: the file path or `git:REF:PATH`. */
  name: string;
  text: string;
  doc: Doc;
}

/** A document that cannot be used; `message` reads `FILE:LINE:COLUMN: what is wrong`. */
export class SpecLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = "SpecLoadError";
  }
}

/** Line and column (both from 1) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function readText(ref: string, cwd: string): string {
  if (ref.startsWith("git:")) {
    const rest = ref.slice(4);
    const colon = rest.indexOf(":");
    if (colon <= 0 || colon === rest.length - 1) throw new SpecLoadError(ref, 1, 1, "expected git:REF:PATH");
    try {
      return execFileSync("git", ["show", `${rest.slice(0, colon)}:${rest.slice(colon + 1)}`], {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? "")
        .trim()
        .split("\n")[0];
      throw new SpecLoadError(ref, 1, 1, `git cannot show it${stderr ? ` (${stderr})` : ""}`);
    }
  }
  try {
    return readFileSync(ref, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpecLoadError(ref, 1, 1, code === "ENOENT" ? "no such file" : `cannot be read (${code ?? "error"})`);
  }
}

/**
 * Where JSON text first goes wrong, as a character offset. Node's JSON.parse names a position
 * for most errors but not all (Node 20: "Unexpected token 'o', "openapi: 3"... is not valid
 * JSON", "Unexpected end of JSON input"), so the offset is jsonc-parser's, which scans the same
 * grammar and agrees with Node wherever Node gives one.
 */
function jsonErrorOffset(text: string): number {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  return errors[0]?.offset ?? text.length;
}

/**
 * A document published as YAML under a .json name (block YAML: it does not open with `{`)
 * reads as YAML: say so, beside the JSON error. A JSON text with a trailing comma is valid
 * flow YAML, hence the first character.
 */
function yamlHint(text: string): string {
  if (/^\s*[{[]/.test(text)) return "";
  try {
    const value = parseYamlText(text);
    return typeof value === "object" && value !== null && "openapi" in value ? " (the text is YAML, not JSON)" : "";
  } catch {
    return "";
  }
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const reason = message
      .replace(/\s*\(line \d+ column \d+\)/, "")
      .replace(/\s*in JSON at position \d+/, "")
      .replace(/\s*at position \d+/, "");
    const { line, column } = positionOf(text, jsonErrorOffset(text));
    throw new SpecLoadError(name, line, column, `not valid JSON: ${reason}${yamlHint(text)}`);
  }
}

/**
 * The values of the last YAML texts parsed, by text. A run reads spec/ once per revision it
 * takes in or compares (`spec:upstream --from-git` takes in several; the tools' tests run many),
 * and parsing its 150 kB costs about 0.3 s, a deep copy of the value a hundredth of that. A
 * caller gets its own copy, so what it changes no other caller sees.
 */
const parsedYaml = keptByText<unknown>(4);

function parseYaml(name: string, text: string): unknown {
  return structuredClone(parsedYaml(text, () => parseYamlAfresh(name, text)));
}

function parseYamlAfresh(name: string, text: string): unknown {
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = parsed.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new SpecLoadError(name, line, col, `not valid YAML: ${first.message.split("\n")[0]}`);
  }
  return parsed.toJS({ maxAliasCount: -1 });
}

/** Where `needle` first occurs in the text, for errors about a value (1:1 when absent). */
function locate(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  return at < 0 ? { line: 1, column: 1 } : positionOf(text, at);
}

/** Parses a document's text: JSON when the name ends in .json or the text starts with `{`. */
export function parseDocumentText(name: string, text: string): Doc {
  const path = name.startsWith("git:") ? name.slice(name.lastIndexOf(":") + 1) : name;
  const json = /\.json$/i.test(path) || (!/\.ya?ml$/i.test(path) && text.trimStart().startsWith("{"));
  const value = json ? parseJson(name, text) : parseYaml(name, text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SpecLoadError(name, 1, 1, "not an OpenAPI document (the top level is not an object)");
  }
  const doc = value as Doc;
  const version = doc.openapi;
  if (typeof version !== "string" || !/^3\.\d+(\.\d+)?$/.test(version)) {
    const { line, column } = locate(text, "openapi");
    const found = version === undefined ? "no `openapi` field" : `openapi: ${JSON.stringify(version)}`;
    throw new SpecLoadError(name, line, column, `not an OpenAPI 3 document (${found})`);
  }
  if (typeof doc.paths !== "object" || doc.paths === null) {
    const { line, column } = locate(text, "paths");
    throw new SpecLoadError(name, line, column, "not an OpenAPI 3 document (no `paths` object)");
  }
  return doc;
}

/** Reads and parses a file or `git:REF:PATH` (relative to `cwd`). */
export function loadDocument(ref: string, cwd: string = process.cwd()): LoadedDocument {
  const text = readText(ref, cwd);
  return { name: ref, text, doc: parseDocumentText(ref, text) };
}
