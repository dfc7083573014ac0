/** What `npm test` (scripts/test-chain.ts) reads of a POSIX shell's `times` builtin. */

/**
 * The CPU seconds in the output of a shell's `times`: two lines, the shell's own user and system
 * time, then its children's (`0m12.340000s 0m1.200000s`, or `12.34 1.20` in some shells).
 */
export function childrenCpu(report: string): number | undefined {
  const children = report.trim().split("\n")[1];
  const parts = children?.trim().split(/\s+/u) ?? [];
  const seconds = parts.map((t) => /^(?:(\d+)m)?(\d+(?:\.\d+)?)s?$/u.exec(t)).map((m) => (m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : Number.NaN));
  return seconds.length === 2 && seconds.every(Number.isFinite) ? seconds[0]! + seconds[1]! : undefined;
}
