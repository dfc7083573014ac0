/**
 * A short unified view of where two texts differ: the first few hunks, with a line of context,
 * `-` for the expected text and `+` for the actual one. Used by generate:check and api:check
 * so that a maintainer sees what is stale, not only which file.
 */
export function firstDifferences(expected: string, actual: string, expectedName: string, actualName: string, maxHunks = 5): string[] {
  const a = expected.split("\n");
  const b = actual.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const out = [`--- ${expectedName}`, `+++ ${actualName}`];
  if (x.length * y.length > 4_000_000) {
    // Too far apart for a line diff here: show where they start to differ.
    out.push(`@@ line ${head + 1} @@`, ...x.slice(0, 8).map((l) => `-${l}`), ...y.slice(0, 8).map((l) => `+${l}`), "… (the files differ widely)");
    return out;
  }
  // Longest common subsequence on the lines between the common head and tail.
  const lcs: Uint32Array[] = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: { op: " " | "-" | "+"; line: string; at: number }[] = [];
  if (head > 0) ops.push({ op: " ", line: a[head - 1]!, at: head - 1 });
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ op: " ", line: x[i]!, at: head + j });
      i++;
      j++;
    } else if (j < y.length && (i === x.length || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      ops.push({ op: "+", line: y[j]!, at: head + j });
      j++;
    } else {
      ops.push({ op: "-", line: x[i]!, at: head + j });
      i++;
    }
  }
  if (tail > 0) ops.push({ op: " ", line: b[b.length - tail]!, at: b.length - tail });
  let hunks = 0;
  for (let k = 0; k < ops.length; k++) {
    if (ops[k]!.op === " ") continue;
    if (hunks === maxHunks) {
      out.push(`… more differences from line ${ops[k]!.at + 1}`);
      break;
    }
    hunks++;
    let end = k;
    while (end + 1 < ops.length && ops[end + 1]!.op !== " ") end++;
    out.push(`@@ line ${ops[k]!.at + 1} @@`);
    for (let z = Math.max(0, k - 1); z <= Math.min(ops.length - 1, end + 1); z++) out.push(`${ops[z]!.op}${ops[z]!.line}`);
    k = end;
  }
  return out;
}
