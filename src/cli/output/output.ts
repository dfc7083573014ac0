/**
 * The output formats of every command: `-o table|json|yaml|csv` (`--json` is `-o json`),
 * `--no-header` and `--fields a,b`. The flags are checked before anything is sent; a result is
 * printed in the format asked for. JSON is exactly the data; YAML is the same data, read alike
 * by YAML 1.1 and 1.2 readers (yaml-output.ts); a table or CSV shows the
 * records of a result (or the key/value pairs of an object), with the fields --fields names.
 * On a terminal the default table shows values in their units and draws the API's charts
 * (terminal-view.ts, loaded only then); everywhere else the output is the data as it came.
 */
import { InvalidArgumentError } from "commander";
import { csvLine } from "./csv.js";
import { UsageError } from "../errors.js";
import { type OrderTable, orderTable } from "./order-view.js";
import { writeYaml } from "./yaml-output.js";
import { type RenderTarget, cell, checkCells, chunkedWriter, clean, flatten, isPlainObject, printHuman, toJson, writePairs, writeTable } from "./render.js";

export const OUTPUT_FORMATS = ["table", "json", "yaml", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What the output flags ask for. */
export interface OutputSettings {
  readonly format: OutputFormat;
  /** A header row (table, csv); false with --no-header. */
  readonly header: boolean;
  /** The columns or keys to show (table, csv), in this order. */
  readonly fields: readonly string[] | undefined;
  /** Charts drawn on a terminal; false with --no-chart. */
  readonly chart: boolean;
}

/** The output flags as commander parsed them (`header` is false with --no-header). */
export interface OutputFlags {
  output?: OutputFormat;
  json?: boolean;
  header?: boolean;
  fields?: string[];
  /** False with --no-chart. */
  chart?: boolean;
}

/** `a,b` → `["a", "b"]` (commander reports an empty name as a usage error). */
export function parseFieldList(value: string): string[] {
  const names = value.split(",").map((name) => name.trim());
  if (names.some((name) => name === "")) throw new InvalidArgumentError("--fields must be names separated by commas.");
  return names;
}

/** The settings of the flags; contradicting flags are a usage error. */
export function outputSettings(flags: OutputFlags): OutputSettings {
  if (flags.json && flags.output !== undefined && flags.output !== "json") throw new UsageError(`--json means -o json: it cannot go with -o ${flags.output}`);
  const format: OutputFormat = flags.json ? "json" : (flags.output ?? "table");
  if (format === "json" || format === "yaml") {
    if (flags.fields) throw new UsageError(`--fields chooses the columns of -o table or csv; -o ${format} prints the whole result`);
    if (flags.header === false) throw new UsageError(`--no-header applies to -o table and csv; -o ${format} has no header`);
  }
  return { format, header: flags.header !== false, fields: flags.fields, chart: flags.chart !== false };
}

/** How a command shows its result as a table or CSV, where the generic way would say too much or too little. */
export interface TableView {
  /** The records to show (default: the result, when it is a list of records). */
  readonly rows?: readonly Record<string, unknown>[];
  /** The columns without --fields (default: every field of the rows). */
  readonly columns?: readonly string[];
  /** A sentence shown instead of the result (-o table without --fields). */
  readonly message?: string;
  /** The operation whose result this is: on a terminal, its values are shown as the spec says (units, dates, charts). */
  readonly operationId?: string;
}

/** A result as tables and CSV see it. */
type Shape =
  | { readonly kind: "records"; readonly rows: readonly Record<string, unknown>[]; readonly columns: readonly string[]; readonly known: readonly string[] }
  | { readonly kind: "pairs"; readonly pairs: readonly [string, unknown][] }
  | { readonly kind: "values"; readonly values: readonly unknown[] };

function shapeOf(value: unknown, view: TableView): Shape {
  const rows = view.rows ?? (Array.isArray(value) && value.length > 0 && value.every(isPlainObject) ? value : undefined);
  if (rows) {
    const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    const columns = view.columns ?? keys;
    return { kind: "records", rows, columns, known: [...new Set([...columns, ...keys])] };
  }
  if (isPlainObject(value)) return { kind: "pairs", pairs: flatten(value) };
  if (Array.isArray(value)) return { kind: "values", values: value };
  return { kind: "values", values: value === undefined || value === null ? [] : [value] };
}

function unknownField(name: string, known: readonly string[]): never {
  const valid = known.length > 0 ? `the fields of this result are ${known.map(clean).join(", ")}` : "this result has no fields, only values";
  throw new UsageError(`--fields: unknown field ${JSON.stringify(name)}; ${valid}`);
}

/** The names --fields chose, each checked against `known` (an empty list of records accepts any). */
function chosen(fields: readonly string[], known: readonly string[], empty: boolean): readonly string[] {
  if (!empty) for (const name of fields) if (!known.includes(name)) unknownField(name, known);
  return fields;
}

/** The result as header and rows of strings-to-be (tables and CSV alike). */
function grid(shape: Shape, settings: OutputSettings): { header: readonly string[]; rows: readonly (readonly unknown[])[] } {
  switch (shape.kind) {
    case "records": {
      const columns = settings.fields ? chosen(settings.fields, shape.known, false) : shape.columns;
      checkCells(shape.rows.length, columns.length);
      return { header: columns, rows: shape.rows.map((row) => columns.map((c) => row[c])) };
    }
    case "pairs": {
      const known = shape.pairs.map(([key]) => key);
      const keys = settings.fields ? chosen(settings.fields, known, false) : known;
      const byKey = new Map(shape.pairs);
      return { header: keys, rows: [keys.map((k) => byKey.get(k))] };
    }
    case "values":
      if (settings.fields) return { header: chosen(settings.fields, [], shape.values.length === 0), rows: [] };
      return { header: ["value"], rows: shape.values.map((v) => [v]) };
  }
}

/** The table of a result that is not printed the default way. */
function printTable(target: RenderTarget, shape: Shape, settings: OutputSettings): void {
  const { header, rows } = grid(shape, settings);
  if (shape.kind === "records") {
    const cells = rows.map((row) => row.map(cell));
    // On a terminal, a column with no value in any row says nothing (columns --fields names stay).
    const kept = header.map((_, i) => i).filter((i) => !target.tty || settings.fields !== undefined || cells.some((row) => row[i] !== ""));
    writeTable(
      target,
      kept.map((i) => clean(header[i]!)),
      cells.map((row) => kept.map((i) => row[i]!)),
      settings.header,
    );
  } else if (shape.kind === "pairs") {
    const values = rows[0]!.map(cell);
    if (!settings.header) {
      const out = chunkedWriter(target);
      for (const value of values) out.add(`${value}\n`);
      out.end();
      return;
    }
    writePairs(
      target,
      header.map((k, i): [string, string] => [k, values[i]!]),
    );
  } else {
    if (rows.length === 0) {
      target.write("(none)\n");
      return;
    }
    const out = chunkedWriter(target);
    for (const [v] of rows) out.add(`${cell(v)}\n`);
    out.end();
  }
}

/**
 * An ORDER API list as its table (order-view.ts); --fields chooses among every field of its rows.
 * The tables below the first (a plan's add-ons) follow under their headings, unless --fields or
 * --no-header asks for one table to read or grep.
 */
function printOrderTable(target: RenderTarget, settings: OutputSettings, table: OrderTable): void {
  const shape = (rows: OrderTable["rows"], columns: readonly string[]): Shape => ({
    kind: "records",
    rows,
    columns,
    known: [...new Set([...columns, ...rows.flatMap((row) => Object.keys(row))])],
  });
  printTable(target, shape(table.rows, table.columns), settings);
  if (settings.fields !== undefined || !settings.header) return;
  for (const more of table.more ?? []) {
    target.write(`\n${more.heading}\n`);
    printTable(target, shape(more.rows, more.columns), settings);
  }
}

/** Prints `value` as `settings` ask, shown as `view` says in a table or CSV. */
export async function printResult(target: RenderTarget, settings: OutputSettings, value: unknown, view: TableView = {}): Promise<void> {
  switch (settings.format) {
    case "json":
      return target.write(`${toJson(value)}\n`);
    case "yaml": {
      // JSON data first (bytes as base64, as --json has them), then YAML that 1.1 and 1.2 readers read alike (yaml-output.ts).
      const out = chunkedWriter(target);
      writeYaml(JSON.parse(toJson(value)) as unknown, (text) => out.add(text));
      return out.end();
    }
    case "csv": {
      const { header, rows } = grid(shapeOf(value, view), settings);
      const out = chunkedWriter(target);
      if (settings.header) out.add(csvLine(header, target));
      for (const row of rows) out.add(csvLine(row, target));
      return out.end();
    }
    case "table": {
      if (settings.fields === undefined && view.message !== undefined) return target.write(`${view.message}\n`);
      const order = view.rows === undefined && view.columns === undefined ? orderTable(view.operationId, value) : undefined;
      if (order) return printOrderTable(target, settings, order);
      const plain = settings.fields === undefined && settings.header && view.rows === undefined && view.columns === undefined;
      if (plain && target.tty && view.operationId !== undefined) {
        const { printForTerminal } = await import("./terminal-view.js");
        const clock = { now: target.now?.() ?? Date.now(), timeZone: target.timeZone };
        return printForTerminal({ ...target, columns: target.columns ?? 80, clock, charts: settings.chart }, value, view.operationId);
      }
      if (plain) return printHuman(target, value);
      return printTable(target, shapeOf(value, view), settings);
    }
  }
}
