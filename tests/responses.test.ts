/**
 * Reading answers on their own (src/request/responses.ts): every documented error body shape, the status boundaries, the decoders, the
 * clipping of long messages, and that the redacted request and secrets are only built for an
 * error.
 */
import { describe, expect, test } from "vitest";
import { type OperationSpec, operationTable } from "../generated/operations.js";
import { EdisApiError, EdisRedirectError } from "../src/errors.js";
import { type AnswerContext, readAnswer, serverError } from "../src/request/responses.js";
import type { WireResponse } from "../src/request/transport.js";

const answer = (status: number, text: string, contentType: string | null = "application/json"): WireResponse => ({
  status,
  headers: new Headers(contentType === null ? {} : { "content-type": contentType }),
  text,
});

const request = { method: "POST", url: "https://1.edisglobal.com/kvm/v2/get/power", body: "kvm_id=kvm_1_2" };

/** A context that counts how often its parts are asked for. */
function context(secrets: string[] = []): AnswerContext & { asked: { secrets: number; request: number } } {
  const asked = { secrets: 0, request: 0 };
  return {
    asked,
    secrets: () => {
      asked.secrets++;
      return secrets;
    },
    request: () => {
      asked.request++;
      return request;
    },
  };
}

/** The error of class `kind` that reading `response` for `op` throws. */
function thrown<E>(kind: new (...args: never[]) => E, op: OperationSpec, response: WireResponse, secrets: string[]): E {
  try {
    readAnswer(op, response, context(secrets));
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return error as E;
  }
  throw new Error("readAnswer did not throw");
}

/** The EdisApiError that reading `response` for `op` throws. */
const failure = (op: OperationSpec, response: WireResponse, secrets: string[] = []): EdisApiError => thrown(EdisApiError, op, response, secrets);

const power = operationTable.getPowerState;
const ptr = operationTable.getPTR;
const cpu = operationTable.getCpuUsage;
const screenshot = operationTable.getVpsScreenshot;

describe("serverError", () => {
  test.each([
    [{ error: "Unauthorized" }, "Unauthorized", undefined],
    [{ error: "Unauthorized", code: 401 }, "Unauthorized", 401],
    [{ status: "error", error: "busy" }, "busy", undefined],
    [{ status: "error", message: "Invalid input." }, "Invalid input.", undefined],
    [{ status: "error", error_code: "E42", message: "No such VPS." }, "No such VPS.", "E42"],
    [{ error: "Unauthorized", code: "401", message: "Invalid WHMCS credentials." }, "Unauthorized: Invalid WHMCS credentials.", "401"],
    [{ error: "same", message: "same" }, "same", undefined],
    [{ error: "", message: "only the message" }, "only the message", undefined],
    [{ error: "only the error", message: "" }, "only the error", undefined],
    [{ error: "" }, undefined, undefined],
    [{ message: "" }, undefined, undefined],
    [{ error: 5, message: ["x"] }, undefined, undefined],
    // The ORDER API's errormsg, when message is not a non-empty string; neither is used unless it is one.
    [{ status: "error", errormsg: "Low balance." }, "Low balance.", undefined],
    [{ message: "", errormsg: "from errormsg" }, "from errormsg", undefined],
    [{ message: 5, errormsg: "from errormsg" }, "from errormsg", undefined],
    [{ message: "from message", errormsg: "not this" }, "from message", undefined],
    [{ errormsg: 5 }, undefined, undefined],
    [{ errormsg: "" }, undefined, undefined],
    [{ error: "only the error", errormsg: "" }, "only the error", undefined],
    [{ error_code: 42, code: "C" }, undefined, "C"],
    [{ error_code: "E", code: 9 }, undefined, "E"],
    [{ code: true }, undefined, undefined],
    [{ code: null }, undefined, undefined],
    [null, undefined, undefined],
    ["error text", undefined, undefined],
    [undefined, undefined, undefined],
  ])("%j: message %j, code %j", (body, message, code) => {
    expect(serverError(body)).toStrictEqual({ message, code });
  });
});

