import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigurationError, Secret } from "@toolweave/core";

/** The variable holding the bearer token ToolJump's extension sends to `serve`. */
export const SERVE_TOKEN_VARIABLE = "TOOLWEAVE_SERVE_TOKEN";
/** Shorter tokens are refused: the token is all that guards a server reachable from other machines. */
export const MIN_SERVE_TOKEN_LENGTH = 16;

const HOW = `e.g. ${SERVE_TOKEN_VARIABLE}="$(openssl rand -hex 32)"`;

/**
 * The serve token from the environment the CLI reads (real variables, then `./.env`):
 * `TOOLWEAVE_SERVE_TOKEN`, or the file `TOOLWEAVE_SERVE_TOKEN_FILE` names (a mounted secret), as
 * the connectors' variables. `undefined` when neither is set. The value is held as a `Secret`,
 * so it is masked wherever it could be printed.
 */
export function readServeToken(env: Record<string, string | undefined>, cwd: string, readFile: (path: string) => string = (path) => readFileSync(path, "utf8")): Secret | undefined {
  let raw = env[SERVE_TOKEN_VARIABLE];
  let label = SERVE_TOKEN_VARIABLE;
  const file = env[`${SERVE_TOKEN_VARIABLE}_FILE`];
  if (!raw && file) {
    label = `${SERVE_TOKEN_VARIABLE}_FILE`;
    try {
      raw = readFile(resolve(cwd, file));
    } catch (error) {
      throw new ConfigurationError(`Cannot read ${label} (${file}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
        fix: `Point ${label} at a readable file holding the token, or set ${SERVE_TOKEN_VARIABLE} instead.`,
      });
    }
  }
  if (!raw) return undefined;
  const token = new Secret(raw.trim(), { label });
  if (token.length < MIN_SERVE_TOKEN_LENGTH || /\s/.test(token.reveal())) {
    throw new ConfigurationError(`${label} must be at least ${MIN_SERVE_TOKEN_LENGTH} characters without spaces (it is ${token.length}).`, {
      fix: `Use a long random value, ${HOW}, and give the same value to ToolJump's extension as its secure token.`,
    });
  }
  return token;
}
