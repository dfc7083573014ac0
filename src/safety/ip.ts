/**
 * IP address syntax, without `node:net` (whose import costs more than the rest of the client's
 * start-up). Dotted-decimal IPv4 without leading zeros; RFC 4291 IPv6 text with one `::`
 * at most and an optional dotted IPv4 tail; no zone ids. Each is one pass over the characters,
 * with no split and no regular expression: long PTR lists validate every address
 * (BENCHMARKS.md has the cost per address).
 */

const DOT = 46;
const COLON = 58;

/** True if `text` from `start` to `end` is exactly a dotted-decimal IPv4 address. */
function isIPv4Within(text: string, start: number, end: number): boolean {
  let i = start;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= end || text.charCodeAt(i) !== DOT) return false;
      i++;
    }
    const first = i;
    let value = 0;
    while (i < end) {
      const digit = text.charCodeAt(i) - 48;
      if (!(digit >= 0 && digit <= 9)) break;
      value = value * 10 + digit;
      i++;
    }
    const length = i - first;
    if (length === 0 || length > 3 || value > 255 || (length > 1 && text.charCodeAt(first) === 48)) return false;
  }
  return i === end;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** True for a dotted-decimal IPv4 address (`192.0.2.1`). */
export function isIPv4(text: string): boolean {
  return text.length >= 7 && text.length <= 15 && isIPv4Within(text, 0, text.length);
}

/** True for an IPv6 address in RFC 4291 text form (`2001:db8::1`, `::ffff:192.0.2.1`). */
export function isIPv6(text: string): boolean {
  const n = text.length;
  if (n < 2 || n > 45) return false;
  /** Groups of 16 bits written out (an IPv4 tail is two). */
  let groups = 0;
  let compressed = false;
  let i = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return false;
    compressed = true;
    i = 2;
  }
  while (i < n) {
    const start = i;
    while (i < n && isHex(text.charCodeAt(i))) i++;
    if (i < n && text.charCodeAt(i) === DOT) {
      // A dotted IPv4 tail: the rest of the text, in place of the last two groups.
      if (!isIPv4Within(text, start, n)) return false;
      groups += 2;
      break;
    }
    const digits = i - start;
    if (digits === 0 || digits > 4) return false;
    groups++;
    if (i === n) break;
    if (text.charCodeAt(i) !== COLON) return false;
    i++;
    if (i === n) return false;
    if (text.charCodeAt(i) === COLON) {
      if (compressed) return false;
      compressed = true;
      i++;
    }
  }
  // `::` stands for at least one group of zeros.
  return compressed ? groups <= 7 : groups === 8;
}

/** True for an IPv4 or IPv6 address. */
export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}
