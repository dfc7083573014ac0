/**
 * The scrubber layer by layer: each escape a PHP server echoes a secret in, decoded on its
 * own (so that a secret visible only through that one decoding is removed), what is not an
 * escape (left as it is, never decoded into something else), and how a find maps back to
 * exactly the span of the original text it came from. Written against the mutants of
 * src/safety/redact.ts that the echo table of the reliability suite left alive.
 */
import { describe, expect, test } from "vitest";
import { REDACTED as R, scrub } from "../src/safety/redact.js";

describe("each escape on its own reveals the secret", () => {
  test.each([
    ["U+0080, the first two-byte character", "\u0080"],
    ["U+07FF, the last two-byte character", "\u07ff"],
    ["U+0800, the first three-byte character", "\u0800"],
    ["U+FFFF, the last three-byte character", "\uffff"],
    ["U+10000, the first four-byte character", "\u{10000}"],
    ["U+10FFFF, the last character", "\u{10ffff}"],
  ])("percent-encoded UTF-8: %s, in upper and lower case", (_name, char) => {
    const secret = `k${char}k`;
    const upper = encodeURIComponent(secret);
    expect(scrub(`<${upper}>`, [secret])).toBe(`<${R}>`);
    expect(scrub(`<${upper.toLowerCase()}>`, [secret])).toBe(`<${R}>`);
  });

  test("every byte percent-encoded, plain letters included", () => {
    expect(scrub("pw=%68%75%6E%74%65%72 ok", ["hunter"])).toBe(`pw=${R} ok`);
    expect(scrub("pw=%68%75%6e%74%65%72 ok", ["hunter"])).toBe(`pw=${R} ok`);
  });

  test.each([
    ["\\u0068\\u0075nter", "hunter"],
    ["\\u004A\\u004b", "JK"],
    ["x\\u00e9t\\u00E9", "xété"],
  ])("JSON \\u escape %s", (echo, secret) => {
    expect(scrub(`<${echo}>`, [secret])).toBe(`<${R}>`);
  });

  test.each([
    ['\\"', '"'],
    ["\\\\", "\\"],
    ["\\/", "/"],
    ["\\b", "\b"],
    ["\\f", "\f"],
    ["\\n", "\n"],
    ["\\r", "\r"],
    ["\\t", "\t"],
  ])("JSON short escape %s", (esc, char) => {
    expect(scrub(`<k${esc}k>`, [`k${char}k`])).toBe(`<${R}>`);
  });

  test.each([
    ["&#97;", "a"],
    ["&#0000097;", "a"],
    ["&#x61;", "a"],
    ["&#X61;", "a"],
    ["&#x4a;", "J"],
    ["&#x4A;", "J"],
    ["&#x00004A;", "J"],
    ["&#1114111;", "\u{10ffff}"],
    ["&#x10FFFF;", "\u{10ffff}"],
    ["&amp;", "&"],
    ["&quot;", '"'],
    ["&apos;", "'"],
    ["&lt;", "<"],
    ["&gt;", ">"],
  ])("HTML entity %s", (entity, char) => {
    expect(scrub(`(k${entity}k)`, [`k${char}k`])).toBe(`(${R})`);
  });

  test("+ for a space, in a form-encoded echo", () => {
    expect(scrub("(a+b+c)", ["a b c"])).toBe(`(${R})`);
  });

  test("a text made only of escape characters is still decoded", () => {
    expect(scrub("++", ["  "])).toBe(R);
  });

  test("+ is a space only in the view that reads it so: a literal + beside a percent escape is kept", () => {
    expect(scrub("x a+b%20y", ["a+b "])).toBe(`x ${R}y`);
  });
});

describe("two layers deep, as documented", () => {
  const secret = 'p@ss "wörd"/é';

  test.each([
    ["percent-encoded twice", encodeURIComponent(encodeURIComponent(secret))],
    ["JSON text, then percent-encoded", encodeURIComponent(JSON.stringify(secret).slice(1, -1))],
    ["form-encoded, then percent-encoded", encodeURIComponent(new URLSearchParams({ s: secret }).toString().slice(2))],
    ["an HTML entity, percent-encoded", "p%40ss %26quot%3Bw%C3%B6rd%26quot%3B%2F%C3%A9"],
  ])("%s", (_name, echo) => {
    expect(scrub(`[${echo}]`, [secret])).toBe(`[${R}]`);
  });

  test("a third layer is not decoded: the limit is two", () => {
    const thrice = encodeURIComponent(encodeURIComponent(encodeURIComponent("s3cr#t")));
    expect(scrub(`[${thrice}]`, ["s3cr#t"])).toBe(`[${thrice}]`);
  });
});

describe("what is not an escape stays as it is", () => {
  test.each([
    ["%4g", "\u0004"],
    ["%g4", "\u0004"],
    ["\\u00zz", "\u0000"],
    ["\\u0zz0", "\u0000"],
    ["&#00000097;", "a"],
    ["&#1114112;", "\u{10ffff}"],
    ["&nbsp;", "\u00a0"],
    ["%C3xA9", "é"],
    ["xu0041%20", "A"],
    ["\\x0041", "A"],
  ])("%s is not decoded", (text, wouldBe) => {
    expect(scrub(`<${text}>`, [wouldBe])).toBe(`<${text}>`);
    expect(scrub(`<${text}>`, [text])).toBe(`<${R}>`);
  });

  test("an escape is read where it starts, not found later in the text", () => {
    expect(scrub("&zz&#97;", ["zza"])).toBe(`&${R}`);
  });

  test("text with a stray escape character and no secret comes back unchanged", () => {
    for (const text of ["100% sure", "a \\ b", "a & b", "a + b", "&nbsp;\\q%"]) expect(scrub(text, ["hunter2"])).toBe(text);
  });
});

