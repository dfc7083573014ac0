/** Printing results for people and for scripts. */
import { describe, expect, it } from "vitest";
import { type RenderTarget, clean, formatTable, printHuman, toJson } from "../../src/cli/output/render.js";

function target(tty: boolean, color = tty): RenderTarget & { text: string } {
  const t = {
    text: "",
    tty,
    color,
    write: (s: string) => {
      t.text += s;
    },
  };
  return t;
}

describe("toJson", () => {
  it("writes bytes as base64 and everything else as JSON", () => {
    expect(toJson({ mimeType: "image/jpeg", bytes: Uint8Array.from([1, 2, 255]) })).toBe('{\n  "mimeType": "image/jpeg",\n  "bytes": "AQL/"\n}');
    expect(toJson(undefined)).toBe("null");
  });
});

describe("printHuman", () => {
  it("prints nested objects as dotted keys and lists as comma-separated values", () => {
    const t = target(false);
    printHuman(t, { status: "success", data: { hw: { cpu: 2 }, ips: ["192.0.2.1", "2001:db8::1"] } });
    expect(t.text).toBe("status:       success\ndata.hw.cpu:  2\ndata.ips:     192.0.2.1, 2001:db8::1\n");
  });

  it("prints a list of strings one per line and an empty list as (none)", () => {
    const t = target(false);
    printHuman(t, ["a.iso", "b.iso"]);
    printHuman(t, []);
    expect(t.text).toBe("a.iso\nb.iso\n(none)\n");
  });

  it("gives a terminal a bold header and a rule, and no bold with NO_COLOR", () => {
    const rows = [["192.0.2.1", "a.example.com"]];
    expect(formatTable(target(true), ["ip", "ptr_record"], rows)).toBe(
      "\u001b[1mip         ptr_record\u001b[22m\n─────────  ─────────────\n192.0.2.1  a.example.com\n",
    );
    expect(formatTable(target(true, false), ["ip", "ptr_record"], rows)).toBe("ip         ptr_record\n─────────  ─────────────\n192.0.2.1  a.example.com\n");
  });
});

describe("clean", () => {
  it("escapes control characters, so server text cannot drive the terminal", () => {
    expect(clean("a\u001b[31mb\nc\u009bd\te")).toBe("a\\u001b[31mb\\nc\\u009bd  e");
  });
});