describe("readAnswer: results", () => {
  test("a 2xx JSON object is the result; its x-edis-result part when the operation names one", () => {
    const records = [{ ip: "192.0.2.1", ptr_record: "h.example.com" }];
    const ctx = context(["secret"]);
    expect(readAnswer(ptr, answer(200, JSON.stringify({ status: "success", records })), ctx)).toEqual(records);
    expect(readAnswer(power, answer(299, '{"status":"success","data":"on"}'), ctx)).toEqual({ status: "success", data: "on" });
    expect(ctx.asked).toEqual({ secrets: 0, request: 0 });
  });

  test("a result part that is present but falsy is still the result", () => {
    expect(readAnswer(ptr, answer(200, '{"status":"success","records":[]}'), context())).toEqual([]);
    expect(readAnswer(ptr, answer(200, '{"records":null}'), context())).toBeNull();
  });

  test("decoded fields: chart JSON text parsed, a data URI as media type and bytes, absent ones left out", () => {
    const chart = { datasets: [], labels: ["10:00"] };
    expect(readAnswer(cpu, answer(200, JSON.stringify({ status: "success", chart_cpu: JSON.stringify(chart) })), context())).toEqual(chart);
    expect(readAnswer(screenshot, answer(200, '{"status":"success","data":"data:image/jpg;base64,/9j/"}'), context())).toEqual({
      mimeType: "image/jpeg",
      bytes: new Uint8Array([0xff, 0xd8, 0xff]),
    });
    const { result: _result, ...withoutResult } = cpu;
    const op: OperationSpec = withoutResult;
    expect(readAnswer(op, answer(200, '{"status":"success"}'), context())).toEqual({ status: "success" });
  });

  test("an operation without decoders passes every field through as it came, whatever its name", () => {
    const body = { status: "success", data: "data:image/jpg;base64,/9j/", chart_cpu: "{}", undefined: "x" };
    expect(readAnswer(power, answer(200, JSON.stringify(body)), context())).toEqual(body);
  });
});

