/**
 * The tiny spec the spec:diff tests edit (scripts/spec-diff/): one operation with something of
 * everything the rules look at, the places inside it a test edits (the operation, its request
 * schema, its 200 schema), and a spec as spec:diff loads it from a file.
 */
export type Doc = Record<string, any>;

/** A small spec with one operation that has something of everything the rules look at. */
export function tiny(): Doc {
  return {
    openapi: "3.0.3",
    info: { title: "tiny", version: "1" },
    servers: [{ url: "https://api.example.com", "x-edis-host": "api" }],
    paths: {
      "/a": {
        post: {
          operationId: "opA",
          summary: "Do A",
          description: "Does A.",
          "x-edis-method": "a.do",
          "x-edis-retry-safe": false,
          "x-edis-destructive": true,
          "x-edis-bulk": "tags",
          requestBody: {
            required: true,
            content: {
              "application/x-www-form-urlencoded": {
                schema: {
                  type: "object",
                  required: ["name"],
                  properties: {
                    name: {
                      type: "string",
                      minLength: 1,
                      maxLength: 10,
                      pattern: "^[a-z]+$",
                      format: "hostname",
                      description: "The name.",
                      example: "abc",
                      "x-edis-param": "theName",
                    },
                    mode: { type: "string", enum: ["x", "y"], default: "x", "x-edis-secret": true },
                    tags: { type: "array", items: { type: "string" }, maxItems: 5 },
                    text: { type: "string", "x-edis-multiline": true },
                    map: { type: "object", additionalProperties: { type: "string" }, "x-edis-key-format": "ip" },
                    file: { type: "string", format: "binary", "x-edis-filename": "a.bin" },
                    sig: { type: "string", "x-edis-from": "session.signature" },
                    opt: { type: "string" },
                  },
                },
                encoding: { tags: { contentType: "application/json" } },
              },
            },
          },
          responses: {
            "200": {
              description: "Done.",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["status", "count"],
                    properties: {
                      status: { type: "string", enum: ["success"] },
                      count: { type: "integer" },
                      kind: { type: "string", enum: ["p", "q"] },
                      chart: { type: "string", "x-edis-json": "#/components/schemas/Chart" },
                      extra: { type: "string", title: "Extra" },
                    },
                  },
                  example: { status: "success", count: 1 },
                },
              },
            },
            "400": { description: "Bad.", content: { "application/json": { schema: { type: "object", properties: { error: { type: "string" } } } } } },
          },
          callbacks: {
            hook: {
              "{$request.body#/url}": {
                post: {
                  operationId: "hookCall",
                  "x-edis-source-addresses": ["192.0.2.1"],
                  requestBody: { content: { "application/x-www-form-urlencoded": { schema: { type: "object", properties: { kvm: { type: "string" } } } } } },
                  responses: { "200": { description: "ok" } },
                },
              },
            },
          },
        },
      },
      "/b": { post: { operationId: "opB", responses: { "200": { description: "ok" } } } },
    },
    components: { schemas: { Chart: { type: "object" } } },
  };
}

export const op = (d: Doc) => d.paths["/a"].post;
export const req = (d: Doc) => op(d).requestBody.content["application/x-www-form-urlencoded"].schema;
export const ok = (d: Doc) => op(d).responses["200"].content["application/json"].schema;

/** `doc` as spec:diff has it after loading a file. */
export const loaded = (doc: Doc) => ({ name: "tiny.yaml", text: "", doc });
