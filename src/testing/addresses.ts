/**
 * The addresses of a simulated VPS: its IPv4 list and every address of its IPv6 /64. PTR
 * records are kept by the address's canonical text (lower case, IPv6 compressed as RFC 5952
 * writes it), so `2001:DB8:1::0001` and `2001:db8:1::1` are one record.
 */
import { isIPv4, isIPv6 } from "../safety/ip.js";
import type { SimVps } from "./state.js";

/** The eight 16-bit groups of an IPv6 address (already checked with isIPv6). */
function groupsOf(text: string): number[] {
  let body = text;
  const tail: number[] = [];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/u.exec(body);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    // What is left ends with the colon before the tail: drop it unless it is part of `::`.
    body = body.slice(0, v4.index);
    if (!body.endsWith("::")) body = body.slice(0, -1);
  }
  const [head, rest] = body.split("::") as [string, string?];
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => Number.parseInt(g, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  // Without `::` the groups are all written out, so this is 0.
  const zeros = 8 - tail.length - left.length - right.length;
  return [...left, ...Array<number>(zeros).fill(0), ...right, ...tail];
}

/** RFC 5952 text of eight groups: lower case, the longest run of two or more zero groups as `::`. */
function formatGroups(groups: readonly number[]): string {
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (groups[j] === 0) j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLength).join(":")}`;
}

/** The canonical text of an address, or undefined when `text` is none. */
export function canonicalAddress(text: string): string | undefined {
  if (isIPv4(text)) return text;
  if (isIPv6(text)) return formatGroups(groupsOf(text));
  return undefined;
}

/** True when `address` is one of the VPS's: an IPv4 address of its list, or an address of its IPv6 /64. */
export function ownsAddress(vps: SimVps, address: string): boolean {
  if (isIPv4(address)) return vps.ipv4.includes(address);
  if (!isIPv6(address)) return false;
  const [prefix, bits] = vps.ipv6Prefix.split("/") as [string, string?];
  if (!isIPv6(prefix) || bits !== "64") return false;
  const mine = groupsOf(prefix);
  const theirs = groupsOf(address);
  return mine.slice(0, 4).every((g, i) => g === theirs[i]);
}
