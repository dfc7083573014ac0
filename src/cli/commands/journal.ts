/**
 * `edis journal [--since DURATION]`: the journal of changes (src/cli/stores/journal.ts), oldest
 * first: a table, or `-o json` / `-o csv` / `-o yaml` like any result. A line that is not an
 * entry (cut short by a full disk, written by hand) is skipped and counted on stderr.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { CliContext } from "../context.js";
import { checkCacheDir } from "../stores/cache-dir-safety.js";
import { JOURNAL_FILE, JOURNAL_ROLE, type JournalEntry, stateDir } from "../stores/journal.js";

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`: a number and a unit, s, m, h, d or w (`90m`, `36h`, `30d`). */
function parseSince(value: string): number {
  const match = /^(\d{1,9})([smhdw])$/u.exec(value.trim());
  if (!match) throw new InvalidArgumentError("must be a duration such as 90m, 36h, 7d or 2w");
  return Number(match[1]) * UNITS[match[2]!]!;
}

function isEntry(value: unknown): value is JournalEntry {
  const entry = value as Partial<JournalEntry> | null;
  return (
    typeof entry === "object" && entry !== null && typeof entry.time === "string" && typeof entry.command === "string" && !Number.isNaN(Date.parse(entry.time))
  );
}

/** The entries of the journal in `dir`, and how many lines were not entries; none when there is no journal yet. */
export function readJournal(dir: string): { entries: JournalEntry[]; skipped: number } {
  let text: string;
  try {
    text = readFileSync(join(dir, JOURNAL_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], skipped: 0 };
    throw error;
  }
  const entries: JournalEntry[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isEntry(value)) entries.push(value);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { entries, skipped };
}

/** A row of the table and CSV: the outcome in one column, the fields as JSON. */
function rowOf(entry: JournalEntry): Record<string, unknown> {
  const outcome = entry.outcome === "ok" ? "ok" : `${entry.error?.class ?? "error"}${entry.error?.status === undefined ? "" : ` ${entry.error.status}`}`;
  return {
    time: entry.time,
    context: entry.context ?? "",
    email: entry.email ?? "",
    command: entry.command,
    kvmId: entry.kvmId ?? "",
    outcome,
    requests: entry.requests,
    fields: Object.keys(entry.fields ?? {}).length === 0 ? "" : JSON.stringify(entry.fields),
  };
}

export function addJournalCommand(program: Command, ctx: CliContext): void {
  program
    .command("journal")
    .description("Show the journal of changes this machine's edis made: one line per change and VPS, oldest first")
    .addOption(new Option("--since <duration>", "only the changes of this last while: 90m, 36h, 7d, 2w").argParser(parseSince))
    .addHelpText(
      "after",
      [
        "",
        "Every command that changes something (not a dry run) appends a line per VPS: the time, context,",
        "account email, command, VPS, the fields sent (never a secret), the outcome and the number of",
        "requests. It is kept in $XDG_STATE_HOME/edis-global/journal.jsonl (default ~/.local/state/...;",
        "macOS ~/Library/Application Support/edis-global, Windows %LOCALAPPDATA%\\edis-global\\State),",
        "mode 0600. EDIS_JOURNAL=off turns it off; a journal that cannot be written is a warning, never a failure.",
        "",
        "Examples:",
        "  $ edis journal --since 7d",
        "  $ edis journal -o csv > changes.csv",
        "  $ edis journal --json | jq '.[] | select(.outcome == \"error\")'",
      ].join("\n"),
    )
    .action(async (opts: { since?: number }) => {
      const dir = stateDir(ctx.io.env);
      checkCacheDir(dir, { role: JOURNAL_ROLE });
      const { entries, skipped } = readJournal(dir);
      if (skipped > 0) ctx.note(`warning: ${skipped} line${skipped === 1 ? "" : "s"} of the journal ${skipped === 1 ? "is" : "are"} not an entry, skipped`);
      const now = (ctx.io.now ?? Date.now)();
      const shown = opts.since === undefined ? entries : entries.filter((entry) => Date.parse(entry.time) >= now - (opts.since as number));
      const rows = shown.map(rowOf);
      await ctx.print(shown, {
        rows,
        columns: ["time", "context", "email", "command", "kvmId", "outcome", "requests", "fields"],
        ...(rows.length === 0 && !ctx.globals.fields ? { message: "No changes in the journal." } : {}),
      });
    });
}
