/**
 * The one request encoder. Form bodies (`application/x-www-form-urlencoded`) carry each field
 * once, in the spec's order; a field the spec declares JSON (`encoding: {contentType:
 * application/json}`) travels as one JSON text, never as repeated keys or a comma list.
 * Multipart bodies (a file upload) carry the same texts, and binary fields as file parts.
 */
import type { OperationSpec } from "../operation-spec.js";

/** True for a value a binary (`format: binary`) field accepts. */
export function isBinary(value: unknown): value is Blob | Uint8Array {
  return value instanceof Blob || value instanceof Uint8Array;
}

/** Turns one field's value into the text that goes into the form. */
export function fieldText(value: unknown, json: boolean): string {
  if (json) return JSON.stringify(value);
  if (isBinary(value)) return `[binary, ${value instanceof Blob ? value.size : value.byteLength} bytes]`;
  return typeof value === "string" ? value : String(value);
}

/** What encodeURIComponent leaves as it is and the form serializer does not: a space is `+`, and `! ' ( ) ~` are escaped. */
const APART = /%20|[!'()~]/gu;
const AS_FORM: Readonly<Record<string, string>> = { "%20": "+", "!": "%21", "'": "%27", "(": "%28", ")": "%29", "~": "%7E" };

/**
 * `text` as the URL standard's form serializer (URLSearchParams) writes it: UTF-8, every byte
 * but ASCII letters, digits and `* - . _` percent-encoded, a space as `+`, a lone surrogate as
 * U+FFFD. By the native encodeURIComponent and a fix-up of the six characters it treats apart:
 * URLSearchParams's serializer is JavaScript (node:internal/querystring), about four times as
 * slow on a long list's JSON text (BENCHMARKS.md, issue 25's pair).
 */
function formText(text: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    // A lone surrogate (URIError); with the u flag \p{Cs} matches only the lone ones.
    encoded = encodeURIComponent(text.replace(/\p{Cs}/gu, "\ufffd"));
  }
  return encoded.replace(APART, (match) => AS_FORM[match]!);
}

/**
 * Encodes `values` (by wire name) for `op`. Undefined values are left out; everything else
 * is percent-encoded as UTF-8 (`+ & = %` and non-ASCII arrive intact), byte for byte as
 * URLSearchParams would.
 */
export function encodeForm(op: OperationSpec, values: Readonly<Record<string, unknown>>): string {
  let form = "";
  for (const field of op.fields) {
    const value = values[field.wire];
    if (value === undefined) continue;
    form += `${form === "" ? "" : "&"}${formText(field.wire)}=${formText(fieldText(value, field.json))}`;
  }
  return form;
}

/** A quoted-string value of a Content-Disposition parameter, escaped as browsers do. */
function quoted(value: string): string {
  return value.replace(/"/gu, "%22").replace(/\r/gu, "%0D").replace(/\n/gu, "%0A");
}

/**
 * Encodes a multipart body for `op`: texts as for a form, binary values as file parts. It is
 * built by hand rather than with FormData, which rewrites every line break of a text value to
 * CRLF (cloud-init data must arrive byte for byte); a file stays a lazy Blob, so a disk image
 * opened with `fs.openAsBlob` is streamed, not read into memory.
 */
export function encodeMultipart(op: OperationSpec, values: Readonly<Record<string, unknown>>): { body: Blob; contentType: string } {
  const boundary = `edis-global-${crypto.randomUUID()}`;
  const parts: BlobPart[] = [];
  for (const field of op.fields) {
    const value = values[field.wire];
    if (value === undefined) continue;
    if (isBinary(value)) {
      const name = value instanceof File ? value.name : (field.filename ?? field.wire);
      parts.push(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(field.wire)}"; filename="${quoted(name)}"\r\n` +
          "Content-Type: application/octet-stream\r\n\r\n",
        value instanceof Blob ? value : (value as Uint8Array<ArrayBuffer>),
        "\r\n",
      );
    } else {
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(field.wire)}"\r\n\r\n${fieldText(value, field.json)}\r\n`);
    }
  }
  parts.push(`--${boundary}--\r\n`);
  return { body: new Blob(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A request body and the content type that goes with it. */
export interface EncodedBody {
  readonly body: string | Blob;
  readonly contentType: string;
}

/** The body of a request for `op`, in its content type. */
export function encodeBody(op: OperationSpec, values: Readonly<Record<string, unknown>>): EncodedBody {
  return op.contentType === "multipart/form-data" ? encodeMultipart(op, values) : { body: encodeForm(op, values), contentType: op.contentType };
}
