/**
 * IP address syntax, without `node:net` (whose import costs more than the rest of the client's
 * start-up). Dotted-decimal IPv4 without leading zeros; RFC 4291 IPv6 text with one `::`
 * at most and an optional dotted IPv4 tail; no zone ids.
 */

const OCTET = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/u;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/u;

/** True for a dotted-decimal IPv4 address (`192.0.2.1`). */
export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

/** True for an IPv6 address in RFC 4291 text form (`2001:db8::1`, `::ffff:192.0.2.1`). */
export function isIPv6(text: string): boolean {
  if (text.length < 2 || text.length > 45) return false;
  let groups = 8;
  let body = text;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".", lastColon)) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    body = `${text.slice(0, lastColon + 1)}0`;
    groups = 7;
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const head = halves[0] === "" ? [] : halves[0]!.split(":");
  if (halves.length === 1) return head.length === groups && head.every((h) => HEXTET.test(h));
  const tail = halves[1] === "" ? [] : halves[1]!.split(":");
  return head.length + tail.length <= groups - 1 && [...head, ...tail].every((h) => HEXTET.test(h));
}

/** True for an IPv4 or IPv6 address. */
export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}
