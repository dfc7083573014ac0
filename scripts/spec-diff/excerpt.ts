/**
 * Old and new text of a docs change, shortened to where they differ: a few characters of
 * common text before the difference, the differing part (cut at `width`), and `…` wherever
 * text was left out. One line each: line breaks show as `⏎`, and any other control character
 * (a terminal escape in the vendor's text) as `\uXXXX`, so that it reaches no terminal.
 */
const flat = (s: string) => s.replace(/\r?\n/g, "⏎").replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

export function excerptPair(before: string, after: string, width = 100, context = 24): [string, string] {
  const a = flat(before);
  const b = flat(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const start = Math.max(0, head - context);
  const cut = (s: string) => {
    const end = Math.min(s.length, s.length - tail + context);
    let out = s.slice(start, end);
    let more = end < s.length;
    if (out.length > width) {
      out = out.slice(0, width);
      more = true;
    }
    return `${start > 0 ? "…" : ""}${out}${more ? "…" : ""}`;
  };
  return [cut(a), cut(b)];
}
