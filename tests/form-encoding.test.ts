/**
 * The request body on the wire (src/request/form-encoding.ts): form fields percent-encoded in spec
 * order, JSON fields as one JSON text field, undefined fields left out, and multipart bodies
 * with their text fields and file part.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { operationTable, type OperationField, type OperationSpec } from "../generated/operations.js";
import { encodeForm, encodeMultipart, encodeBody, fieldText, isBinary } from "../src/request/form-encoding.js";
import { textField } from "../test-support/operation-fields.js";

describe("encodeForm", () => {
  test("sends ip of get/ptr as one JSON text field, after the other fields in spec order", () => {
    const body = encodeForm(operationTable.getPTR, {
      ip: ["192.0.2.1", "2001:db8::1"],
      kvm_id: "kvm_1_2",
      signature: "s",
      valid_until: "4102444800",
      api_host: "1.edisglobal.com",
    });
    expect(body).toBe("signature=s&kvm_id=kvm_1_2&valid_until=4102444800&api_host=1.edisglobal.com&ip=%5B%22192.0.2.1%22%2C%222001%3Adb8%3A%3A1%22%5D");
    expect(new URLSearchParams(body).getAll("ip")).toEqual(['["192.0.2.1","2001:db8::1"]']);
  });

  test("sends ip of set/ptr as one JSON object", () => {
    const body = encodeForm(operationTable.setPTR, { ip: { "192.0.2.1": "mail.example.com" } });
    expect(body).toBe("ip=%7B%22192.0.2.1%22%3A%22mail.example.com%22%7D");
  });

  test("percent-encodes + & = % and non-ASCII so they arrive intact", () => {
    const password = "a+b&c=d%e ü€😀";
    const body = encodeForm(operationTable.createAuthSession, { email: "x@example.com", pw: password });
    expect(body).toBe("email=x%40example.com&pw=a%2Bb%26c%3Dd%25e+%C3%BC%E2%82%AC%F0%9F%98%80");
    expect(new URLSearchParams(body).get("pw")).toBe(password);
  });

  test("encodes as URLSearchParams does: space as +, and ! ' ( ) ~ escaped, * - . _ not", () => {
    const op = { ...operationTable.getPTR, fields: [textField("a"), textField("b")] } as OperationSpec;
    expect(encodeForm(op, { a: "!'()~* -._", b: "x y" })).toBe("a=%21%27%28%29%7E*+-._&b=x+y");
    // A lone surrogate travels as U+FFFD, as URLSearchParams sends it, not as an exception.
    expect(encodeForm(op, { a: "\ud800x", b: "\udc00" })).toBe("a=%EF%BF%BDx&b=%EF%BF%BD");
  });

  test("any text, key and JSON value gives the bytes URLSearchParams gives", () => {
    // Single UTF-16 units (lone surrogates among them), whole code points, and the characters the two encoders treat apart.
    const unit = fc.oneof(
      fc.constantFrom("!", "'", "(", ")", "~", "*", "-", ".", "_", " ", "%", "+", "&", "=", "\ud800", "\udfff"),
      fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
      fc.string({ unit: "grapheme", maxLength: 1 }),
    );
    const text = fc.array(unit, { maxLength: 20 }).map((units) => units.join(""));
    fc.assert(
      fc.property(text, text, fc.jsonValue(), (key, value, json) => {
        const op = { ...operationTable.getPTR, fields: [textField(key), textField("j", { json: true })] } as OperationSpec;
        const expected = new URLSearchParams([
          [key, value],
          ["j", JSON.stringify(json)],
        ]).toString();
        expect(encodeForm(op, { [key]: value, j: json })).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  test("leaves out undefined fields instead of sending the text undefined", () => {
    expect(encodeForm(operationTable.createAuthSession, { email: "x@example.com", pw: "p", kvm_id: undefined })).toBe("email=x%40example.com&pw=p");
  });
});

describe("encodeMultipart", () => {
  const file = new Uint8Array([0x51, 0x46, 0x49, 0xfb, 0x00, 0x0d, 0x0a, 0xff]);

  test("sends text fields byte for byte and the file as a file part", async () => {
    const cloudInit = "#cloud-config\nssh_pwauth: true\n";
    const { body, contentType } = encodeMultipart(operationTable.uploadQCOW2, {
      signature: "s",
      kvm_id: "kvm_1_2",
      valid_until: "4102444800",
      yes_purge_all_my_data: 1,
      file,
      cloudinit_user_data: cloudInit,
    });
    expect(contentType).toMatch(/^multipart\/form-data; boundary=edis-global-[0-9a-f-]{36}$/);
    const raw = Buffer.from(await body.arrayBuffer());
    // FormData would have turned each \n into \r\n; the hand-built body keeps the text as given.
    expect(raw.includes(Buffer.from(`\r\n\r\n${cloudInit}\r\n--`))).toBe(true);
    expect(raw.includes(Buffer.from('name="file"; filename="disk.qcow2"\r\nContent-Type: application/octet-stream\r\n\r\n'))).toBe(true);
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    expect([...form.keys()]).toEqual(["signature", "kvm_id", "valid_until", "yes_purge_all_my_data", "file", "cloudinit_user_data"]);
    expect(form.get("yes_purge_all_my_data")).toBe("1");
    expect(new Uint8Array(await (form.get("file") as File).arrayBuffer())).toEqual(file);
  });

  test("keeps the name of a File and a Blob's bytes", async () => {
    const { body, contentType } = encodeMultipart(operationTable.uploadQCOW2, {
      file: new File([file], 'my "disk".qcow2'),
    });
    expect(await body.text()).toContain('name="file"; filename="my %22disk%22.qcow2"');
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    expect((form.get("file") as File).name).toBe('my "disk".qcow2');
    expect(new Uint8Array(await (form.get("file") as File).arrayBuffer())).toEqual(file);
  });
});

describe("the request body byte by byte: multipart on the wire, part names, a value's text, the encoder a content type picks", () => {
  /** A multipart operation of the test's own, so that names and file names can be anything. */
  const uploadOp = (fields: OperationField[]): OperationSpec => ({
    ...operationTable.uploadQCOW2,
    fields,
  });

  function boundaryOf(contentType: string): string {
    const match = /^multipart\/form-data; boundary=(edis-global-[0-9a-f-]{36})$/u.exec(contentType);
    expect(match, contentType).not.toBeNull();
    return match![1]!;
  }

  describe("fieldText", () => {
    test("a string is itself, any other value its String() text, a JSON field its JSON text", () => {
      expect(fieldText("a b", false)).toBe("a b");
      expect(fieldText(1, false)).toBe("1");
      expect(fieldText(true, false)).toBe("true");
      expect(fieldText("a b", true)).toBe('"a b"');
      expect(fieldText(["192.0.2.1"], true)).toBe('["192.0.2.1"]');
    });

    test("a binary value is shown by its size, never by its bytes", () => {
      expect(fieldText(new Uint8Array(8), false)).toBe("[binary, 8 bytes]");
      expect(fieldText(new Blob(["abc"]), false)).toBe("[binary, 3 bytes]");
      expect(fieldText(new File(["abcd"], "x.qcow2"), false)).toBe("[binary, 4 bytes]");
    });

    test("isBinary takes a Blob or a Uint8Array and nothing else", () => {
      expect([new Blob([]), new File([], "f"), new Uint8Array(1), "bytes", [1, 2], new ArrayBuffer(2), null].map(isBinary)).toEqual([
        true,
        true,
        true,
        false,
        false,
        false,
        false,
      ]);
    });
  });

  describe("encodeForm", () => {
    test("sends a number as its decimal text and a JSON field with any value as JSON", () => {
      const op: OperationSpec = { ...operationTable.getPTR, fields: [textField("n"), textField("j", { json: true }), textField("s")] };
      expect(encodeForm(op, { n: 10, j: { a: [1, "x"] }, s: "" })).toBe("n=10&j=%7B%22a%22%3A%5B1%2C%22x%22%5D%7D&s=");
    });
  });

  describe("encodeMultipart, the bytes on the wire", () => {
    test("every part exactly: text, JSON and file parts, then the closing boundary", async () => {
      const op = uploadOp([
        textField("kvm_id"),
        textField("config", { json: true }),
        textField("skipped"),
        textField("file", { filename: "disk.qcow2", rule: { type: "string", format: "binary" } }),
        textField("note"),
      ]);
      const { body, contentType } = encodeMultipart(op, {
        kvm_id: "kvm_1_2",
        config: { a: 1 },
        file: new Uint8Array([0x00, 0x0d, 0x0a, 0xff]),
        note: "line 1\nline 2\r\n",
      });
      const b = boundaryOf(contentType);
      const expected = Buffer.concat([
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="kvm_id"\r\n\r\nkvm_1_2\r\n` +
            `--${b}\r\nContent-Disposition: form-data; name="config"\r\n\r\n{"a":1}\r\n` +
            `--${b}\r\nContent-Disposition: form-data; name="file"; filename="disk.qcow2"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.from([0x00, 0x0d, 0x0a, 0xff]),
        Buffer.from(`\r\n--${b}\r\nContent-Disposition: form-data; name="note"\r\n\r\nline 1\nline 2\r\n\r\n--${b}--\r\n`),
      ]);
      expect(Buffer.from(await body.arrayBuffer()).toString("latin1")).toBe(expected.toString("latin1"));
    });

    test("a Blob is sent as a file part under the spec's file name, and nothing else is a file", async () => {
      const op = uploadOp([textField("file", { filename: "disk.qcow2", rule: { type: "string", format: "binary" } }), textField("count")]);
      const { body, contentType } = encodeMultipart(op, { file: new Blob(["QFI"]), count: 3 });
      const b = boundaryOf(contentType);
      expect(await body.text()).toBe(
        `--${b}\r\nContent-Disposition: form-data; name="file"; filename="disk.qcow2"\r\nContent-Type: application/octet-stream\r\n\r\nQFI\r\n` +
          `--${b}\r\nContent-Disposition: form-data; name="count"\r\n\r\n3\r\n--${b}--\r\n`,
      );
    });

    test("without a file name in the spec, a file part is named after its field", async () => {
      const op = uploadOp([textField("image", { rule: { type: "string", format: "binary" } })]);
      const { body } = encodeMultipart(op, { image: new Uint8Array([1]) });
      expect(await body.text()).toContain('Content-Disposition: form-data; name="image"; filename="image"\r\n');
    });

    test("quotes, CR and LF in part names and file names are escaped, so no header can be injected", async () => {
      const op = uploadOp([textField('a"b\r\nX-Injected: 1'), textField("file", { rule: { type: "string", format: "binary" } })]);
      const { body } = encodeMultipart(op, { 'a"b\r\nX-Injected: 1': "v", file: new File([new Uint8Array([1])], 'evil"\r\n.qcow2') });
      const text = await body.text();
      expect(text).toContain('Content-Disposition: form-data; name="a%22b%0D%0AX-Injected: 1"\r\n\r\nv\r\n');
      expect(text).toContain('Content-Disposition: form-data; name="file"; filename="evil%22%0D%0A.qcow2"\r\n');
      expect(text).not.toContain("\r\nX-Injected");
    });

    test("each body has a boundary of its own", () => {
      const op = uploadOp([textField("a")]);
      expect(encodeMultipart(op, { a: "1" }).contentType).not.toBe(encodeMultipart(op, { a: "1" }).contentType);
    });
  });

  describe("encodeBody", () => {
    test("a multipart operation gets a multipart Blob, a form operation its form text and content type", async () => {
      const multipart = encodeBody(operationTable.uploadQCOW2, { kvm_id: "kvm_1_2", file: new Uint8Array([7]) });
      expect(multipart.body).toBeInstanceOf(Blob);
      const b = boundaryOf(multipart.contentType);
      expect(await (multipart.body as Blob).text()).toContain(`--${b}\r\nContent-Disposition: form-data; name="kvm_id"\r\n\r\nkvm_1_2\r\n`);

      const form = encodeBody(operationTable.getPTR, { kvm_id: "kvm_1_2", ip: ["192.0.2.1"] });
      expect(form).toEqual({ body: "kvm_id=kvm_1_2&ip=%5B%22192.0.2.1%22%5D", contentType: "application/x-www-form-urlencoded" });
    });
  });
});
