/** decodeDataUri (src/request/data-uri.ts): the screenshot's data URI decoded to bytes and its media type, malformed ones refused. */
import { describe, expect, test } from "vitest";
import { decodeDataUri } from "../src/request/data-uri.js";

describe("decodeDataUri", () => {
  test("decodes the screenshot's base64 JPEG and names its real media type", () => {
    expect(decodeDataUri("data:image/jpg;base64,/9j/4AAQ")).toEqual({
      mimeType: "image/jpeg",
      bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    });
    expect(decodeDataUri("data:image/png;base64,iVBORw==")?.mimeType).toBe("image/png");
  });

  test("decodes percent-encoded text", () => {
    expect(decodeDataUri("data:,a%20b")).toEqual({ mimeType: "text/plain", bytes: new TextEncoder().encode("a b") });
  });

  test("decodes every byte value, whitespace in the base64 ignored, without Node's Buffer", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const base64 = btoa(String.fromCharCode(...all));
    const wrapped = base64.replace(/.{76}/gu, "$&\r\n");
    const saved = globalThis.Buffer;
    Reflect.deleteProperty(globalThis, "Buffer");
    try {
      expect(decodeDataUri(`data:application/octet-stream;base64,${wrapped}`)).toEqual({ mimeType: "application/octet-stream", bytes: all });
    } finally {
      globalThis.Buffer = saved;
    }
  });

  test.each([
    "image/jpg;base64,AAAA",
    "data:image/png;base64,A",
    "data:image/png;base64,AA=",
    "data:image/jpg;base64,/9j/4AAQ...",
    "data:image/jpg;base64",
    "",
  ])("refuses %j", (text) => {
    expect(decodeDataUri(text)).toBeUndefined();
  });
});
