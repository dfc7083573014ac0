/**
 * `edis ptr get <ip…>`, `edis ptr set <ip>=<hostname>…` and `edis ptr delete <ip…>`, also with
 * `--file` for long lists: one table row per command (its operation, its input, its words) and
 * one builder. Running a list is bulk-run.ts's job; `ptr sync` and `ptr export` are ptr-sync.ts's.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import type { OperationId } from "../../index.js";
import { inputName, parseAddressList, parseRecordArgs, parseRecordsCsv, readInputFile, recordMap, uniqueAddresses } from "../bulk-input.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { describeOperation } from "../operation-info.js";
import { runBulk } from "./bulk-run.js";
import { addPtrSyncCommands } from "./ptr-sync.js";

/** The params of one PTR command besides kvmId, and how many addresses they name. */
interface PtrInput {
  readonly params: { ips: string[] } | { records: Record<string, string> };
  readonly count: number;
}

/** Turns the arguments and the `--file` of a PTR command into its params. */
type PtrInputReader = (ctx: CliContext, operationId: OperationId, args: readonly string[], file: string | undefined) => Promise<PtrInput>;

/** Where the PTR commands differ. */
interface PtrCommand {
  readonly name: string;
  readonly operationId: OperationId;
  /** The positional argument: its name and its description. */
  readonly argument: readonly [string, string];
  /** What a `--file` holds. */
  readonly file: string;
  readonly input: PtrInputReader;
  readonly examples: readonly string[];
  /** The line printed on success without --json (without one, the result is printed). */
  readonly done?: (count: number, kvmId: string) => string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Addresses from the arguments and --file, without repeats (a note says how many were repeated). */
const addresses: PtrInputReader = async (ctx, operationId, args, file) => {
  const all = [...args, ...(file === undefined ? [] : parseAddressList(await readInputFile(file, ctx.io.stdin), inputName(file), operationId))];
  if (all.length === 0) throw new UsageError("give at least one address, or --file <path>");
  const { ips, repeated } = uniqueAddresses(all);
  if (repeated > 0) ctx.note(`${repeated} repeated address${repeated === 1 ? "" : "es"} sent once`);
  return { params: { ips }, count: ips.length };
};

/** Records from `ip=hostname` arguments and an `ip,hostname` --file, without repeats. */
const records: PtrInputReader = async (ctx, _operationId, args, file) => {
  const pairs = parseRecordArgs(args);
  if (file !== undefined) pairs.push(...parseRecordsCsv(await readInputFile(file, ctx.io.stdin), inputName(file)));
  if (pairs.length === 0) throw new UsageError("give at least one <ip>=<hostname>, or --file <path>");
  const map = recordMap(pairs);
  if (map.repeated > 0) ctx.note(`${map.repeated} repeated record${map.repeated === 1 ? "" : "s"} sent once`);
  return { params: { records: map.records }, count: Object.keys(map.records).length };
};

const PTR_COMMANDS: readonly PtrCommand[] = [
  {
    name: "get",
    operationId: "getPTR",
    argument: ["[ip...]", "IPv4 or IPv6 addresses of the VPS"],
    file: "addresses, one per line",
    input: addresses,
    examples: ["edis ptr get 192.0.2.1 2001:db8::1", "edis ptr get --file ips.txt --json"],
  },
  {
    name: "set",
    operationId: "setPTR",
    argument: ["[ip=hostname...]", "records to set"],
    file: "ip,hostname lines (CSV)",
    input: records,
    examples: ["edis ptr set 192.0.2.1=mail.example.com 2001:db8::1=mail.example.com", "edis ptr set --file records.csv --yes        # ip,hostname per line"],
    done: (count, kvmId) => `Set ${plural(count, "PTR record", "PTR records")} of ${kvmId}.`,
  },
  {
    name: "delete",
    operationId: "deletePTR",
    argument: ["[ip...]", "addresses whose PTR records to delete"],
    file: "addresses, one per line (a records CSV works too)",
    input: addresses,
    examples: ["edis ptr delete 192.0.2.1", "edis ptr delete --file ips.txt --yes"],
    done: (count, kvmId) => `Deleted the PTR records of ${plural(count, "address", "addresses")} of ${kvmId}.`,
  },
];

function concurrencyOption(): Option {
  return new Option("--concurrency <n>", "requests in flight at once for long lists (default 4)").argParser((value) => {
    if (!/^\d+$/u.test(value) || Number(value) < 1) throw new InvalidArgumentError("--concurrency must be a whole number of at least 1.");
    return Number(value);
  });
}

/** Adds the command of one row to the `ptr` command. */
function addPtrCommand(parent: Command, ctx: CliContext, row: PtrCommand): void {
  const [argument, argumentHelp] = row.argument;
  parent
    .command(row.name)
    .description(describeOperation(row.operationId))
    .argument(argument, argumentHelp)
    .addOption(new Option("--file <path>", `read ${row.file} from a file (- for stdin)`))
    .addOption(concurrencyOption())
    .addHelpText("after", ["", "Examples:", ...row.examples.map((e) => `  $ ${e}`)].join("\n"))
    .action(async (args: string[], opts: { file?: string; concurrency?: number }) => {
      const { params, count } = await row.input(ctx, row.operationId, args, opts.file);
      const done = row.done;
      await runBulk(ctx, {
        command: `${parent.name()} ${row.name}`,
        operationId: row.operationId,
        params,
        count,
        concurrency: opts.concurrency,
        ...(done ? { done: (kvmId: string) => done(count, kvmId) } : {}),
      });
    });
}

/** Adds `get`, `set`, `delete`, `sync` and `export` to the `ptr` command. */
export function addPtrCommands(parent: Command, ctx: CliContext): void {
  for (const row of PTR_COMMANDS) addPtrCommand(parent, ctx, row);
  addPtrSyncCommands(parent, ctx, concurrencyOption);
}
