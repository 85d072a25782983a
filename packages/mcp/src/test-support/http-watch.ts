import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

// What the connectors really send, seen from outside the server: Node's fetch (undici) publishes
// each request it creates and how it ended, and node:http each request a server in this process
// (the simulation) receives. The simulation runs in the test's process, so both are visible.

/** One request the connectors made. */
export interface SeenRequest {
  method: string;
  path: string;
  /** Set once the request ended: its answer was read to the end, or it failed (aborted, refused). */
  ended?: "done" | "error";
}

interface UndiciRequest {
  method: string;
  path: string;
}

/** Requests made while the watch is on; `stop()` unsubscribes. */
export interface HttpWatch {
  readonly requests: SeenRequest[];
  /** Bodies of the annotation writes (POST /circonus/v2/annotation) the simulation received. */
  readonly writtenBodies: string[];
  /** Requests not yet ended. */
  inFlight(): number;
  /** The Circonus annotation writes (POST or DELETE) among `requests`. */
  writes(): SeenRequest[];
  stop(): void;
}

const isWrite = (r: { method: string; path: string }) => r.method !== "GET" && /^\/circonus\/v2\/annotation(\/|$|\?)/.test(r.path);

export function watchHttp(): HttpWatch {
  const requests: SeenRequest[] = [];
  const writtenBodies: string[] = [];
  const byRequest = new WeakMap<object, SeenRequest>();
  const onCreate = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    const seen: SeenRequest = { method: request.method, path: request.path };
    byRequest.set(request, seen);
    requests.push(seen);
  };
  const end = (how: "done" | "error") => (message: unknown) => {
    const seen = byRequest.get((message as { request: object }).request);
    if (seen && !seen.ended) seen.ended = how;
  };
  const onDone = end("done");
  const onError = end("error");
  const onServerRequest = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    if (!isWrite({ method: request.method ?? "GET", path: request.url ?? "" }) || request.method !== "POST") return;
    // Read alongside the simulation's own listener (added in the same tick, before any data).
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => writtenBodies.push(Buffer.concat(chunks).toString("utf8")));
  };
  diagnosticsChannel.subscribe("undici:request:create", onCreate);
  diagnosticsChannel.subscribe("undici:request:trailers", onDone);
  diagnosticsChannel.subscribe("undici:request:error", onError);
  diagnosticsChannel.subscribe("http.server.request.start", onServerRequest);
  return {
    requests,
    writtenBodies,
    inFlight: () => requests.filter((r) => !r.ended).length,
    writes: () => requests.filter(isWrite),
    stop: () => {
      diagnosticsChannel.unsubscribe("undici:request:create", onCreate);
      diagnosticsChannel.unsubscribe("undici:request:trailers", onDone);
      diagnosticsChannel.unsubscribe("undici:request:error", onError);
      diagnosticsChannel.unsubscribe("http.server.request.start", onServerRequest);
    },
  };
}
