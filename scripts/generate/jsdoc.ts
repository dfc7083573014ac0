/**
 * JSDoc comments from the spec's words: paragraphs wrapped to a readable width, block tags on
 * their own lines, and the text escaped so that it can neither end the comment nor start a tag.
 */

const WIDTH = 100;

/** Text of the spec, safe inside a comment: no `*\/`, and no `@word` that would read as a tag. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/(^|\s)@(?=[A-Za-z])/g, "$1\\@");
}

/** A paragraph's lines, wrapped at word boundaries to `width` columns (a longer word stays whole). */
function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else {
      current = current === "" ? word : `${current} ${word}`;
    }
  }
  if (current !== "") out.push(current);
  return out;
}

/** One part of a comment: a paragraph of text (wrapped), or lines written as they are (a tag's body, code). */
export type DocPart = string | { readonly lines: readonly string[] };

/** The comment, indented by `indent`, its parts separated by blank lines (a tag part joins the one before). */
export function docComment(indent: string, parts: readonly DocPart[]): string[] {
  const body: string[] = [];
  const room = WIDTH - indent.length - 3;
  for (const part of parts) {
    const lines =
      typeof part === "string"
        ? commentText(part.trim())
            .split("\n")
            .flatMap((l) => wrap(l.trimEnd(), room))
        : part.lines.map((l) => l.replace(/\*\//g, "*\\/"));
    if (lines.length === 0) continue;
    const isTag = lines[0]!.startsWith("@");
    if (body.length > 0 && !isTag) body.push("");
    body.push(...lines);
  }
  if (body.length === 1 && body[0]!.length <= room - 3) return [`${indent}/** ${body[0]} */`];
  return [`${indent}/**`, ...body.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`];
}
