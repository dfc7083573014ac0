/** The one rule of what may reach a terminal raw (src/safety/printable.ts), character class by class. */
import { describe, expect, it } from "vitest";
import { escapeJsonText, hasUnsafe, printable } from "../src/safety/printable.js";

describe("printable: text for a terminal", () => {
  it("escapes C0, DEL and C1 (the 8-bit CSI U+009B, OSC U+009D, ST U+009C) as \\uXXXX", () => {
    expect(printable("a\u0000b\u0007c\u001b[2Jd\u007fe\u0080f\u009bg\u009dh\u009ci")).toBe(
      "a\\u0000b\\u0007c\\u001b[2Jd\\u007fe\\u0080f\\u009bg\\u009dh\\u009ci",
    );
  });

  it("escapes bidi overrides and isolates, zero-width and other format characters, and the line and paragraph separators", () => {
    expect(printable("\u202eevil\u202c \u2066x\u2069 \u200b\u200d\u00ad\ufeff \u2028\u2029 \u061c")).toBe(
      "\\u202eevil\\u202c \\u2066x\\u2069 \\u200b\\u200d\\u00ad\\ufeff \\u2028\\u2029 \\u061c",
    );
  });

  it("escapes an astral format character by its code point, a lone surrogate and the non-characters U+FFFE/U+FFFF", () => {
    expect(printable("tag\u{e0041}")).toBe("tag\\u{e0041}");
    expect(printable("x\ud800y\udfffz")).toBe("x\\ud800y\\udfffz");
    expect(printable("\ufffe\uffff")).toBe("\\ufffe\\uffff");
  });

  it("shows LF and CR as \\n and \\r, a tab as two spaces, unless asked to keep or escape them", () => {
    expect(printable("a\r\nb\tc")).toBe("a\\r\\nb  c");
    expect(printable("a\r\nb\tc", { tab: "escape" })).toBe("a\\r\\nb\\tc");
    expect(printable("a\r\nb\tc", { tab: "keep", lineBreaks: "keep" })).toBe("a\r\nb\tc");
    expect(printable("a\r\nb\tc\u001b", { lineBreaks: "keep" })).toBe("a\r\nb  c\\u001b");
  });

  it("leaves printable text of every script alone, emoji and accents included", () => {
    const text = "mail.example.com ÄÖü 中文 עברית 😀 e\u0301 \u00a0 ~";
    expect(printable(text)).toBe(text);
    expect(hasUnsafe(text)).toBe(false);
  });

  it("hasUnsafe says whether anything would be escaped, the same each time it is asked", () => {
    expect(hasUnsafe("a\u202eb")).toBe(true);
    expect(hasUnsafe("a\u202eb")).toBe(true);
    expect(hasUnsafe("a\tb")).toBe(true);
    expect(hasUnsafe("ab")).toBe(false);
  });
});

describe("escapeJsonText: JSON a terminal cannot be driven by", () => {
  it("writes DEL, C1, bidi, format characters and the separators as \\u escapes; the data reads back the same", () => {
    const value = { "k\u202e": "a\u007fb\u009bc\u202ed\u2028e\u2029f\u{e0041}g\ufeff\uffff" };
    const text = escapeJsonText(JSON.stringify(value, null, 2));
    expect(text).toBe('{\n  "k\\u202e": "a\\u007fb\\u009bc\\u202ed\\u2028e\\u2029f\\udb40\\udc41g\\ufeff\\uffff"\n}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it("leaves the line breaks of indentation and all printable text as JSON.stringify wrote them", () => {
    const text = JSON.stringify({ a: ["x", "é 😀"] }, null, 2);
    expect(escapeJsonText(text)).toBe(text);
  });
});
