/** CSV as RFC 4180 has it, field by field. */
import { describe, expect, it } from "vitest";
import { csvField, csvText, formatCsv } from "../../src/cli/csv.js";

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

  it("writes values as they are: no formula guard that would change the data", () => {
    expect(csvField("=1+1")).toBe("=1+1");
    expect(csvField("-5")).toBe("-5");
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