describe("a find maps back to exactly the span it came from", () => {
  test("a percent-encoded character, between encoded neighbours", () => {
    expect(scrub("%41%42%43", ["B"])).toBe(`%41${R}%43`);
    expect(scrub("%2541%2542%2543", ["B"])).toBe(`%2541${R}%2543`);
  });

  test("a byte no UTF-8 sequence starts with takes no percent escape after it", () => {
    expect(scrub("%80%41%42%43", ["B"])).toBe(`%80%41${R}%43`);
    expect(scrub("%C1%41%42%43", ["B"])).toBe(`%C1%41${R}%43`);
    expect(scrub("%F5%41%42%43", ["B"])).toBe(`%F5%41${R}%43`);
    expect(scrub("%FF%41%42%43", ["B"])).toBe(`%FF%41${R}%43`);
  });

  test("a find that ends on a JSON short escape or on an & that starts no entity ends after it", () => {
    expect(scrub("<k\\n>", ["k\n"])).toBe(`<${R}>`);
    expect(scrub('<k\\">', ['k"'])).toBe(`<${R}>`);
    expect(scrub("<%41&nbsp;>", ["A&"])).toBe(`<${R}nbsp;>`);
  });

  test("a byte no UTF-8 sequence starts with is one character of its own", () => {
    expect(scrub("%80%41", ["A"])).toBe(`%80${R}`);
    expect(scrub("%C0%41", ["A"])).toBe(`%C0${R}`);
    expect(scrub("%F5%41", ["A"])).toBe(`%F5${R}`);
  });

  test("a multi-byte character ends where its sequence ends", () => {
    expect(scrub("x%C3%A9%41", ["é"])).toBe(`x${R}%41`);
    expect(scrub("x%E2%82%AC%41", ["€"])).toBe(`x${R}%41`);
    expect(scrub("x%F0%9F%98%80%41", ["😀"])).toBe(`x${R}%41`);
  });

  test("a sequence cut short is one U+FFFD for its first byte, and what follows is read again", () => {
    expect(scrub("%C3Q%41%42", ["QAB"])).toBe(`%C3${R}`);
    // The form encoder sends a lone surrogate as U+FFFD: that is how such a secret is looked for.
    expect(scrub("k%E0%80k", ["k\uD800\uD800k"])).toBe(R);
  });

  test("a secret at the very end of an encoded text", () => {
    expect(scrub("x%20", [" "])).toBe(`x${R}`);
    expect(scrub("pw: a%20b", ["a b"])).toBe(`pw: ${R}`);
    const long = "correct horse battery staple";
    expect(scrub(`pw: ${encodeURIComponent(long)}`, [long])).toBe(`pw: ${R}`);
    expect(scrub(`pw: ${long}`, [long])).toBe(`pw: ${R}`);
  });

  test("a JSON escape maps back whole", () => {
    expect(scrub('a\\"b\\u0063d', ['"bc'])).toBe(`a${R}d`);
  });
});

describe("long secrets, many secrets", () => {
  const long = "abcdefghijklmnopqrst";

  test("a secret longer than 16 characters counts from its first 16 on", () => {
    expect(scrub(`cut: ${long.slice(0, 16)}`, [long])).toBe(`cut: ${R}`);
    expect(scrub(`cut: ${long.slice(0, 15)}`, [long])).toBe(`cut: ${long.slice(0, 15)}`);
    expect(scrub(`${long.slice(0, 18)}XYZ`, [long])).toBe(`${R}XYZ`);
    expect(scrub(`${long} tail`, [long])).toBe(`${R} tail`);
    expect(scrub(`${long}${long}`, [long])).toBe(`${R}${R}`);
  });

  test("finds out of order are all removed", () => {
    expect(scrub("two one", ["one", "two"])).toBe(`${R} ${R}`);
    expect(scrub("two%20one", ["one", "two"])).toBe(`${R}%20${R}`);
  });

  test("a secret inside another, and overlapping ones, become one [REDACTED]", () => {
    expect(scrub("xabcdefx", ["abcdef", "cd"])).toBe(`x${R}x`);
    expect(scrub("xabcdefx", ["cd", "abcdef"])).toBe(`x${R}x`);
    expect(scrub("xabcdefx", ["abcd", "cdef"])).toBe(`x${R}x`);
  });

  test("secrets side by side stay two", () => {
    expect(scrub("onetwo", ["one", "two"])).toBe(`${R}${R}`);
  });

  test("one echo found in two views is removed once", () => {
    expect(scrub("a%20b a b", ["a b"])).toBe(`${R} ${R}`);
  });

  test("replacement characters in a text are not taken for a secret", () => {
    expect(scrub("\uFFFD\uFFFD\uFFFD", ["abc"])).toBe("\uFFFD\uFFFD\uFFFD");
  });
});

describe("the 64 KiB limit", () => {
  test("text beyond the first 64 KiB is dropped, with secrets or without", () => {
    const text = `${"a".repeat(65_530)}hunter2`;
    expect(scrub(text, [])).toBe(text.slice(0, 65_536));
    expect(scrub(text, ["zzz"])).toBe(text.slice(0, 65_536));
    expect(scrub(`${"a".repeat(65_536)}`, ["zzz"])).toHaveLength(65_536);
    expect(scrub(`hunter2${"a".repeat(70_000)}`, ["hunter2"])).toBe(`${R}${"a".repeat(65_529)}`);
  });
});
