/**
 * Test helpers for code that uses `@toolweave/redis`: start a real `redis-server` on a free
 * loopback port in a fresh temporary directory, and stop it again. There is no mock Redis:
 * the tests run against the real server binary (Debian's `redis-server` package).
 *
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants as fsConstants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** Options for {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /**
   * Keep data across {@link RedisServerHandle.restart} with an append-only file
   * (`--appendonly yes`). Default `false`: no persistence at all (`--save ""`).
   */
  readonly persistence?: boolean;
  /** Path of the `redis-server` binary. Default: {@link redisServerPath}. */
  readonly binary?: string;
  /** How long to wait for the server to answer PING, in milliseconds. Default 10 000. */
  readonly startTimeoutMs?: number;
}

/** A running `redis-server` started by {@link startRedisServer}. */
export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` — pass it to ioredis or to `createRedisStores({ url })`. */
  readonly url: string;
  /** The loopback port the server listens on (kept across restarts). */
  readonly port: number;
  /** The server's temporary working directory (kept across restarts, removed by `stop`). */
  readonly dir: string;
  /** Stop the server and remove its directory. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Start the server again on the same port and directory (stopping it first if it runs).
   * With `persistence: true` the data survives; otherwise the new server starts empty.
   */
  restart(): Promise<void>;
  /** Stop the server but keep its directory and port, to simulate an outage; `restart` brings it back. */
  kill(): Promise<void>;
}

const INSTALL_HINT = "install it with `apt-get install -y redis-server` (Debian/Ubuntu) or put redis-server on PATH";

/**
 * Where the `redis-server` binary is: `$TOOLWEAVE_REDIS_SERVER` if set (and only there), else
 * the first `redis-server` on `PATH`, else `/usr/bin/redis-server`; `undefined` when none is
 * executable.
 */
export function redisServerPath(): string | undefined {
  const candidates: string[] = [];
  const fromEnv = process.env["TOOLWEAVE_REDIS_SERVER"];
  if (fromEnv) candidates.push(fromEnv);
  else {
    for (const dir of (process.env["PATH"] ?? "").split(delimiter)) if (dir) candidates.push(join(dir, "redis-server"));
    candidates.push("/usr/bin/redis-server");
  }
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not there: try the next one
    }
  }
  return undefined;
}

/**
 * Why Redis-backed tests cannot run here (no `redis-server` binary), or `undefined` when they can.
 * Use it with `describe.skipIf(...)`; see {@link requireRedisServer} for the loud skip / CI failure.
 */
export function redisUnavailableReason(): string | undefined {
  return redisServerPath() === undefined ? `redis-server was not found: ${INSTALL_HINT}` : undefined;
}

/**
 * Decide whether Redis-backed tests run: returns `true` when `redis-server` is available.
 * Without it, warns loudly (naming the install command) and returns `false` so the caller
 * skips — except under `CI=true`, where a missing server throws, failing the run.
 *
 * @example
 * ```ts
 * describe.runIf(requireRedisServer("shared rate"))("shared rate", () => { ... });
 * ```
 */
export function requireRedisServer(suite: string): boolean {
  const reason = redisUnavailableReason();
  if (reason === undefined) return true;
  if (process.env["CI"] === "true") {
    throw new Error(`${suite}: ${reason}. CI=true, so the Redis tests must run: the CI script installs redis-server when it is missing.`);
  }
  console.warn(`\n⚠ SKIPPING Redis tests "${suite}": ${reason}.\n`);
  return false;
}

/** Find a free TCP port on 127.0.0.1 by letting the OS pick one. */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Send one inline PING and resolve true on `+PONG`. */
async function ping(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let data = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      data += chunk.toString("utf8");
      if (data.includes("\r\n")) done(data.startsWith("+PONG"));
    });
  });
}

/**
 * Start a real `redis-server` on a free random `127.0.0.1` port in a fresh temp directory and
 * wait until it answers PING. No persistence (`--save ""`) unless `persistence: true`
 * (`--appendonly yes`). Throws (with the install command) when the binary is missing.
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServerHandle> {
  const binary = options.binary ?? redisServerPath();
  if (binary === undefined) throw new Error(`redis-server was not found: ${INSTALL_HINT}`);
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const dir = await mkdtemp(join(tmpdir(), "toolweave-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let removed = false;

  const args = [
    "--port", String(port),
    "--bind", "127.0.0.1",
    "--dir", dir,
    "--save", "",
    "--appendonly", options.persistence === true ? "yes" : "no",
    // DEBUG SLEEP lets tests simulate a slow server.
    "--enable-debug-command", "local",
    "--logfile", join(dir, "redis.log"),
  ];

  const launch = async (): Promise<void> => {
    const proc = spawn(binary, args, { cwd: dir, stdio: "ignore" });
    child = proc;
    let exited = false;
    proc.once("exit", () => {
      exited = true;
    });
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`redis-server exited at start (see ${join(dir, "redis.log")})`);
      if (await ping(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill("SIGKILL");
    throw new Error(`redis-server did not answer PING on port ${port} within ${startTimeoutMs} ms`);
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
      setTimeout(() => proc.kill("SIGKILL"), 3_000).unref();
    });
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      if (!removed) {
        removed = true;
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
