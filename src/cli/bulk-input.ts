/**
 * Input of the PTR commands: addresses and `ip=hostname` pairs from the command line, address
 * lists (one per line) and `ip,hostname` CSV files. A line that cannot be read is an error
 * naming the file and line; nothing is dropped silently.
 */
import { readFileSync } from "node:fs";
import { UsageError } from "./usage-error.js";

/** The text of `path`, or of stdin for `-`. */
export function readInputFile(path: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Lines with their numbers, without blank lines and `#` comments. */
function contentLines(text: string): { line: number; text: string }[] {
  return text
    .replace(/^\uFEFF/u, "")
    .split(/\r?\n/u)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== "" && !l.text.startsWith("#"));
}

function unquote(field: string): string {
  const f = field.trim();
  return f.length >= 2 && f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1).trim() : f;
}

/**
 * Addresses of a list file: one per line. A line with commas counts by its first field, so a
 * records CSV also serves as the list of its addresses; a header line `ip` is skipped.
 */
export function parseAddressList(text: string): string[] {
  const lines = contentLines(text);
  const ips = lines.map((l) => unquote(l.text.split(",")[0]!));
  if (ips.length > 0 && ips[0]!.toLowerCase() === "ip") ips.shift();
  return ips;
}

/** `[ip, hostname]` pairs of a CSV file of `ip,hostname` lines (a header line `ip,hostname` is skipped). */
export function parseRecordsCsv(text: string, source: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [index, { line, text: row }] of contentLines(text).entries()) {
    const fields = row.split(",").map(unquote);
    if (index === 0 && fields[0]!.toLowerCase() === "ip") continue;
    if (fields.length !== 2 || fields[0] === "" || fields[1] === "") {
      throw new UsageError(`${source}:${line}: expected ip,hostname`);
    }
    pairs.push([fields[0]!, fields[1]!]);
  }
  return pairs;
}

/** `[ip, hostname]` pairs of `ip=hostname` arguments. */
export function parseRecordArgs(args: readonly string[]): [string, string][] {
  return args.map((arg) => {
    const at = arg.indexOf("=");
    if (at <= 0 || at === arg.length - 1) throw new UsageError(`expected <ip>=<hostname>, got ${JSON.stringify(arg)}`);
    return [arg.slice(0, at).trim(), arg.slice(at + 1).trim()];
  });
}

/** The records as one map; an address given twice must name the same hostname both times. */
export function recordMap(pairs: readonly [string, string][]): { records: Record<string, string>; repeated: number } {
  const records: Record<string, string> = {};
  let repeated = 0;
  for (const [ip, hostname] of pairs) {
    const earlier = Object.hasOwn(records, ip) ? records[ip] : undefined;
    if (earlier === undefined) records[ip] = hostname;
    else if (earlier === hostname) repeated++;
    else throw new UsageError(`${ip} is given two hostnames: ${earlier} and ${hostname}`);
  }
  return { records, repeated };
}

/** The addresses without repeats, in first-seen order, and how many repeats there were. */
export function uniqueAddresses(ips: readonly string[]): { ips: string[]; repeated: number } {
  const unique = [...new Set(ips)];
  return { ips: unique, repeated: ips.length - unique.length };
}
