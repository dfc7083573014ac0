/** Which operations run again over an injected fetch: one per wire shape, and one more per new error status. */
import { expect, test } from "vitest";
import { onePerWireShape, wireShapeOf } from "../test-support/wire-shapes.js";

const op = (id: string, shape: string, errorStatuses: number[]) => ({ id, shape, errorStatuses });

test("the first operation of each wire shape, and a later one only for an error status not seen yet", () => {
  const picked = onePerWireShape([
    op("auth", "form/session", [400, 401, 500]),
    op("getPTR", "form/rdns", [400, 401, 500]),
    op("getPower", "form/api", [400, 401, 403, 500]),
    op("getIsos", "form/api", [400, 401, 500]),
    op("getVnc", "form/api", [400, 401, 404, 500]),
    op("upload", "multipart/api", []),
    op("reinstall", "form/api", [403]),
  ]);
  expect(picked.map((p) => p.id)).toEqual(["auth", "getPTR", "getPower", "getVnc", "upload"]);
});

test("a wire shape names what the transport sees: content type, host, auth, and whether a 5xx is retried", () => {
  const form = { contentType: "application/x-www-form-urlencoded", host: "api", auth: "session", retrySafe: true } as const;
  const shapes = new Set([
    wireShapeOf(form),
    wireShapeOf({ ...form, contentType: "multipart/form-data" }),
    wireShapeOf({ ...form, host: "rdns" }),
    wireShapeOf({ ...form, auth: "credentials" }),
    wireShapeOf({ ...form, retrySafe: false }),
  ]);
  expect(shapes.size).toBe(5);
});
