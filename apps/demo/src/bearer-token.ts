import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigurationError, Secret } from "@toolweave/core";

// A bearer token a server of this repository requires (demo serve's TOOLWEAVE_SERVE_TOKEN,
// toolweave-mcp's TOOLWEAVE_MCP_TOKEN): read once from the environment as a Secret, compared in
// constant time. One reader and one check for both servers.

/** Shorter tokens are refused: the token is all that guards a server reachable by others. */
export const MIN_BEARER_TOKEN_LENGTH = 16;

/** Which variable holds the token, and who is given the same value (for the fix). */
export interface BearerTokenSource {
  /** `TOOLWEAVE_SERVE_TOKEN`; `<variable>_FILE` names a file holding it (a mounted secret). */
  variable: string;
  /** "ToolJump's extension as its secure token". */
  giveTo: string;
  /** Where a client sets it, for the refusal of a request without one: "in ToolJump's extension, set the secure token to the value of TOOLWEAVE_SERVE_TOKEN". */
  howToSend: string;
}

/**
 * The token from the environment (real variables, then `./.env`): the variable, or the file
 * `<variable>_FILE` names. `undefined` when neither is set. Held as a `Secret`, so it is masked
 * wherever it could be printed.
 */
export function readBearerToken(env: Record<string, string | undefined>, cwd: string, source: BearerTokenSource, readFile: (path: string) => string = (path) => readFileSync(path, "utf8")): Secret | undefined {
  const { variable } = source;
  let raw = env[variable];
  let label = variable;
  const file = env[`${variable}_FILE`];
  if (!raw && file) {
    label = `${variable}_FILE`;
    try {
      raw = readFile(resolve(cwd, file));
    } catch (error) {
      throw new ConfigurationError(`Cannot read ${label} (${file}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
        fix: `Point ${label} at a readable file holding the token, or set ${variable} instead.`,
      });
    }
  }
  if (!raw) return undefined;
  const token = new Secret(raw.trim(), { label });
  if (token.length < MIN_BEARER_TOKEN_LENGTH || /\s/.test(token.reveal())) {
    throw new ConfigurationError(`${label} must be at least ${MIN_BEARER_TOKEN_LENGTH} characters without spaces (it is ${token.length}).`, {
      fix: `Use a long random value, e.g. ${variable}="$(openssl rand -hex 32)", and give the same value to ${source.giveTo}.`,
    });
  }
  return token;
}

/**
 * Checks an `Authorization` header against the token (constant time, on SHA-256 digests so the
 * lengths never differ): undefined when accepted, else why it is refused (never quoting either).
 */
export function createBearerCheck(token: Secret | undefined, source: BearerTokenSource): (header: string | undefined) => string | undefined {
  const expected = token ? createHash("sha256").update(token.reveal()).digest() : undefined;
  return (header) => {
    if (!expected) return undefined;
    if (!header) return `Authorization required: send "Authorization: Bearer <token>" (${source.howToSend}).`;
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match) return `Invalid authorization header format: use "Authorization: Bearer <token>".`;
    const given = createHash("sha256").update(match[1]!).digest();
    return timingSafeEqual(given, expected) ? undefined : `Invalid token: it is not the value of ${source.variable} this server was started with.`;
  };
}
