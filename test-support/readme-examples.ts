/**
 * The code examples of README.md, as a user copies them: the fenced blocks of one section. A
 * suite holds each to a file of its own that runs as a test (and that `npm run typecheck`
 * compiles, `edis-global` and `edis-global/testing` resolving to src/), so an example that
 * stops compiling or passing fails there, and one edited in only one place fails the match.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface ReadmeBlock {
  /** The fence's language (`ts`, `sh`, …). */
  readonly lang: string;
  readonly code: string;
  /** The line of README.md its first line of code is on. */
  readonly line: number;
}

/** The fenced blocks under the heading `heading` (up to the next heading of the same or a higher level). */
export function readmeBlocks(heading: string, readme: string = readFileSync(`${ROOT}README.md`, "utf8")): ReadmeBlock[] {
  const lines = readme.split("\n");
  const start = lines.findIndex((l) => /^#+ /u.test(l) && l.replace(/^#+ /u, "") === heading);
  if (start < 0) throw new Error(`README.md has no heading "${heading}"`);
  const level = /^#+/u.exec(lines[start]!)![0].length;
  const blocks: ReadmeBlock[] = [];
  let open: { lang: string; line: number; code: string[] } | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (open === undefined) {
      const heading = /^(#+) /u.exec(line);
      if (heading && heading[1]!.length <= level) break;
      const fence = /^```(\w*)\s*$/u.exec(line);
      if (fence) open = { lang: fence[1]!, line: i + 2, code: [] };
    } else if (line.startsWith("```")) {
      blocks.push({ lang: open.lang, code: `${open.code.join("\n")}\n`, line: open.line });
      open = undefined;
    } else {
      open.code.push(line);
    }
  }
  return blocks;
}
