import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { BENCH_DIR } from "./report.js";

/** What the server process is started with. */
export interface RemoteServerConfig {
  /** Pipelines per CircleCI project (pages of 20). */
  pipelines?: number;
  /** Circonus check bundles (pages of up to 1000). */
  checkBundles?: number;
}

export type ClientMessage = { type: "expect"; count: number } | { type: "release" } | { type: "close" };
export type ServerMessage =
  | { type: "ready"; origin: string; circleciBaseUrl: string; circonusBaseUrl: string; holdOrigin: string; holdCircleciBaseUrl: string }
  | { type: "held"; count: number };

/** The test server running in a child process (see `server-process.ts`). */
export interface RemoteServer {
  readonly origin: string;
  readonly circleciBaseUrl: string;
  readonly circonusBaseUrl: string;
  /** The hold origin: `/__control/expect/<n>` answers once n requests wait, `/__control/release` answers them. */
  readonly holdOrigin: string;
  /** CircleCI root on the hold origin: requests wait there until `release()`. */
  readonly holdCircleciBaseUrl: string;
  /** Resolves once `count` requests are waiting on the hold origin. */
  held(count: number): Promise<void>;
  /** Answers every waiting request (forwarded to the test server). */
  release(): void;
  close(): Promise<void>;
}

/** Starts `dist/server-process.js` and waits for its addresses. */
export async function startRemoteServer(config: RemoteServerConfig = {}): Promise<RemoteServer> {
  const child: ChildProcess = fork(join(BENCH_DIR, "dist", "server-process.js"), [JSON.stringify(config)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await new Promise<Extract<ServerMessage, { type: "ready" }>>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the server process exited (${code}) before it was ready`)));
    child.on("message", (m: ServerMessage) => {
      if (m.type === "ready") resolve(m);
    });
  });
  child.removeAllListeners("exit");
  const post = (message: ClientMessage) => child.send(message);
  return {
    origin: ready.origin,
    circleciBaseUrl: ready.circleciBaseUrl,
    circonusBaseUrl: ready.circonusBaseUrl,
    holdOrigin: ready.holdOrigin,
    holdCircleciBaseUrl: ready.holdCircleciBaseUrl,
    held: (count) =>
      new Promise<void>((resolve) => {
        const onMessage = (m: ServerMessage) => {
          if (m.type === "held" && m.count >= count) {
            child.off("message", onMessage);
            resolve();
          }
        };
        child.on("message", onMessage);
        post({ type: "expect", count });
      }),
    release: () => post({ type: "release" }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        post({ type: "close" });
      }),
  };
}
