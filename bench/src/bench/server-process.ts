import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestServer } from "../test-server/index.js";
import type { RemoteServerConfig, ServerMessage, ClientMessage } from "./remote-server.js";

/**
 * The loopback test server in a process of its own (started by `startRemoteServer`), so the
 * time it spends building answers is not charged to the client being measured. Besides the
 * test server, a "hold" origin forwards to it but keeps every request waiting until the parent
 * says "release": the memory benchmark's way to have N requests in flight at once.
 */
const config = JSON.parse(process.argv[2] ?? "{}") as RemoteServerConfig;
const send = (message: ServerMessage) => process.send?.(message);

const server = await createTestServer({
  record: false,
  circleci: { pipelinesFor: () => config.pipelines ?? 1000 },
  circonus: { checkBundles: config.checkBundles ?? 1000 },
});
const target = new URL(server.origin);

let held: { req: IncomingMessage; res: ServerResponse }[] = [];
let expected = Infinity;
function forward({ req, res }: { req: IncomingMessage; res: ServerResponse }): void {
  const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", () => res.destroy());
  req.pipe(upstream);
}
const waiters: { count: number; res: ServerResponse }[] = [];
function wake(): void {
  for (let i = waiters.length - 1; i >= 0; i--) {
    if (held.length >= waiters[i]!.count) waiters.splice(i, 1)[0]!.res.end(String(held.length));
  }
  if (held.length >= expected) {
    expected = Infinity;
    send({ type: "held", count: held.length });
  }
}
function release(): void {
  const all = held;
  held = [];
  for (const h of all) forward(h);
}
const hold = createServer((req, res) => {
  // Control paths for a measuring process that is not the parent: wait for N held, release.
  const control = /^\/__control\/(expect\/(\d+)|release)$/.exec(req.url ?? "");
  if (control) {
    if (control[2] !== undefined) {
      waiters.push({ count: Number(control[2]), res });
      wake();
    } else {
      release();
      res.end("released");
    }
    return;
  }
  held.push({ req, res });
  wake();
});
await new Promise<void>((resolve) => hold.listen(0, "127.0.0.1", () => resolve()));
const holdOrigin = `http://127.0.0.1:${(hold.address() as AddressInfo).port}`;

process.on("message", (message: ClientMessage) => {
  if (message.type === "expect") {
    expected = message.count;
    wake();
  } else if (message.type === "release") {
    release();
  } else if (message.type === "close") {
    hold.closeAllConnections();
    void server.close().then(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));

send({
  type: "ready",
  origin: server.origin,
  circleciBaseUrl: server.circleciBaseUrl,
  circonusBaseUrl: server.circonusBaseUrl,
  holdOrigin,
  holdCircleciBaseUrl: server.circleciBaseUrl.replace(server.origin, holdOrigin),
});
