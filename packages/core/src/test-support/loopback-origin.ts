import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/**
 * A real HTTP origin on loopback for a test file: `serve(handler)` starts one and returns its
 * base URL; it is closed (its open connections too) after each test.
 */
export function useLoopbackOrigin(): (handler: (req: IncomingMessage, res: ServerResponse) => void) => Promise<string> {
  let origin: Server | undefined;
  afterEach(async () => {
    origin?.closeAllConnections();
    await new Promise((resolve) => origin?.close(resolve) ?? resolve(undefined));
    origin = undefined;
  });
  return async (handler) => {
    origin = createServer(handler);
    await new Promise<void>((resolve) => origin!.listen(0, "127.0.0.1", () => resolve()));
    return `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  };
}
