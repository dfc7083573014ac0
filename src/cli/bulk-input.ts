/**
 * Input of the PTR commands: addresses and `ip=hostname` pairs from the command line, address
 * lists (one per line) and `ip,hostname` CSV files. Every line of a file is checked, its shape
 * here and its values by the library's rules for the operation, and all the bad ones are
 * reported together, one `file:line: why` each; nothing is dropped silently.
 */
import { readFileSync } from "node:fs";
import { type FieldRule, type OperationId, operationTable } from "../../generated/operations.js";
import { checkValue } from "../request/validate.js";
import { addressKey } from "../helpers/ptr-plan.js";
import { UsageError } from "./errors.js";

/** The rule of the bulk field of `operationId` (the address list or the records map). */
function bulkRule(operationId: OperationId): FieldRule {
  const op = operationTable[operationId];
  const bulk = "bulk" in op ? op.bulk : undefined;
  const field = op.fields.find((f) => f.wire === bulk?.field);
  if (!field) throw new Error(`${operationId} has no bulk field`);
  return field.rule;
}

/** Why `value` breaks `rule`, as `<name> <reason>`, or undefined. */
function problemWith(rule: FieldRule | boolean | undefined, value: string, name: string): string | undefined {
  if (typeof rule !== "object") return undefined;
  const problem = checkValue(rule, value, name);
  return problem ? `${problem[0]} ${problem[1]}` : undefined;
}

/** Collects the bad lines of one file; throws one usage error naming all of them. */
class LineProblems {
  readonly #source: string;
  readonly #lines: string[] = [];

  constructor(source: string) {
    this.#source = source;
  }

  add(line: number, why: string | undefined): void {
    if (why !== undefined) this.#lines.push(`${this.#source}:${line}: ${why}`);
  }

  throwIfAny(): void {
    if (this.#lines.length > 0) throw new UsageError(this.#lines.join("\n"));
  }
}

/** Everything `stream` gives until it ends, as UTF-8 text. */
async function readToEnd(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The text of `path`, or for `-` all of `stdin` (the CLI's, not fd 0: a pipe whose writer is
 * still at work is waited for, where reading fd 0 at once failed with EAGAIN).
 */
export async function readInputFile(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  try {
    return path === "-" ? await readToEnd(stdin) : readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** How a `--file` path is named in messages (`-` is stdin). */
export function inputName(path: string): string {
  return path === "-" ? "<stdin>" : path;
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
 * Addresses of a list file (`source`) for `operationId`: one per line. A line with commas counts
 * by its first field, so a records CSV also serves as the list of its addresses; a header line
 * `ip` is skipped. Every address is checked by the operation's rule for one address.
 */
export function parseAddressList(text: string, source: string, operationId: OperationId): string[] {
  const rule = bulkRule(operationId).items;
  const problems = new LineProblems(source);
  const ips: string[] = [];
  for (const [index, { line, text: row }] of contentLines(text).entries()) {
    const ip = unquote(row.split(",")[0]!);
    if (index === 0 && ip.toLowerCase() === "ip") continue;
    problems.add(line, problemWith(rule, ip, "ip"));
    ips.push(ip);
  }
  problems.throwIfAny();
  return ips;
}

/**
 * `[ip, hostname]` pairs of a CSV file (`source`) of `ip,hostname` lines (a header line
 * `ip,hostname` is skipped), each address and host name checked by the rules of setPTR. With
 * `noRecord` (the desired state of `ptr sync`), `ip,` with no name is a pair with an empty
 * hostname: the address should have no record.
 */
export function parseRecordsCsv(text: string, source: string, options: { noRecord?: boolean } = {}): [string, string][] {
  const rule = bulkRule("setPTR");
  const ipRule: FieldRule | undefined = rule.keyFormat === undefined ? undefined : { type: "string", format: rule.keyFormat };
  const problems = new LineProblems(source);
  const pairs: [string, string][] = [];
  const seen = new Map<string, { ip: string; hostname: string; line: number }>();
  for (const [index, { line, text: row }] of contentLines(text).entries()) {
    const fields = row.split(",").map(unquote);
    if (index === 0 && fields[0]!.toLowerCase() === "ip") continue;
    if (fields.length !== 2 || fields[0] === "" || (fields[1] === "" && !options.noRecord)) {
      problems.add(line, options.noRecord ? "expected ip,hostname (or ip, for no record)" : "expected ip,hostname");
      continue;
    }
    const [ip, hostname] = fields as [string, string];
    const problem = problemWith(ipRule, ip, "ip") ?? (hostname === "" ? undefined : problemWith(rule.additionalProperties, hostname, "hostname"));
    problems.add(line, problem ?? repeatProblem(seen, ip, hostname, line));
    pairs.push([ip, hostname]);
  }
  problems.throwIfAny();
  return pairs;
}

/**
 * Why the record of `line` repeats an earlier one wrongly, if it does: the same address in
 * another spelling (`2001:DB8::1` after `2001:db8::1`), or with another host name. The same line
 * twice is a repeat, taken once. `seen` holds the first record of each address, by one spelling.
 */
function repeatProblem(seen: Map<string, { ip: string; hostname: string; line: number }>, ip: string, hostname: string, line: number): string | undefined {
  const key = addressKey(ip);
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, { ip, hostname, line });
    return undefined;
  }
  if (first.ip !== ip) return `${ip} is ${first.ip} of line ${first.line} in another spelling; give each address once`;
  if (first.hostname !== hostname) return `${ip} is given two hostnames: ${first.hostname || "none"} (line ${first.line}) and ${hostname || "none"}`;
  return undefined;
}

/** `[ip, hostname]` pairs of `ip=hostname` arguments. */
export function parseRecordArgs(args: readonly string[]): [string, string][] {
  return args.map((arg) => {
    const at = arg.indexOf("=");
    if (at <= 0 || at === arg.length - 1) throw new UsageError(`expected <ip>=<hostname>, got ${JSON.stringify(arg)}`);
    return [arg.slice(0, at).trim(), arg.slice(at + 1).trim()];
  });
}

/** The records as one map; an address given twice must name the same hostname both times (an empty one shows as none). */
export function recordMap(pairs: readonly [string, string][]): { records: Record<string, string>; repeated: number } {
  const records: Record<string, string> = {};
  let repeated = 0;
  for (const [ip, hostname] of pairs) {
    const earlier = Object.hasOwn(records, ip) ? records[ip] : undefined;
    if (earlier === undefined) records[ip] = hostname;
    else if (earlier === hostname) repeated++;
    else throw new UsageError(`${ip} is given two hostnames: ${earlier || "none"} and ${hostname || "none"}`);
  }
  return { records, repeated };
}

/** The addresses without repeats, in first-seen order, and how many repeats there were. */
export function uniqueAddresses(ips: readonly string[]): { ips: string[]; repeated: number } {
  const unique = [...new Set(ips)];
  return { ips: unique, repeated: ips.length - unique.length };
}
