import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback HTTP API for tests: counts what arrives and answers with `handle` (default: 200 `{"ok":true}`). */
export async function startLoopbackApi(handle?: (req: IncomingMessage, res: ServerResponse) => void) {
  const arrivals: { at: number; method: string; url: string; token: string | undefined }[] = [];
  const server = createServer((req, res) => {
    arrivals.push({ at: Date.now(), method: req.method ?? "GET", url: req.url ?? "/", token: req.headers["circle-token"] as string | undefined });
    if (handle) return handle(req, res);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