describe("readAnswer: failures", () => {
  test("199 and 300 are failures, with the server's message and code; the request and secrets are asked for once", () => {
    // 300 is not one of the redirects the client refuses (301, 302, 303, 307, 308): an API error.
    for (const status of [199, 300, 404, 500]) {
      const ctx = context(["hunter2"]);
      // No status: "error" in the body, so that only the HTTP status makes it a failure.
      const body = JSON.stringify({ error_code: "E1", message: "echo hunter2" });
      let error: unknown;
      try {
        readAnswer(power, answer(status, body), ctx);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EdisApiError);
      const e = error as EdisApiError;
      expect([e.status, e.serverMessage, e.serverCode, e.operationId]).toEqual([status, "echo [REDACTED]", "E1", "getPowerState"]);
      expect(e.message).toBe(`getPowerState failed: ${status} echo [REDACTED]`);
      expect(e.request).toEqual(request);
      expect(e.cause).toBeUndefined();
      expect(ctx.asked).toEqual({ secrets: 1, request: 1 });
    }
  });

  test("a non-2xx status without a body, or without a message in it", () => {
    expect(failure(power, answer(503, "")).serverMessage).toBe("empty answer");
    expect(failure(power, answer(503, '{"status":"error"}')).serverMessage).toBe("error without a message");
    expect(failure(power, answer(503, "[]")).serverMessage).toBe("error without a message");
  });

  test("a 2xx body that is empty or not a JSON object", () => {
    for (const text of ["", "[1]", '"text"', "null", "7"]) {
      const error = failure(power, answer(200, text));
      expect([error.status, error.serverMessage]).toEqual([200, "answer is not a JSON object"]);
    }
  });

  test('a 2xx with status "error": the server\'s message and code, or "status is error"', () => {
    const error = failure(power, answer(200, '{"status":"error","error":"Not yours.","code":3}'));
    expect([error.serverMessage, error.serverCode]).toEqual(["Not yours.", 3]);
    expect(failure(power, answer(200, '{"status":"error"}')).serverMessage).toBe("status is error");
  });

  test("a body that is not JSON names the content type and length, and its cause keeps no text", () => {
    const text = '{"pw":"hunter2", broken';
    const error = failure(power, answer(200, text), ["hunter2"]);
    expect(error.serverMessage).toBe(`answer is not JSON (application/json, ${text.length} bytes)`);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect((error.cause as SyntaxError).message).toBe("invalid JSON at position 17");
    expect(String((error.cause as SyntaxError).message)).not.toContain("hunter2");
    expect(failure(power, answer(502, "<html>", null)).serverMessage).toBe("answer is not JSON (no content type, 6 bytes)");
  });

  test("JSON that ends too soon has no position to name", () => {
    const error = failure(power, answer(200, '{"status":'));
    expect(error.serverMessage).toBe("answer is not JSON (application/json, 10 bytes)");
    expect((error.cause as SyntaxError).message).toBe("invalid JSON");
  });

  test("an error body whose error or message is empty counts as one without a message", () => {
    expect(failure(power, answer(503, '{"error":""}')).serverMessage).toBe("error without a message");
    expect(failure(power, answer(503, '{"status":"error","message":""}')).serverMessage).toBe("error without a message");
  });

  test("decoded fields that are not strings, not JSON text or not data URIs", () => {
    expect(failure(cpu, answer(200, '{"chart_cpu":{"datasets":[]}}')).serverMessage).toBe("answer field chart_cpu is not a string");
    const notJson = failure(cpu, answer(200, '{"chart_cpu":"{oops"}'));
    expect(notJson.serverMessage).toBe("answer field chart_cpu is not JSON text");
    expect(notJson.cause).toBeInstanceOf(SyntaxError);
    expect((notJson.cause as SyntaxError).message).toBe("invalid JSON at position 1");
    expect(failure(screenshot, answer(200, '{"data":"not a data uri"}')).serverMessage).toBe("answer field data is not a data URI");
    expect(failure(screenshot, answer(200, '{"data":7}')).serverMessage).toBe("answer field data is not a string");
  });

  test("a string code is scrubbed and clipped like the message; a numeric one is kept", () => {
    const echoed = failure(power, answer(500, JSON.stringify({ error: "no", code: "bad pw hunter2" })), ["hunter2"]);
    expect(echoed.serverCode).toBe("bad pw [REDACTED]");
    const long = failure(power, answer(500, JSON.stringify({ error: "no", error_code: "E".repeat(600) })));
    expect(long.serverCode).toBe(`${"E".repeat(497)}...`);
    expect(failure(power, answer(500, JSON.stringify({ error: "no", code: 7 }))).serverCode).toBe(7);
  });

  test("an answer without the operation's result part", () => {
    expect(failure(ptr, answer(200, '{"status":"success"}')).serverMessage).toBe('answer has no "records"');
  });

  test("a long server message is clipped to 500 characters, a message of exactly 500 is not", () => {
    const long = failure(power, answer(500, JSON.stringify({ error: "x".repeat(600) })));
    expect(long.serverMessage).toBe(`${"x".repeat(497)}...`);
    const exact = failure(power, answer(500, JSON.stringify({ error: "y".repeat(500) })));
    expect(exact.serverMessage).toBe("y".repeat(500));
  });

  test("secrets are removed before the message is clipped, so no part of one is left", () => {
    const secret = "s".repeat(40);
    const error = failure(power, answer(500, JSON.stringify({ error: `${"x".repeat(470)}${secret}` })), [secret]);
    expect(error.serverMessage).toBe(`${"x".repeat(470)}[REDACTED]`);
  });
});

describe("readAnswer: redirects", () => {
  /** The EdisRedirectError that reading `response` throws. */
  const redirected = (response: WireResponse, secrets: string[] = []): EdisRedirectError => thrown(EdisRedirectError, power, response, secrets);

  test.each([0, 301, 302, 303, 307, 308])("%i is a redirect, whatever its body", (status) => {
    const response: WireResponse = { status, headers: new Headers({ location: "https://elsewhere.example/x" }), text: '{"status":"success"}' };
    const error = redirected(response);
    expect([error.status, error.location, error.operationId]).toEqual([status, "https://elsewhere.example/x", "getPowerState"]);
    expect(error.request).toEqual(request);
  });

  test("a redirect without a Location says so without one", () => {
    const error = redirected({ status: 302, headers: new Headers(), text: "" });
    expect(error.location).toBeUndefined();
    expect(error.message).toBe("getPowerState failed: 302 redirect, not followed");
  });

  test("a Location that echoes a secret is scrubbed, and a long one clipped", () => {
    const echo = redirected({ status: 307, headers: new Headers({ location: "https://x.example/?pw=hunter2" }), text: "" }, ["hunter2"]);
    expect(echo.location).toBe("https://x.example/?pw=[REDACTED]");
    const long = `https://x.example/${"a".repeat(600)}`;
    expect(redirected({ status: 301, headers: new Headers({ location: long }), text: "" }).location).toBe(`${long.slice(0, 497)}...`);
  });
});
