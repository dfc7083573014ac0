/**
 * The last few values made from texts, by the text: a process that parses or compiles the same
 * file many times (the spec tools, `edis contract check` run in-process) does it once, and a
 * changed file, being another text, is made anew. Past `limit` texts the oldest is dropped.
 * What a value may be shared as is the caller's choice: the spec loaders hand out copies.
 */
export function keptByText<T>(limit: number): (text: string, make: (text: string) => T) => T {
  const kept = new Map<string, T>();
  return (text, make) => {
    let value = kept.get(text);
    if (value === undefined) {
      value = make(text);
      if (kept.size >= limit) kept.delete(kept.keys().next().value as string);
      kept.set(text, value);
    }
    return value;
  };
}
