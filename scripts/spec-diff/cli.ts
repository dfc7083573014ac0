/**
 * `npm run spec:diff -- [--json] OLD NEW`: what changes for code written against the client
 * generated from OLD when NEW takes its place. OLD and NEW are files (JSON or YAML) or
 * `git:REF:PATH`. Exit 0: nothing breaking; 1: something breaking; 2: a document cannot be
 * read or is not OpenAPI 3 (one line on stderr naming file, line and column; nothing on stdout).
 */
import type { CliIo } from "../lib/cli-io.js";
import { diffDocuments } from "./diff.js";
import { SpecLoadError, loadDocument } from "./load.js";
import { renderHuman } from "./render.js";

const USAGE = "usage: npm run spec:diff -- [--json] OLD NEW   (OLD, NEW: a file, or git:REF:PATH)";

export function runDiff(argv: string[], io: CliIo, cwd: string = process.cwd()): number {
  const json = argv.includes("--json");
  const args = argv.filter((a) => a !== "--json");
  if (args.includes("--help") || args.includes("-h")) {
    io.out(USAGE);
    return 0;
  }
  if (args.length !== 2 || args.some((a) => a.startsWith("--"))) {
    io.err(USAGE);
    return 2;
  }
  const [oldRef, newRef] = args as [string, string];
  let report: ReturnType<typeof diffDocuments>;
  try {
    report = diffDocuments(loadDocument(oldRef, cwd), loadDocument(newRef, cwd));
  } catch (error) {
    if (!(error instanceof SpecLoadError)) throw error;
    io.err(`spec:diff: ${error.message}`);
    return 2;
  }
  io.out(json ? JSON.stringify(report, null, 2) : renderHuman(report, `spec:diff ${oldRef} → ${newRef}`));
  return report.summary.breaking > 0 ? 1 : 0;
}
