/**
 * The table of the secrets audit by echo (reliability-tests/secret-echoes*.test.ts): the secrets
 * the spec marks, the ways a PHP server echoes a value, the error body shapes of the spec, and
 * a search for a secret's token in every one of those encodings, independent of the scrubber.
 */
import { inspect } from "node:util";
import { type TestContext, expect } from "vitest";
import { operationTable } from "../generated/operations.js";
import { EdisApiError, type EdisClient } from "../src/index.js";
import type { Fault } from "./fault-answers.js";
import { AUTH_PATH, KVM } from "./fault-server.js";
import { countFigure } from "./reliability-figures.js";
import { SECRETS, viewsOf } from "./secret-audit.js";

/** An encoding a server may echo a value in, as the client sees the text. */
export type Encoding = (text: string) => string;

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];
const hex2 = (byte: number): string => byte.toString(16).padStart(2, "0");
const lowerEscapes = (text: string): string => text.replace(/%[0-9A-F]{2}/gu, (m) => m.toLowerCase());
const jsonInner = (text: string): string => JSON.stringify(text).slice(1, -1);
const unicodeEscape = (unit: number): string => `\\u${unit.toString(16).padStart(4, "0")}`;

export const ENCODINGS: Readonly<Record<string, Encoding>> = {
  "as sent": (s) => s,
  "percent-encoded, upper-case hex": encodeURIComponent,
  "percent-encoded, lower-case hex": (s) => lowerEscapes(encodeURIComponent(s)),
  "rawurlencode (RFC 3986)": (s) => encodeURIComponent(s).replace(/[!'()*]/gu, (c) => `%${hex2(c.charCodeAt(0)).toUpperCase()}`),
  "form-encoded (+ for a space)": (s) => new URLSearchParams({ s }).toString().slice(2),
  "every byte percent-encoded, upper case": (s) =>
    utf8(s)
      .map((b) => `%${hex2(b).toUpperCase()}`)
      .join(""),
  "every byte percent-encoded, lower case": (s) =>
    utf8(s)
      .map((b) => `%${hex2(b)}`)
      .join(""),
  "percent-encoded twice": (s) => encodeURIComponent(encodeURIComponent(s)),
  "JSON text": jsonInner,
  "PHP json_encode (\\uXXXX, \\/)": (s) =>
    jsonInner(s)
      .replace(/\//gu, "\\/")
      .replace(/[^\x20-\x7e]/gu, (c) => unicodeEscape(c.charCodeAt(0))),
  "JSON, every character \\uXXXX": (s) => [...s].flatMap((c) => [...c].map((u) => unicodeEscape(u.charCodeAt(0)))).join(""),
  "JSON text, then percent-encoded": (s) => encodeURIComponent(jsonInner(s)),
  "every byte percent-encoded, then JSON \\uXXXX": (s) =>
    [
      ...utf8(s)
        .map((b) => `%${hex2(b).toUpperCase()}`)
        .join(""),
    ]
      .map((c) => unicodeEscape(c.charCodeAt(0)))
      .join(""),
  "HTML entities (htmlspecialchars)": (s) =>
    s.replace(/&/gu, "&amp;").replace(/"/gu, "&quot;").replace(/'/gu, "&#039;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;"),
  "HTML numeric references": (s) => [...s].map((c) => (/[A-Za-z0-9]/u.test(c) ? c : `&#${c.codePointAt(0)};`)).join(""),
};

/** One secret: the operation that sends it, the wire field it travels in, its token. */
export interface SecretCase {
  readonly name: string;
  /** The path whose answer echoes it (auth for the account password). */
  readonly path: string;
  readonly wire: string;
  /** The part of the value searched for in every view (letters and digits, in every encoding of the table). */
  readonly token: string;
  readonly call: (edis: EdisClient) => Promise<unknown>;
  /** The same call as a command line, and the environment it needs. */
  readonly argv: readonly string[];
  readonly env?: Record<string, string>;
}

/** An order the ORDER API cases send (addOrder's `order`). */
const ORDER = { billingcycle: "monthly", paymentmethod: "paypal", item: [{ pid: 1642, os: 5321, hostname: "vps1.example.com" }] };

const wireOf = (operationId: keyof typeof operationTable, param: string): string => operationTable[operationId].fields.find((f) => f.param === param)!.wire;

export const SECRET_CASES: readonly SecretCase[] = [
  {
    name: "account password",
    path: AUTH_PATH,
    wire: wireOf("createAuthSession", "pw"),
    token: "Acct7Tok",
    call: (edis) => edis.power.state({ kvmId: KVM }),
    argv: ["power", "state"],
  },
  {
    name: "session signature",
    path: operationTable.getPowerState.path,
    wire: wireOf("getPowerState", "signature"),
    token: "sig-f4ult",
    call: (edis) => edis.power.state({ kvmId: KVM }),
    argv: ["power", "state"],
  },
  {
    name: "VNC password",
    path: operationTable.enableVnc.path,
    wire: wireOf("enableVnc", "password"),
    token: "Vnc7Tq",
    call: (edis) => edis.vnc.enable({ kvmId: KVM, password: SECRETS.vncPassword }),
    argv: ["vnc", "enable", "--yes"],
    env: { EDIS_VNC_PASSWORD: SECRETS.vncPassword },
  },
  {
    name: "reinstall password",
    path: operationTable.reinstallVPS.path,
    wire: wireOf("reinstallVPS", "password"),
    token: "Rein7Tok",
    call: (edis) => edis.install.reinstall({ kvmId: KVM, image: "debian-12", password: SECRETS.reinstallPassword }),
    argv: ["install", "reinstall", "--image", "debian-12", "--yes"],
    env: { EDIS_NEW_PASSWORD: SECRETS.reinstallPassword },
  },
  {
    name: "callback password",
    path: operationTable.setKvmHooks.path,
    wire: wireOf("setKvmHooks", "callbackPassword"),
    token: "Cbak7Tok",
    call: (edis) =>
      edis.hooks.set({
        kvmId: KVM,
        callbackMethod: "post",
        callbackPassword: SECRETS.callbackPassword,
        triggerValue: "80",
        callbackUrl: "https://example.com/hook",
      }),
    argv: ["hooks", "set", "--callback-method", "post", "--trigger-value", "80", "--callback-url", "https://example.com/hook", "--yes"],
    env: { EDIS_CALLBACK_PASSWORD: SECRETS.callbackPassword },
  },
  {
    name: "cloud-init user data",
    path: operationTable.reinstallVPS.path,
    wire: wireOf("reinstallVPS", "cloudinitUserData"),
    token: "Cld7Tok",
    call: (edis) =>
      edis.install.reinstall({ kvmId: KVM, image: "cloudinit_debian-bookworm", password: SECRETS.reinstallPassword, cloudinitUserData: SECRETS.cloudInit }),
    argv: ["install", "reinstall", "--image", "cloudinit_debian-bookworm", "--yes"],
    env: { EDIS_NEW_PASSWORD: SECRETS.reinstallPassword },
  },
  {
    name: "account password (ORDER API read)",
    path: operationTable.getPaymentMethods.path,
    wire: wireOf("getPaymentMethods", "pw"),
    token: "Acct7Tok",
    call: (edis) => edis.order.paymentMethods(),
    argv: ["order", "payment-methods"],
  },
  {
    name: "account password (ORDER API order)",
    path: operationTable.addOrder.path,
    wire: wireOf("addOrder", "pw"),
    token: "Acct7Tok",
    call: (edis) => edis.order.add({ order: ORDER }),
    argv: ["order", "add", "--order", JSON.stringify(ORDER), "--yes"],
  },
];

/** The error body shapes of the spec, each with the echo in every text field it has. */
export const SHAPES: Readonly<Record<string, { status: number; body: (echo: string) => Record<string, unknown> }>> = {
  "{error}": { status: 400, body: (echo) => ({ error: echo }) },
  "{error, code}": { status: 400, body: (echo) => ({ error: echo, code: echo }) },
  "{status, error}": { status: 200, body: (echo) => ({ status: "error", error: echo }) },
  "{status, message}": { status: 200, body: (echo) => ({ status: "error", message: echo }) },
  "{status, error_code, message}": { status: 200, body: (echo) => ({ status: "error", error_code: echo, message: echo }) },
  "{error, code, message}": { status: 500, body: (echo) => ({ error: echo, code: echo, message: echo }) },
};

export const encodingNames = Object.keys(ENCODINGS);
export const shapeNames = Object.keys(SHAPES);

/** The text a server echoes the request's `wire` field in, as `encoding` writes it. */
export function echoBody(wire: string, encoding: Encoding, form: URLSearchParams): string {
  return `echo of ${wire}: ${encoding(form.get(wire) ?? "")} (end)`;
}

/** A fault that answers with `shape`, its text fields holding the request's `wire` field as `encoding` writes it. */
export function echoing(wire: string, encoding: Encoding, shape: (typeof SHAPES)[string]): Fault {
  return (res, _req, arrival) => {
    res.writeHead(shape.status, { "content-type": "application/json" });
    res.end(JSON.stringify(shape.body(echoBody(wire, encoding, arrival.form))));
  };
}

/** The client's debug log as a view: it holds a line per attempt out and back, or it was not written. */
export function logView(log: readonly string[]): { name: string; text: string } {
  expect(log.length).toBeGreaterThanOrEqual(2);
  return { name: "debug log", text: log.join("\n") };
}

/**
 * The rows that go over a socket (and through the CLI): one per secret, each with another
 * encoding and body shape of the table, so that every shape and eight of the encodings meet a
 * real answer at least once; the whole cross product runs in-process (secret-echoes.test.ts).
 */
export const SOCKET_ROWS: readonly { secret: SecretCase; encoding: string; shape: string }[] = SECRET_CASES.map((secret, i) => ({
  secret,
  encoding: encodingNames[i % encodingNames.length]!,
  shape: shapeNames[i % shapeNames.length]!,
}));

/** Views of an error beyond the audit's own: util.inspect to depth 10, and serverCode. */
export function errorViews(error: unknown): { name: string; text: string }[] {
  const views = viewsOf(error);
  views.push({ name: "inspect(depth 10)", text: inspect(error, { depth: 10 }) });
  if (error instanceof EdisApiError) views.push({ name: "serverCode", text: String(error.serverCode) });
  return views;
}

/** Where a secret's token shows in `views`, in any encoding of the table. */
export function leaks(views: readonly { name: string; text: string }[], token: string): string[] {
  const forms = new Set(Object.values(ENCODINGS).map((encode) => encode(token)));
  const found: string[] = [];
  for (const view of views) {
    for (const form of forms)
      if (view.text.includes(form))
        found.push(`${view.name}: …${view.text.slice(Math.max(0, view.text.indexOf(form) - 20), view.text.indexOf(form) + form.length + 20)}…`);
  }
  return found;
}

/** The call's error; a call that succeeds fails the test. */
export async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error("the call succeeded; the table expects an error");
    },
    (error: unknown) => error,
  );
}

/**
 * The secret-echo tables' verdict: `token` shows in none of `views`, in any encoding of the
 * table, and the reliability line counts the views looked at, the echo and what was found.
 */
export function expectNoLeak(context: Pick<TestContext, "task">, views: readonly { name: string; text: string }[], token: string): void {
  countFigure(context, "secretViews", views.length);
  countFigure(context, "encodingsTried");
  const found = leaks(views, token);
  countFigure(context, "secretsFound", found.length);
  expect(found).toEqual([]);
}
