/**
 * The code examples of README.md and docs/*.md, as a user copies them: the fenced blocks of a
 * file (or of one section of it). Every `ts` block is a whole program, compiled as it stands
 * against the packed package by `npm run test:package` (scripts/check-package.ts); the blocks of
 * docs/testing.md's "Testing your code" are also files of tests/readme/ that run as tests.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface MarkdownBlock {
  /** The file, from the repository's root (`README.md`, `docs/library.md`). */
  readonly file: string;
  /** The fence's language (`ts`, `sh`, …). */
  readonly lang: string;
  readonly code: string;
  /** The line of the file its first line of code is on. */
  readonly line: number;
}

/**
 * The fenced blocks of `file` (from the repository's root), or only those under the heading
 * `heading` (up to the next heading of the same or a higher level). Fences may be indented (a
 * block inside a list item); the indentation is taken off.
 */
export function markdownBlocks(file: string, heading?: string, text: string = readFileSync(`${ROOT}${file}`, "utf8")): MarkdownBlock[] {
  const lines = text.split("\n");
  let start = -1;
  let level = 0;
  if (heading !== undefined) {
    start = lines.findIndex((l) => /^#+ /u.test(l) && l.replace(/^#+ /u, "") === heading);
    if (start < 0) throw new Error(`${file} has no heading "${heading}"`);
    level = /^#+/u.exec(lines[start]!)![0].length;
  }
  const blocks: MarkdownBlock[] = [];
  let open: { lang: string; line: number; indent: string; code: string[] } | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (open === undefined) {
      const title = /^(#+) /u.exec(line);
      if (heading !== undefined && title && title[1]!.length <= level) break;
      const fence = /^(\s*)```(\w*)\s*$/u.exec(line);
      if (fence) open = { indent: fence[1]!, lang: fence[2]!, line: i + 2, code: [] };
    } else if (line.trimStart().startsWith("```")) {
      blocks.push({ file, lang: open.lang, code: `${open.code.join("\n")}\n`, line: open.line });
      open = undefined;
    } else {
      open.code.push(line.startsWith(open.indent) ? line.slice(open.indent.length) : line);
    }
  }
  if (open !== undefined) throw new Error(`${file}:${open.line - 1}: a fence that is never closed`);
  return blocks;
}

/** The user documentation: README.md and every docs/*.md, in that order. */
export function documentationFiles(): string[] {
  const docs = readdirSync(`${ROOT}docs`)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs];
}

/** Every `ts` block of the user documentation. */
export function typescriptExamples(): MarkdownBlock[] {
  return documentationFiles().flatMap((file) => markdownBlocks(file).filter((b) => b.lang === "ts"));
}

/** Where the simulator's worked examples live, and their heading. */
export const TESTING_EXAMPLES = { file: "docs/testing.md", heading: "Examples that run" } as const;

/** A relative link of the user documentation: the file it is in, its line, and the path it names from the repository's root. */
export interface DocumentationLink {
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

/**
 * Every relative link (`[text](path)`, `[text](path#anchor)`) of README.md, SECURITY.md and
 * docs/*.md, resolved from the repository's root; web addresses and links within a page are
 * left out. What these name must be in the package (scripts/check-package.ts): a reader who
 * installed it from the registry follows them in node_modules.
 */
export function documentationLinks(): DocumentationLink[] {
  const links: DocumentationLink[] = [];
  for (const file of [...documentationFiles(), "SECURITY.md"]) {
    const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : "";
    let inFence = false;
    for (const [i, line] of readFileSync(`${ROOT}${file}`, "utf8").split("\n").entries()) {
      if (line.trimStart().startsWith("```")) inFence = !inFence;
      if (inFence) continue;
      for (const match of line.matchAll(/\]\(([^)\s]+)\)/gu)) {
        const href = match[1]!;
        if (/^[a-z][a-z0-9+.-]*:/iu.test(href) || href.startsWith("#")) continue;
        const path = href.split("#")[0]!;
        const parts: string[] = [];
        for (const part of `${dir}${path}`.split("/")) {
          if (part === "..") parts.pop();
          else if (part !== "." && part !== "") parts.push(part);
        }
        links.push({ file, line: i + 1, target: parts.join("/") });
      }
    }
  }
  return links;
}
