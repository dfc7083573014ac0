/** Decoding the `data:` URIs the API returns (the console screenshot). */
import type { DataUri } from "../operation-spec.js";

// The API writes `image/jpg`, which is not a registered media type; callers get the real one.
const MEDIA_TYPE_FIXES: Readonly<Record<string, string>> = { "image/jpg": "image/jpeg" };

/** `{ mimeType, bytes }` of a `data:` URI, or undefined when `text` is not one. */
export function decodeDataUri(text: string): DataUri | undefined {
  const match = /^data:([a-z]+\/[a-z0-9.+-]+)?((?:;[a-z-]+=[^;,]*)*)(;base64)?,/iu.exec(text);
  if (!match) return undefined;
  const declared = (match[1] ?? "text/plain").toLowerCase();
  const payload = text.slice(match[0].length);
  let bytes: Uint8Array;
  if (match[3]) {
    const base64 = payload.replace(/\s+/gu, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(base64)) return undefined;
    // atob, not Buffer: the library runs where Node's globals do not (Deno, Cloudflare Workers,
    // browsers). It refuses a length that no padding explains, which Buffer would let through.
    let binary: string;
    try {
      binary = atob(base64);
    } catch {
      return undefined;
    }
    bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  } else {
    try {
      bytes = new TextEncoder().encode(decodeURIComponent(payload));
    } catch {
      return undefined;
    }
  }
  return { mimeType: MEDIA_TYPE_FIXES[declared] ?? declared, bytes };
}
