/**
 * `maxResponseBytes` counts the body as decoded: fetch inflates gzip/br/deflate, so a
 * `Content-Length` (the compressed size) says nothing about the memory the body takes.
 * Real loopback servers: the decompression under test is the platform fetch's own.
 */
import { brotliCompressSync, deflateSync, gzipSync, createGzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createHttpClient } from "./http-client.js";
import { InvalidResponseError } from "../errors.js";
import { useLoopbackOrigin } from "../test-support/loopback-origin.js";

const LIMIT = 64 * 1024;
/** Valid JSON of 8 MiB that compresses to a few kilobytes. */
const BIG = Buffer.from(JSON.stringify({ pad: "a".repeat(8 * 1024 * 1024) }));
const compress = { gzip: gzipSync, br: brotliCompressSync, deflate: deflateSync } as const;

const serve = useLoopbackOrigin();

const client = (baseUrl: string) =>
  createHttpClient({ provider: "example", baseUrl, maxResponseBytes: LIMIT, retry: false, throttle: false });

describe("maxResponseBytes counts decoded bytes", () => {
  it.each(Object.keys(compress) as (keyof typeof compress)[])(
    "refuses a %s body whose Content-Length (compressed) is within the limit but which inflates past it",
    async (encoding) => {
      const wire = compress[encoding](BIG);
      expect(wire.byteLength).toBeLessThan(LIMIT);
      const base = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding, "content-length": String(wire.byteLength) });
        res.end(wire);
      });
      const error = await client(base).get({ operation: "bomb", path: "/bomb" }).catch((e: unknown) => e);
      expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toContain("maxResponseBytes");
    },
  );

  it("refuses a chunked gzip body (no Content-Length) that inflates past the limit", async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      const gzip = createGzip();
      gzip.pipe(res);
      gzip.end(BIG);
    });
    const error = await client(base).get({ operation: "bomb", path: "/bomb" }).catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toContain("maxResponseBytes");
  });

  it("reads a gzip body that stays within the limit once inflated", async () => {
    const body = { items: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `é-${i}` })) };
    const wire = gzipSync(Buffer.from(JSON.stringify(body)));
    const base = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(wire.byteLength) });
      res.end(wire);
    });
    expect(await client(base).get({ operation: "ok", path: "/ok" })).toEqual(body);
  });

  it("refuses an unencoded body at once when its Content-Length is over the limit", async () => {
    let wrote = false;
    const base = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(LIMIT + 1) });
      res.write("{");
      wrote = true; // the rest never comes: only the declared length can refuse it
    });
    const error = await client(base).get({ operation: "big", path: "/big" }).catch((e: unknown) => e);
    expect(wrote).toBe(true);
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toContain("maxResponseBytes");
  });

  it("decodes UTF-8 split across chunks", async () => {
    const text = Buffer.from(JSON.stringify({ name: "é".repeat(3) }));
    const base = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(text.subarray(0, 10)); // ends inside the first "é"
      setTimeout(() => res.end(text.subarray(10)), 20);
    });
    expect(await client(base).get({ operation: "utf8", path: "/utf8" })).toEqual({ name: "ééé" });
  });
});
