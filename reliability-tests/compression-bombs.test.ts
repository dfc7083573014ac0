/**
 * Compression bombs: a gzip, deflate or br answer whose small Content-Length hides a body far
 * past `maxResponseBytes` fails with EdisApiError after the client has read about the cap of
 * it (counted over fetch as the bytes pulled out of its decoder), and is sent once.
 */
import { describe, expect, test } from "vitest";
import { EdisApiError } from "../src/index.js";
import { type ContentCoding, compressionBomb } from "../test-support/fault-answers.js";
import { withFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { countFigure } from "../test-support/reliability-figures.js";
import { TEST_TRANSPORT } from "../test-support/transport.js";
import { RETRIES, outcomeOf, read, write } from "./support/fault-operations.js";

useLeakGuard();

/** The global fetch, counting the bytes the client pulls from each answer's (decoded) body. */
function pullCountingFetch(): { fetch: typeof fetch; pulled: { path: string; bytes: number }[] } {
  const pulled: { path: string; bytes: number }[] = [];
  const counting = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const count = { path: new URL(input instanceof Request ? input.url : input).pathname, bytes: 0 };
    pulled.push(count);
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          count.bytes += value.byteLength;
          controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      // Nothing is read ahead: the count is what the client asked for.
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: counting as typeof fetch, pulled };
}

/** A small cap and a bomb far past it, so the scenario is quick. */
const CAP = 256 * 1024;
const INFLATED = 32 * 1024 * 1024;

describe.each([read, write])("$operationId ($kind): a compressed answer that inflates past maxResponseBytes", (op) => {
  test.for(["gzip", "deflate", "br"] as ContentCoding[])(
    "%s: fails with EdisApiError after reading about the cap, and is sent once",
    async (coding, context) => {
      const bomb = compressionBomb(coding, INFLATED);
      // The stated Content-Length is far below the cap: only counting decoded bytes catches it.
      expect(bomb.encodedBytes).toBeLessThan(CAP / 4);
      await withFaultServer(async (server) => {
        server.script(op.path, bomb.fault);
        // Over fetch, the bytes pulled out of fetch's decoder are counted; node:http decodes in
        // the client, where tests/node-transport.test.ts counts what it inflated.
        const counting = TEST_TRANSPORT === "fetch" ? pullCountingFetch() : undefined;
        const edis = server.client({ retries: RETRIES, maxResponseBytes: CAP, ...(counting ? { fetch: counting.fetch } : {}) });
        const { error } = await outcomeOf(op.call(edis));
        expect(error).toBeInstanceOf(EdisApiError);
        expect((error as EdisApiError).message).toBe(`${op.operationId} failed: 200 answer is larger than ${CAP} bytes`);
        expect((error as EdisApiError).status).toBe(200);
        expect(server.to(op.path)).toHaveLength(1);
        if (counting) {
          const pulled = counting.pulled.filter((p) => p.path === op.path);
          expect(pulled).toHaveLength(1);
          // It stopped within a chunk or two of the cap, not at the 32 MiB the bomb inflates to.
          expect(pulled[0]!.bytes).toBeGreaterThan(CAP);
          expect(pulled[0]!.bytes).toBeLessThan(CAP + 256 * 1024);
        }
        await server.settled();
      });
      countFigure(context, "faultScenarios");
      countFigure(context, "hostileAnswers");
    },
  );
});
