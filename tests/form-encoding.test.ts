/**
 * The request body on the wire (src/form-encoding.ts): form fields percent-encoded in spec
 * order, JSON fields as one JSON text field, undefined fields left out, and multipart bodies
 * with their text fields and file part.
 */
import { describe, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { encodeForm, encodeMultipart } from "../src/form-encoding.js";

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
